using System.Numerics;
using BenchmarkDotNet.Attributes;

namespace SpectralCore.Benchmarks.Kernels;

/// <summary>Batched symmetric eigenvalues of many small matrices (the SIMD-across-matrices path), per backend.</summary>
[GenericTypeArguments(typeof(double))]
[GenericTypeArguments(typeof(float))]
public class BatchBenchmarks<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private SpectralEngine _engine = null!;
    private List<MatrixView<T>> _matrices = null!;

    /// <summary>Backend under test.</summary>
    [ParamsSource(nameof(Backends))]
    public Backend Backend { get; set; }

    /// <summary>Matrix order.</summary>
    [Params(17, 32)]
    public int N { get; set; }

    /// <summary>Number of matrices.</summary>
    [Params(10000)]
    public int Count { get; set; }

    /// <summary>The available backends.</summary>
    public static IEnumerable<Backend> Backends() => BenchData.AvailableBackends();

    /// <summary>Creates the engine and the seeded matrices.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _engine = SpectralEngine.Use(Backend);
        _matrices = Enumerable.Range(0, Count).Select(i => MatrixView<T>.RowMajor(BenchData.Symmetric<T>(N, BenchData.Seed + i), N, N)).ToList();
    }

    /// <summary>Releases the engine.</summary>
    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>Eigenvalues of every matrix.</summary>
    [Benchmark]
    public BatchResult<EigenResult<T>> BatchedEigvalsh() => _engine.EigenSymmetricBatch(_matrices, EigenOptions.ValuesOnly);

    /// <summary>Eigenvalues and vectors of every matrix.</summary>
    [Benchmark]
    public BatchResult<EigenResult<T>> BatchedEigh() => _engine.EigenSymmetricBatch(_matrices, EigenOptions.WithVectors);
}

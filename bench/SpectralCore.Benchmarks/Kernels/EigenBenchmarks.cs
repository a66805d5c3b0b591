using System.Numerics;
using BenchmarkDotNet.Attributes;

namespace SpectralCore.Benchmarks.Kernels;

/// <summary>Symmetric eigen (values only and with vectors) on float and double, odd and even sizes, per backend.</summary>
[GenericTypeArguments(typeof(double))]
[GenericTypeArguments(typeof(float))]
[MemoryDiagnoser]
public class EigenBenchmarks<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private SpectralEngine _engine = null!;
    private MatrixView<T> _matrix;

    /// <summary>Backend under test.</summary>
    [ParamsSource(nameof(Backends))]
    public Backend Backend { get; set; }

    /// <summary>Matrix order (odd sizes exercise every SIMD tail).</summary>
    [Params(101, 512, 1023)]
    public int N { get; set; }

    /// <summary>The available backends.</summary>
    public static IEnumerable<Backend> Backends() => BenchData.AvailableBackends();

    /// <summary>Creates the engine and the seeded matrix.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _engine = SpectralEngine.Use(Backend);
        _matrix = MatrixView<T>.RowMajor(BenchData.Symmetric<T>(N), N, N);
    }

    /// <summary>Releases the engine.</summary>
    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>Eigenvalues only.</summary>
    [Benchmark]
    public T[] Eigvalsh() => _engine.EigenSymmetric(_matrix, EigenOptions.ValuesOnly).Values;

    /// <summary>Eigenvalues and eigenvectors.</summary>
    [Benchmark]
    public EigenResult<T> Eigh() => _engine.EigenSymmetric(_matrix, EigenOptions.WithVectors);
}

using System.Numerics;
using BenchmarkDotNet.Attributes;

namespace SpectralCore.Benchmarks.Kernels;

/// <summary>Singular values (bidiagonal and Gram routes) and thin SVD on float and double, per backend.</summary>
[GenericTypeArguments(typeof(double))]
[GenericTypeArguments(typeof(float))]
public class SvdBenchmarks<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private SpectralEngine _engine = null!;
    private MatrixView<T> _matrix;

    /// <summary>Backend under test.</summary>
    [ParamsSource(nameof(Backends))]
    public Backend Backend { get; set; }

    /// <summary>Shape "rows x columns" (odd, wide and square).</summary>
    [Params("255x1023", "1024x4096", "511x511")]
    public string Shape { get; set; } = "255x1023";

    /// <summary>The available backends.</summary>
    public static IEnumerable<Backend> Backends() => BenchData.AvailableBackends();

    /// <summary>Creates the engine and the seeded matrix.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split('x');
        int m = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), n = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        _engine = SpectralEngine.Use(Backend);
        _matrix = MatrixView<T>.RowMajor(BenchData.Gaussian<T>(m * n), m, n);
    }

    /// <summary>Releases the engine.</summary>
    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>Singular values, bidiagonal route.</summary>
    [Benchmark]
    public T[] SingularValuesBidiagonal() => _engine.Svd(_matrix, new SvdOptions { Method = SvdMethod.Bidiagonal }).SingularValues;

    /// <summary>Singular values, Gram route (float64 accumulation).</summary>
    [Benchmark]
    public T[] SingularValuesGram() => _engine.Svd(_matrix, new SvdOptions { Method = SvdMethod.Gram }).SingularValues;

    /// <summary>Thin SVD with vectors.</summary>
    [Benchmark]
    public SvdResult<T> ThinSvd() => _engine.Svd(_matrix, SvdOptions.WithVectors);
}

using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using MathNetMatrix = MathNet.Numerics.LinearAlgebra.Matrix<double>;

namespace SpectralCore.Benchmarks.Kernels;

/// <summary>Managed symmetric eigen vs MathNet.Numerics 5.0's managed Evd (the bar: ≥ 10× faster at n = 1024).</summary>
public class MathNetComparison
{
    private double[] _data = [];
    private MathNetMatrix _mathNet = null!;
    private SpectralEngine _engine = null!;

    /// <summary>Matrix order.</summary>
    [Params(1024)]
    public int N { get; set; }

    /// <summary>Creates the seeded symmetric matrix for both libraries.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _data = BenchData.Symmetric<double>(N);
        _mathNet = MathNetMatrix.Build.Dense(N, N, (i, j) => _data[i * N + j]);
        _engine = SpectralEngine.Use(Backend.Managed);
        MathNet.Numerics.Control.UseManaged();
    }

    /// <summary>Releases the engine.</summary>
    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>SpectralCore managed, values and vectors.</summary>
    [Benchmark(Baseline = true)]
    public EigenResult<double> SpectralCoreEigh() => _engine.EigenSymmetric(MatrixView<double>.RowMajor(_data, N, N), EigenOptions.WithVectors);

    /// <summary>MathNet.Numerics managed Evd (symmetric), values and vectors.</summary>
    [Benchmark]
    public object MathNetEvd() => _mathNet.Evd(Symmetricity.Symmetric);
}

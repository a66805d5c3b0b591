using BenchmarkDotNet.Attributes;
using SpectralCore;
using SpectralCore.Randomized;

namespace SpectralCore.Benchmarks.Randomized;

/// <summary>
/// Randomized SVD (top-50, p = 10, q = 2) on the two shapes of bench/compare/rsvd_vs_sklearn.py, plus its block
/// products alone. Run: <c>dotnet run -c Release --project bench/SpectralCore.Benchmarks -- --filter '*RandomizedSvd*'</c>.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
[MemoryDiagnoser]
public class RandomizedSvdBenchmarks
{
    private double[] _a = [];
    private double[] _x = [];
    private double[] _y = [];
    private SpectralEngine _engine = null!;

    /// <summary>Matrix shape "rows x columns".</summary>
    [Params("4096x4096", "2000x20000")]
    public string Shape { get; set; } = "4096x4096";

    private int Rows => int.Parse(Shape.Split('x')[0]);

    private int Columns => int.Parse(Shape.Split('x')[1]);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _a = new double[Rows * Columns];
        for (int i = 0; i < _a.Length; i++) _a[i] = random.NextDouble() - 0.5;
        _x = new double[Math.Max(Rows, Columns) * 60];
        for (int i = 0; i < _x.Length; i++) _x[i] = random.NextDouble() - 0.5;
        _y = new double[Math.Max(Rows, Columns) * 60];
        _engine = SpectralEngine.Use(Backend.Managed);
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>The whole solver: 6 passes over A, QRs, small SVD, error probes, U and Vᵀ.</summary>
    [Benchmark]
    public double RandomizedSvdTop50() =>
        _engine.RandomizedSvd(MatrixView<double>.RowMajor(_a, Rows, Columns), 50, oversample: 10, powerIterations: 2, seed: 0).SingularValues[0];

    /// <summary>Y = A·X with 60 columns (one pass).</summary>
    [Benchmark]
    public void ProductAX() =>
        BlockProducts.Multiply(MatrixView<double>.RowMajor(_a, Rows, Columns), _x, _y, 60, 0);

    /// <summary>Z = Aᵀ·Y with 60 columns (one pass).</summary>
    [Benchmark]
    public void ProductATY() =>
        BlockProducts.Multiply(MatrixView<double>.RowMajor(_a, Rows, Columns).Transposed(), _x, _y, 60, 0);

    /// <summary>Y = A·X through the kernels' general GEMM (for comparison).</summary>
    [Benchmark]
    public void KernelsGemmAX() =>
        SpectralCore.Kernels.Blas.Gemm.Multiply(Rows, 60, Columns, 1.0, _a, 0, Columns, 1, _x, 0, 60, 1, 0.0, _y, 0, 60, Environment.ProcessorCount);

    /// <summary>Z = Aᵀ·Y through the kernels' general GEMM (for comparison).</summary>
    [Benchmark]
    public void KernelsGemmATY() =>
        SpectralCore.Kernels.Blas.Gemm.Multiply(Columns, 60, Rows, 1.0, _a, 0, 1, Columns, _x, 0, 60, 1, 0.0, _y, 0, 60, Environment.ProcessorCount);

    /// <summary>CholeskyQR2 of a (larger side) × 60 block.</summary>
    [Benchmark]
    public void ThinQr60()
    {
        int m = Math.Max(Rows, Columns);
        var y = (double[])_x.Clone();
        ThinQr.Orthonormalize(y, m, 60, 0);
    }
}

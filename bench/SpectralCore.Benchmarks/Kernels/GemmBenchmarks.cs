using BenchmarkDotNet.Attributes;
using SpectralCore.Kernels.Blas;

namespace SpectralCore.Benchmarks.Kernels;

/// <summary>The managed packed GEMM and SYRK (float64) at odd and even sizes, 1 and 2 threads.</summary>
public class GemmBenchmarks
{
    private double[] _a = [], _b = [], _c = [];

    /// <summary>Matrix order.</summary>
    [Params(511, 1024, 2048)]
    public int N { get; set; }

    /// <summary>Worker threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Creates seeded operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _a = BenchData.Gaussian<double>(N * N);
        _b = BenchData.Gaussian<double>(N * N, BenchData.Seed + 1);
        _c = new double[N * N];
    }

    /// <summary>C = A·B.</summary>
    [Benchmark]
    public void Multiply() => Gemm.Multiply(_a, _b, _c, N, N, N, Threads);

    /// <summary>G = A·Aᵀ (lower block rows through GEMM, mirrored).</summary>
    [Benchmark]
    public double[] GramOfRows() => Syrk.GramOfRows(_a, N, N, Threads);
}

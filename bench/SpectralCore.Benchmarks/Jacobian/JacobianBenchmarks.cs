using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using SpectralCore.Benchmarks.InPca;
using SpectralCore.Analysis.Jacobian;

namespace SpectralCore.Benchmarks.Jacobian;

/// <summary>
/// Jacobian analysis of a matrix-free operator (top-100 singular triplets by randomized subspace iteration, then the
/// information/nuisance split and residual prediction). Sizes: BENCH_JACOBIAN_SIZES="rows,columns,rank;…"
/// (default the 20000,200000,300). One cold iteration; peak working set printed at cleanup.
/// Run: dotnet run -c Release --project bench/SpectralCore.Benchmarks -- --filter '*JacobianBenchmarks*'
/// </summary>
[Config(typeof(ColdSingleShotConfig))]
public class JacobianBenchmarks
{
    private FactoredJacobian _operator = null!;
    private double[] _labels = null!;
    private SpectralEngine _engine = null!;

    /// <summary>"rows,columns,rank".</summary>
    [ParamsSource(nameof(Sizes))]
    public string Size { get; set; } = "20000,200000,300";

    public static IEnumerable<string> Sizes() =>
        (Environment.GetEnvironmentVariable("BENCH_JACOBIAN_SIZES") ?? "20000,200000,300").Split(';', StringSplitOptions.RemoveEmptyEntries);

    [GlobalSetup]
    public void Setup()
    {
        var parts = Size.Split(',').Select(int.Parse).ToArray();
        _operator = new FactoredJacobian(parts[0], parts[1], parts[2], seed: 3);
        var random = new Random(4);
        _labels = Enumerable.Range(0, parts[0]).Select(_ => random.NextDouble() - 0.5).ToArray();
        _engine = SpectralEngine.Create();
    }

    [Benchmark(Description = "top-100 operator Jacobian analysis")]
    public double Top100()
    {
        var timer = Stopwatch.StartNew();
        var result = JacobianAnalysis.Analyze(_engine, _operator, _labels, new JacobianOptions { Cutoff = 1.0, TopK = 100, Steps = [0, 10, 100, 1000] });
        Console.WriteLine($"// Jacobian {Size}: {timer.Elapsed.TotalSeconds:F2} s; {result.Method}; σ1 = {result.SingularValues[0]:G6}, σ100 = {result.SingularValues[^1]:G6}, r(1) = {result.InformationRank}");
        return result.InformationAlignment;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// Jacobian {Size}: peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB");
        _engine.Dispose();
    }
}

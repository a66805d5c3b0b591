using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using SpectralCore.Analysis.WeightSpectrum;

namespace SpectralCore.Benchmarks.WeightSpectrum;

/// <summary>
/// The whole layer pipeline (float32 tensor → float64 → singular values → ESD → power-law fit → metrics) on
/// Llama-2-7B-shaped random heavy-tailed layers, per backend and ESD route, vs WeightWatcher's default CPU
/// path timed by bench/compare/ww_pipeline.py (same .npy inputs). Long operations: monitoring strategy.
/// `dotnet run -c Release --project bench/SpectralCore.Benchmarks -- --filter '*LayerPipelineBenchmarks*'`
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 2)]
public class LayerPipelineBenchmarks
{
    private WeightTensor? _tensor;
    private SpectralEngine? _engine;
    private WeightWatcherAnalyzer? _analyzer;

    /// <summary>Layer shape (rows × cols).</summary>
    [Params("4096x4096", "11008x4096")]
    public string Shape { get; set; } = "4096x4096";

    /// <summary>Backend.</summary>
    [Params(Backend.Managed, Backend.Lapack)]
    public Backend Backend { get; set; }

    /// <summary>Singular-value route.</summary>
    [Params(EsdRoute.Bidiagonal, EsdRoute.Gram)]
    public EsdRoute Route { get; set; }

    /// <summary>Loads the layer and the engine.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (data, rows, cols) = WwBenchData.Layer(Shape);
        _tensor = WeightTensor.FromSingle(Shape, [rows, cols], data);
        _engine = SpectralEngine.Use(Backend);
        _analyzer = new WeightWatcherAnalyzer(_engine, new WeightWatcherOptions { EsdRoute = Route });
    }

    /// <summary>Releases the engine.</summary>
    [GlobalCleanup]
    public void Cleanup() => _engine?.Dispose();

    /// <summary>One layer, end to end.</summary>
    [Benchmark]
    public double Layer() => _analyzer!.AnalyzeLayer(_tensor!, 1, out _)!.Alpha;
}

using BenchmarkDotNet.Attributes;
using SpectralCore.Analysis.WeightSpectrum;

namespace SpectralCore.Benchmarks.WeightSpectrum;

/// <summary>
/// The power-law fit alone on n = 15000 eigenvalues (WeightWatcher's max_evals), exact pruned scan and the
/// exhaustive O(n²) scan, vs WeightWatcher's numpy WWFit timed by bench/compare/ww_pipeline.py.
/// `dotnet run -c Release --project bench/SpectralCore.Benchmarks -- --filter '*PowerLawFitBenchmarks*'`
/// </summary>
[MemoryDiagnoser]
public class PowerLawFitBenchmarks
{
    private double[] _evals = [];

    /// <summary>Scan strategy.</summary>
    [Params(PowerLawScanMode.Pruned, PowerLawScanMode.Exhaustive)]
    public PowerLawScanMode Mode { get; set; }

    /// <summary>Loads the eigenvalues written by the Python script.</summary>
    [GlobalSetup]
    public void Setup() => _evals = WwBenchData.FitEigenvalues(15000);

    /// <summary>One fit.</summary>
    [Benchmark]
    public double Fit() => PowerLawFit.Fit(_evals, new PowerLawFitOptions { ScanMode = Mode }).Alpha;
}

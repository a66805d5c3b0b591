using SpectralCore.Analysis.WeightSpectrum;

namespace SpectralCore.Cli.Analyze;

/// <summary>Everything `spectral analyze` was asked to do, validated.</summary>
internal sealed record AnalyzeSettings
{
    /// <summary>Model path, or null for the built-in demo model.</summary>
    public string? ModelPath { get; init; }
    public LayerSelector Layers { get; init; } = LayerSelector.All;
    public WeightWatcherOptions Analysis { get; init; } = WeightWatcherOptions.Default with { ClassifyPhase = true };
    public Backend Backend { get; init; } = Backend.Auto;
    /// <summary>Total threads (0 = all cores).</summary>
    public int Threads { get; init; }
    /// <summary>JSON output: a file, "-" for stdout, or null.</summary>
    public string? JsonPath { get; init; }
    /// <summary>CSV output: a file, "-" for stdout, or null.</summary>
    public string? CsvPath { get; init; }
    /// <summary>Directory for ESD plots, or null.</summary>
    public string? PlotDirectory { get; init; }
    /// <summary>Seed of the demo model.</summary>
    public int DemoSeed { get; init; } = 7;

    /// <summary>True when a machine-readable report goes to stdout (the table then goes to stderr).</summary>
    public bool ReportOnStdout => JsonPath == "-" || CsvPath == "-";
}

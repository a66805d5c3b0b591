namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>How the xmin scan visits candidates. Both give bit-identical (α, xmin, D, σ).</summary>
public enum PowerLawScanMode
{
    /// <summary>
    /// Default: a strided lower bound on every candidate's D first, then exact D only for candidates whose
    /// bound does not already exceed the best D found (with early exit). Exact: a skipped candidate provably
    /// has D greater than the minimum.
    /// </summary>
    Pruned = 0,

    /// <summary>Exact D for every candidate (the O(n²) scan WeightWatcher runs), vectorized and parallel.</summary>
    Exhaustive = 1,
}

/// <summary>
/// Options of the power-law fit. The defaults reproduce WeightWatcher 0.7.5.5's default fit (its WWFit):
/// every sorted eigenvalue but the largest is an xmin candidate, the tail holds at least 2 values.
/// </summary>
public sealed record PowerLawFitOptions
{
    /// <summary>Smallest xmin candidate considered (inclusive, value). Null = no lower limit.</summary>
    public double? XminLower { get; init; }

    /// <summary>Largest xmin candidate considered (inclusive, value). Null = no upper limit.</summary>
    public double? XminUpper { get; init; }

    /// <summary>Eigenvalues above this value are left out of the fit (a clipped tail). Null = keep all.</summary>
    public double? Xmax { get; init; }

    /// <summary>Minimum tail size n(xmin) for a candidate (≥ 2; WeightWatcher: 2).</summary>
    public int MinTailSize { get; init; } = 2;

    /// <summary>Also fit a truncated power law x^(−α) e^(−λx) on the chosen tail and compare by likelihood ratio.</summary>
    public bool FitTruncatedPowerLaw { get; init; }

    /// <summary>Scan strategy (results are identical).</summary>
    public PowerLawScanMode ScanMode { get; init; } = PowerLawScanMode.Pruned;

    /// <summary>Maximum worker threads for the scan (null = all cores).</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>WeightWatcher's defaults.</summary>
    public static PowerLawFitOptions Default { get; } = new();

    internal void Validate()
    {
        if (MinTailSize < 2)
            throw new ArgumentOutOfRangeException(nameof(MinTailSize), MinTailSize, "The tail needs at least 2 values.");
        if (XminLower is double lo && !(lo >= 0 && double.IsFinite(lo)))
            throw new ArgumentOutOfRangeException(nameof(XminLower), lo, "XminLower must be finite and ≥ 0.");
        if (XminUpper is double hi && !(hi > 0 && double.IsFinite(hi)))
            throw new ArgumentOutOfRangeException(nameof(XminUpper), hi, "XminUpper must be finite and > 0.");
        if (XminLower is double l && XminUpper is double h && l > h)
            throw new ArgumentException($"XminLower {l} is above XminUpper {h}.", nameof(XminLower));
        if (Xmax is double x && !(x > 0 && !double.IsNaN(x)))
            throw new ArgumentOutOfRangeException(nameof(Xmax), x, "Xmax must be > 0.");
        if (MaxDegreeOfParallelism is int p && p < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), p, "MaxDegreeOfParallelism must be ≥ 1.");
        if (!Enum.IsDefined(ScanMode))
            throw new ArgumentException($"Unknown scan mode {(int)ScanMode}.", nameof(ScanMode));
    }
}

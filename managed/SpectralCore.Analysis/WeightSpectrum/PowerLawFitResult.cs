namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>Outcome of a power-law fit.</summary>
public enum FitStatus
{
    /// <summary>The fit ran and produced α, xmin, D, σ.</summary>
    Success = 0,

    /// <summary>The fit could not run (too few eigenvalues, no candidate in range); see the reason. α etc. are NaN.</summary>
    Failed = 1,
}

/// <summary>
/// A power-law fit p(x) ∝ x^(−α) for x ≥ xmin, chosen by minimum Kolmogorov–Smirnov distance D over xmin
/// candidates (Clauset–Shalizi–Newman as WeightWatcher runs it). σ = (α − 1)/√n is the MLE standard error.
/// </summary>
public sealed record PowerLawFitResult
{
    /// <summary>Success or failure.</summary>
    public required FitStatus Status { get; init; }

    /// <summary>Why the fit failed (null on success).</summary>
    public string? FailureReason { get; init; }

    /// <summary>The exponent α (NaN when failed).</summary>
    public double Alpha { get; init; } = double.NaN;

    /// <summary>The chosen xmin (NaN when failed).</summary>
    public double Xmin { get; init; } = double.NaN;

    /// <summary>The largest eigenvalue in the fitted data.</summary>
    public double Xmax { get; init; } = double.NaN;

    /// <summary>The KS distance at the chosen xmin.</summary>
    public double D { get; init; } = double.NaN;

    /// <summary>The standard error (α − 1)/√n.</summary>
    public double Sigma { get; init; } = double.NaN;

    /// <summary>Number of fitted values ≥ xmin (n).</summary>
    public int TailSize { get; init; }

    /// <summary>Number of values the fit saw (after the threshold and xmax clipping).</summary>
    public int DataSize { get; init; }

    /// <summary>Number of xmin candidates scanned.</summary>
    public int CandidateCount { get; init; }

    /// <summary>Number of candidates whose D was computed in full (Pruned mode computes fewer).</summary>
    public int FullEvaluations { get; init; }

    /// <summary>The truncated power-law fit and likelihood-ratio comparison, when requested.</summary>
    public TruncatedPowerLawFit? TruncatedPowerLaw { get; init; }

    internal static PowerLawFitResult Fail(string reason, int dataSize) =>
        new() { Status = FitStatus.Failed, FailureReason = reason, DataSize = dataSize };
}

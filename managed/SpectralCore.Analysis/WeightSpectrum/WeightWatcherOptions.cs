namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>
/// Options of <see cref="WeightWatcherAnalyzer"/>. The defaults are WeightWatcher 0.7.5.5's analyze()
/// defaults (min_evals 10, max_evals 15000, max_N 50000, conv2d_norm, eigenvalues ≤ 1e-5 dropped before
/// the fit, weak-rank tolerance 1e-6, WWFit power law) with the extras off.
/// </summary>
public sealed record WeightWatcherOptions
{
    /// <summary>Skip layers with fewer than this many eigenvalues (M·rf).</summary>
    public int MinEvals { get; init; } = 10;
    /// <summary>Skip layers with more than this many eigenvalues (M·rf).</summary>
    public int MaxEvals { get; init; } = 15000;
    /// <summary>Skip layers whose N exceeds this.</summary>
    public int MaxN { get; init; } = 50000;
    /// <summary>Eigenvalues ≤ this are left out of the power-law fit (WeightWatcher's EVALS_THRESH).</summary>
    public double EvalsThreshold { get; init; } = 1e-5;
    /// <summary>weak_rank_loss counts eigenvalues below this.</summary>
    public double WeakRankTolerance { get; init; } = 1e-6;
    /// <summary>Scale Conv2D weights by √(1/2) (WeightWatcher's conv2d_norm, on by default).</summary>
    public bool Conv2DNormalize { get; init; } = true;
    /// <summary>Power-law fit options (xmin range, xmax, minimum tail, truncated power law).</summary>
    public PowerLawFitOptions PowerLaw { get; init; } = PowerLawFitOptions.Default;
    /// <summary>Also run WeightWatcher's MP fit (mp_fit=True).</summary>
    public bool MarchenkoPasturFit { get; init; }
    /// <summary>Label each layer with its phase of training (see <see cref="PhaseClassifier"/>).</summary>
    public bool ClassifyPhase { get; init; }
    /// <summary>Compute the seeded randomized baseline (WeightWatcher's randomize=True).</summary>
    public bool Randomize { get; init; }
    /// <summary>Seed of the randomized baseline (each layer derives its own from it).</summary>
    public int RandomSeed { get; init; } = 42;
    /// <summary>Singular-value route.</summary>
    public EsdRoute EsdRoute { get; init; } = EsdRoute.Bidiagonal;
    /// <summary>Keep each layer's eigenvalues in the result.</summary>
    public bool KeepEigenvalues { get; init; }

    /// <summary>WeightWatcher's defaults.</summary>
    public static WeightWatcherOptions Default { get; } = new();

    internal void Validate()
    {
        if (MinEvals < 0) throw new ArgumentOutOfRangeException(nameof(MinEvals), MinEvals, "MinEvals must be ≥ 0.");
        if (MaxEvals < 1) throw new ArgumentOutOfRangeException(nameof(MaxEvals), MaxEvals, "MaxEvals must be ≥ 1.");
        if (MinEvals >= MaxEvals) throw new ArgumentException($"MinEvals {MinEvals} must be below MaxEvals {MaxEvals}.", nameof(MinEvals));
        if (MaxN < 1) throw new ArgumentOutOfRangeException(nameof(MaxN), MaxN, "MaxN must be ≥ 1.");
        if (!(EvalsThreshold >= 0) || !double.IsFinite(EvalsThreshold)) throw new ArgumentOutOfRangeException(nameof(EvalsThreshold), EvalsThreshold, "EvalsThreshold must be finite and ≥ 0.");
        if (!(WeakRankTolerance >= 0) || !double.IsFinite(WeakRankTolerance)) throw new ArgumentOutOfRangeException(nameof(WeakRankTolerance), WeakRankTolerance, "WeakRankTolerance must be finite and ≥ 0.");
        ArgumentNullException.ThrowIfNull(PowerLaw, nameof(PowerLaw));
        PowerLaw.Validate();
        if (!Enum.IsDefined(EsdRoute)) throw new ArgumentException($"Unknown ESD route {(int)EsdRoute}.", nameof(EsdRoute));
    }
}

namespace SpectralCore.Analysis.Jacobian;

/// <summary>
/// Options of the Jacobian information/nuisance analysis (Oymak et al.). Give exactly one of
/// <see cref="Cutoff"/> (α: the information space is spanned by the left singular vectors with σ ≥ α) or
/// <see cref="InformationRank"/> (its dimension r).
/// </summary>
public sealed record JacobianOptions
{
    /// <summary>α: singular values ≥ α span the information space.</summary>
    public double? Cutoff { get; init; }

    /// <summary>r: the information space is spanned by the r largest singular directions.</summary>
    public int? InformationRank { get; init; }

    /// <summary>Classes K per sample (rows are ordered (sample, class): row = sample·K + class). Default 1.</summary>
    public int Classes { get; init; } = 1;

    /// <summary>Learning rate η; null = 1/(largest step eigenvalue), i.e. η·σ_1² = 1 (per-convention scaled).</summary>
    public double? LearningRate { get; init; }

    /// <summary>The loss gradient descent minimises (default ½‖·‖²).</summary>
    public LossConvention Loss { get; init; } = LossConvention.HalfSumOfSquares;

    /// <summary>Steps at which the residual is predicted; null = 0, 1, 2, 5, 10, 20, 50, … up to <see cref="MaxSteps"/>.</summary>
    public IReadOnlyList<int>? Steps { get; init; }

    /// <summary>Largest step considered by the default schedule and by the early-stopping search (default 100,000).</summary>
    public int MaxSteps { get; init; } = 100_000;

    /// <summary>Early stopping: the information-space residual must fall to this fraction of its start (default 0.05).</summary>
    public double InformationTolerance { get; init; } = 0.05;

    /// <summary>Early stopping: at least this fraction of the nuisance residual energy must still be unfit (default 0.5).</summary>
    public double NuisanceUnfitFraction { get; init; } = 0.5;

    /// <summary>
    /// Compute only the top-k singular triplets (randomized) instead of the full dense SVD. Required for
    /// operator inputs; optional for dense ones.
    /// </summary>
    public int? TopK { get; init; }

    /// <summary>Seed of the randomized top-k solver (results are reproducible for a fixed seed).</summary>
    public int Seed { get; init; } = 12345;

    internal void Validate()
    {
        if ((Cutoff is null) == (InformationRank is null))
            throw new ArgumentException("Give exactly one of Cutoff (α) and InformationRank (r).", nameof(Cutoff));
        if (Cutoff is double a && (!double.IsFinite(a) || a <= 0))
            throw new ArgumentOutOfRangeException(nameof(Cutoff), a, "The cutoff α must be finite and > 0.");
        if (InformationRank is int r && r < 0)
            throw new ArgumentOutOfRangeException(nameof(InformationRank), r, "The information rank must be ≥ 0.");
        if (Classes < 1) throw new ArgumentOutOfRangeException(nameof(Classes), Classes, "Classes must be ≥ 1.");
        if (LearningRate is double eta && (!double.IsFinite(eta) || eta <= 0))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), eta, "The learning rate must be finite and > 0.");
        if (MaxSteps < 0) throw new ArgumentOutOfRangeException(nameof(MaxSteps), MaxSteps, "MaxSteps must be ≥ 0.");
        if (Steps is not null && Steps.Any(t => t < 0))
            throw new ArgumentOutOfRangeException(nameof(Steps), "Steps must be ≥ 0.");
        if (!(InformationTolerance > 0 && InformationTolerance < 1))
            throw new ArgumentOutOfRangeException(nameof(InformationTolerance), InformationTolerance, "Must be in (0, 1).");
        if (!(NuisanceUnfitFraction > 0 && NuisanceUnfitFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(NuisanceUnfitFraction), NuisanceUnfitFraction, "Must be in (0, 1).");
        if (TopK is int k && k < 1) throw new ArgumentOutOfRangeException(nameof(TopK), k, "TopK must be ≥ 1.");
    }

    /// <summary>The step schedule 0, 1, 2, 5, 10, 20, 50, … ≤ <paramref name="max"/>, plus <paramref name="max"/> itself.</summary>
    public static int[] DefaultSchedule(int max)
    {
        var steps = new SortedSet<int> { 0 };
        for (long decade = 1; decade <= max; decade *= 10)
            foreach (int f in new[] { 1, 2, 5 })
                if (decade * f <= max) steps.Add((int)(decade * f));
        steps.Add(max);
        return [.. steps];
    }
}

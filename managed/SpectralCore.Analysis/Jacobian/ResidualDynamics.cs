namespace SpectralCore.Analysis.Jacobian;

/// <summary>
/// Gradient descent on a linearised least-squares loss, solved in closed form in J's left singular basis:
/// from residual r_0 (r = J w − y), after t steps r_t = Σ_i (1 − η'σ_i²)^t ⟨u_i, r_0⟩ u_i + r_⊥, where η' = η for
/// ½‖·‖² and η/n for 1/(2n)‖·‖², and r_⊥ = r_0 − U Uᵀ r_0 is the part outside the computed singular
/// directions (J's left null space for a complete basis), which never decays. The information space is
/// spanned by the first <see cref="InformationRank"/> directions; the nuisance space is its orthogonal complement
/// (the remaining directions and r_⊥).
/// </summary>
public sealed class ResidualDynamics
{
    private readonly LeftSingularBasis _basis;
    private readonly double[] _coefficients;
    private readonly double[] _outside;
    private readonly double[] _factors;

    /// <summary>Sets up the closed form for the starting residual <paramref name="initialResidual"/>.</summary>
    /// <param name="basis">Singular values and left vectors of J.</param>
    /// <param name="initialResidual">r_0 = J w_0 − y (−y from w_0 = 0).</param>
    /// <param name="informationRank">Number of leading directions forming the information space (0 … k).</param>
    /// <param name="learningRate">η.</param>
    /// <param name="loss">Loss convention.</param>
    /// <param name="samples">n, the number of samples (used by <see cref="LossConvention.HalfMeanOverSamples"/>).</param>
    public ResidualDynamics(LeftSingularBasis basis, ReadOnlySpan<double> initialResidual, int informationRank, double learningRate, LossConvention loss, int samples)
    {
        ArgumentNullException.ThrowIfNull(basis);
        if (informationRank < 0 || informationRank > basis.Count)
            throw new ArgumentOutOfRangeException(nameof(informationRank), informationRank, $"Must be in 0..{basis.Count}.");
        if (!double.IsFinite(learningRate) || learningRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be finite and > 0.");
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "At least one sample.");
        if (loss is not (LossConvention.HalfSumOfSquares or LossConvention.HalfMeanOverSamples))
            throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss convention.");
        foreach (double v in initialResidual)
            if (!double.IsFinite(v)) throw new ArgumentException("The initial residual has a non-finite entry.", nameof(initialResidual));
        _basis = basis;
        InformationRank = informationRank;
        LearningRate = learningRate;
        Loss = loss;
        EffectiveLearningRate = loss == LossConvention.HalfSumOfSquares ? learningRate : learningRate / samples;
        _coefficients = basis.Coefficients(initialResidual);
        var projected = basis.Combine(_coefficients);
        _outside = new double[initialResidual.Length];
        for (int i = 0; i < _outside.Length; i++) _outside[i] = initialResidual[i] - projected[i];
        _factors = basis.SingularValues.Select(s => 1.0 - EffectiveLearningRate * s * s).ToArray();
    }

    /// <summary>Dimension r of the information space.</summary>
    public int InformationRank { get; }

    /// <summary>η as given.</summary>
    public double LearningRate { get; }

    /// <summary>The loss convention.</summary>
    public LossConvention Loss { get; }

    /// <summary>η' = η (½‖·‖²) or η/n (1/(2n)‖·‖²): the factor of σ² in each step.</summary>
    public double EffectiveLearningRate { get; }

    /// <summary>Per-direction contraction 1 − η'σ_i² (|·| &gt; 1 means that direction diverges).</summary>
    public IReadOnlyList<double> Factors => _factors;

    /// <summary>True when every direction contracts or stays (|1 − η'σ_i²| ≤ 1, i.e. η'σ_1² ≤ 2).</summary>
    public bool IsStable => _factors.All(f => Math.Abs(f) <= 1);

    /// <summary>‖r_⊥‖: the part of r_0 outside the computed singular directions, which never decays.</summary>
    public double NeverDecayingNorm => Norm(_outside);

    /// <summary>The predicted residual r_t (length m).</summary>
    public double[] Residual(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var scaled = new double[_coefficients.Length];
        for (int i = 0; i < scaled.Length; i++) scaled[i] = Math.Pow(_factors[i], step) * _coefficients[i];
        var r = _basis.Combine(scaled);
        for (int i = 0; i < r.Length; i++) r[i] += _outside[i];
        return r;
    }

    /// <summary>‖Π_I r_t‖, ‖Π_N r_t‖ and ‖r_t‖ at <paramref name="step"/>, without forming r_t.</summary>
    public ResidualPoint At(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        double information = 0, nuisance = 0;
        for (int i = 0; i < _coefficients.Length; i++)
        {
            double c = Math.Pow(_factors[i], step) * _coefficients[i];
            if (i < InformationRank) information += c * c;
            else nuisance += c * c;
        }
        double outside = NeverDecayingNorm;
        nuisance += outside * outside;
        return new ResidualPoint(step, Math.Sqrt(information + nuisance), Math.Sqrt(information), Math.Sqrt(nuisance), outside);
    }

    /// <summary>
    /// The first step t ≤ <paramref name="maxSteps"/> at which ‖Π_I r_t‖ ≤ <paramref name="informationTolerance"/>·‖Π_I r_0‖,
    /// accepted only if at least <paramref name="nuisanceUnfitFraction"/> of the nuisance energy ‖Π_N r_0‖² is
    /// still unfit then (the network has learnt the label's information part but not yet memorised the rest).
    /// </summary>
    public EarlyStopSuggestion SuggestEarlyStop(double informationTolerance, double nuisanceUnfitFraction, int maxSteps)
    {
        var start = At(0);
        if (!IsStable)
            return new EarlyStopSuggestion(null, $"η'σ₁² = {EffectiveLearningRate * Math.Pow(_basis.SingularValues[0], 2):G6} > 2: gradient descent diverges along the top direction; no stopping step is meaningful.");
        if (InformationRank == 0 || start.InformationNorm == 0)
            return new EarlyStopSuggestion(0, "The labels have no information-space component; nothing to fit.");
        double target = informationTolerance * start.InformationNorm;
        // ‖Π_I r_t‖ is non-increasing in t when every |factor| ≤ 1, so bisect for the first step that reaches it.
        if (At(maxSteps).InformationNorm > target)
            return new EarlyStopSuggestion(null, $"The information-space residual stays above {informationTolerance:P0} of its start for {maxSteps} steps (increase η or the step limit).");
        int lo = 0, hi = maxSteps;
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (At(mid).InformationNorm <= target) hi = mid;
            else lo = mid + 1;
        }
        var atStop = At(lo);
        double unfit = start.NuisanceNorm == 0 ? 1.0 : Math.Pow(atStop.NuisanceNorm / start.NuisanceNorm, 2);
        if (unfit < nuisanceUnfitFraction)
            return new EarlyStopSuggestion(null, $"By step {lo}, where the information residual reaches {informationTolerance:P0} of its start, {1 - unfit:P1} of the nuisance energy is already fit: the spaces are not separated at this cutoff/η.");
        return new EarlyStopSuggestion(lo, $"At step {lo} the information residual is {atStop.InformationNorm / start.InformationNorm:P1} of its start while {unfit:P1} of the nuisance energy is still unfit.");
    }

    private static double Norm(double[] v)
    {
        double s = 0;
        foreach (double x in v) s += x * x;
        return Math.Sqrt(s);
    }
}

/// <summary>Residual norms at one step: total, information-space part, nuisance-space part, and the never-decaying part (inside the nuisance).</summary>
public readonly record struct ResidualPoint(int Step, double Norm, double InformationNorm, double NuisanceNorm, double NeverDecayingNorm);

/// <summary>A suggested early-stopping step (null when none is meaningful) and why.</summary>
public sealed record EarlyStopSuggestion(int? Step, string Reason);

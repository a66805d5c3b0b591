using SpectralCore.Operators;
using SpectralCore.Randomized;

namespace SpectralCore.Analysis.Jacobian;

/// <summary>
/// Jacobian information/nuisance analysis (Oymak, Fabian, Li, Soltanolkotabi: "Generalization guarantees for
/// neural networks via harnessing the low-rank structure of the Jacobian"). J is K·n × p with rows ordered
/// (sample, class): row = sample·K + class, matching labels y of length K·n (one-hot or regression targets in the
/// same order). The information space I is spanned by the left singular vectors with σ ≥ α; the nuisance space N
/// is its orthogonal complement in ℝ^{K·n} (including J's left null space).
/// </summary>
public static class JacobianAnalysis
{
    /// <summary>Analyses a dense Jacobian (full SVD through <paramref name="engine"/>).</summary>
    public static JacobianResult Analyze(SpectralEngine engine, Matrix<double> jacobian, ReadOnlySpan<double> labels, JacobianOptions options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(jacobian);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckShapes(jacobian.Rows, jacobian.Columns, labels, options);
        foreach (double v in jacobian.Data)
            if (!double.IsFinite(v)) throw new ArgumentException("The Jacobian has a non-finite entry.", nameof(jacobian));
        // TopK below min(rows, columns): randomized top k; otherwise "all" is asked for and the dense SVD gives it.
        if (options.TopK is int k && k < Math.Min(jacobian.Rows, jacobian.Columns))
            return FromRandomized(engine.RandomizedSvd(jacobian.View, k, RandomizedOptions(options, jacobian.Rows, jacobian.Columns, k)),
                jacobian.Rows, jacobian.Columns, labels, options);
        var svd = engine.Svd(jacobian.View, SvdOptions.WithVectors);
        var note = svd.FallbackNote is null ? "" : $"; {svd.FallbackNote}";
        var basis = new LeftSingularBasis(svd.SingularValues, svd.U!, isComplete: true, $"dense SVD, all {svd.SingularValues.Length} singular values ({svd.Algorithm}){note}", svd.Backend);
        return FromBasis(basis, jacobian.Columns, labels, options);
    }

    /// <summary>
    /// Analyses a Jacobian known only through products J·X and Jᵀ·X (e.g. forward/backward passes):
    /// the top <see cref="JacobianOptions.TopK"/> singular triplets by randomized subspace iteration
    /// (seeded, with an a-posteriori error bound recorded in the method).
    /// </summary>
    public static JacobianResult Analyze(SpectralEngine engine, ILinearOperator<double> jacobian, ReadOnlySpan<double> labels, JacobianOptions options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(jacobian);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckShapes(jacobian.Rows, jacobian.Columns, labels, options);
        if (options.TopK is not int k)
            throw new ArgumentException("An operator Jacobian needs JacobianOptions.TopK (how many singular triplets to compute).", nameof(options));
        int limit = Math.Min(jacobian.Rows, jacobian.Columns);
        if (k >= limit)
            throw new ArgumentOutOfRangeException(nameof(options), k, $"TopK must be < min(rows, columns) = {limit} for the randomized solver; use a dense J for the full spectrum.");
        var result = engine.RandomizedSvd(jacobian, k, RandomizedOptions(options, jacobian.Rows, jacobian.Columns, k));
        return FromRandomized(result, jacobian.Rows, jacobian.Columns, labels, options);
    }

    private static RandomizedSvdOptions RandomizedOptions(JacobianOptions options, int rows, int columns, int k)
    {
        int limit = Math.Min(rows, columns);
        if (k >= limit)
            throw new ArgumentOutOfRangeException(nameof(options), k, $"TopK must be < min(rows, columns) = {limit}; leave TopK unset for the full dense SVD.");
        return new RandomizedSvdOptions { Seed = options.Seed, Oversample = Math.Min(10, limit - k), PowerIterations = 2, ComputeVectors = true };
    }

    private static JacobianResult FromRandomized(RandomizedSvdResult<double> svd, int rows, int columns, ReadOnlySpan<double> labels, JacobianOptions options)
    {
        var method = $"randomized top-{svd.SingularValues.Length} ({svd.Algorithm}); ‖J − U S Vᵀ‖₂ ≤ {svd.ErrorEstimate:G4} with probability ≥ 1 − {svd.ErrorFailureProbability:G2} (HMT probe bound, ≈ 8× the probe residual: loose when the spectrum has a heavy tail)";
        var basis = new LeftSingularBasis(svd.SingularValues, svd.U!, isComplete: false, method, Backend.Managed);
        return FromBasis(basis, columns, labels, options);
    }

    /// <summary>
    /// The analysis given J's singular values and left singular vectors (e.g. computed elsewhere, or the top k
    /// of an operator). <paramref name="parameters"/> is p, reported only.
    /// </summary>
    public static JacobianResult FromBasis(LeftSingularBasis basis, int parameters, ReadOnlySpan<double> labels, JacobianOptions options)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckShapes(basis.Rows, parameters, labels, options);
        var warnings = new List<string>();
        var sigma = basis.SingularValues;
        int k = sigma.Length;

        int rank;
        double cutoff;
        bool lowerBound = false;
        if (options.Cutoff is double alpha)
        {
            cutoff = alpha;
            rank = sigma.Count(s => s >= alpha);
            if (!basis.IsComplete && rank == k && k < Math.Min(basis.Rows, parameters))
            {
                lowerBound = true;
                warnings.Add($"All {k} computed singular values are ≥ α = {alpha:G6}: r(α) ≥ {k}; compute more (TopK) for the exact rank.");
            }
        }
        else
        {
            rank = options.InformationRank!.Value;
            if (rank > k)
                throw new ArgumentOutOfRangeException(nameof(options), rank, $"InformationRank {rank} exceeds the {k} singular values available.");
            cutoff = rank == 0 ? (k > 0 ? Math.BitIncrement(sigma[0]) : double.Epsilon) : sigma[rank - 1];
        }

        double labelNormSquared = 0;
        foreach (double v in labels)
        {
            if (!double.IsFinite(v)) throw new ArgumentException("The labels have a non-finite entry.", nameof(labels));
            labelNormSquared += v * v;
        }
        if (labelNormSquared == 0) throw new ArgumentException("The labels are all zero: alignments ‖Π y‖/‖y‖ are undefined.", nameof(labels));

        var coefficients = basis.Coefficients(labels);
        var energy = coefficients.Select(c => c * c).ToArray();
        var projected = basis.Combine(coefficients);
        double outside = 0;
        for (int i = 0; i < projected.Length; i++) outside += (labels[i] - projected[i]) * (labels[i] - projected[i]);
        // ‖Π_I y‖² = Σ_{i<r} c_i²; ‖Π_N y‖² = Σ_{i≥r} c_i² + ‖y − UUᵀy‖² (each summed directly: no cancellation).
        double information = energy.AsSpan(0, rank).ToArray().Sum();
        double nuisance = energy.AsSpan(rank).ToArray().Sum() + outside;
        double total = information + nuisance;
        double informationAlignment = Math.Sqrt(information / total);
        double nuisanceAlignment = Math.Sqrt(nuisance / total);

        int samples = basis.Rows / options.Classes;
        double stepScale = options.Loss == LossConvention.HalfSumOfSquares ? 1.0 : 1.0 / samples;
        double sigmaMax = k > 0 ? sigma[0] : 0;
        double eta = options.LearningRate ?? (sigmaMax > 0 ? 1.0 / (stepScale * sigmaMax * sigmaMax) : 1.0);
        var initial = labels.ToArray();
        for (int i = 0; i < initial.Length; i++) initial[i] = -initial[i];
        var dynamics = new ResidualDynamics(basis, initial, rank, eta, options.Loss, samples);
        if (!dynamics.IsStable)
            warnings.Add($"η'σ₁² = {dynamics.EffectiveLearningRate * sigmaMax * sigmaMax:G6} > 2: gradient descent diverges; predicted residuals grow.");
        if (!basis.IsComplete)
            warnings.Add($"Only the top {k} singular directions were computed: the residual outside them is predicted as not decaying (an over-estimate of r_t where J has smaller nonzero singular values).");

        var steps = options.Steps ?? JacobianOptions.DefaultSchedule(options.MaxSteps);
        var trajectory = steps.Distinct().Order().Select(dynamics.At).ToArray();
        var earlyStop = dynamics.SuggestEarlyStop(options.InformationTolerance, options.NuisanceUnfitFraction, options.MaxSteps);
        return new JacobianResult(basis, basis.Rows, parameters, samples, options.Classes, cutoff, rank, lowerBound,
            informationAlignment, nuisanceAlignment, energy, outside, dynamics, trajectory, earlyStop, warnings);
    }

    private static void CheckShapes(int rows, int parameters, ReadOnlySpan<double> labels, JacobianOptions options)
    {
        if (rows < 1 || parameters < 1)
            throw new ArgumentException($"The Jacobian is {rows}×{parameters}; it needs at least one row and one column.", "jacobian");
        if (labels.Length != rows)
            throw new ArgumentException($"There are {labels.Length} labels but J has {rows} rows (K·n, ordered (sample, class)).", nameof(labels));
        if (rows % options.Classes != 0)
            throw new ArgumentException($"J has {rows} rows, not a multiple of the {options.Classes} classes.", nameof(options));
    }
}

namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>A layer compared with its own entries shuffled (WeightWatcher's randomize=True, but seeded).</summary>
public sealed record RandomizedBaselineResult
{
    /// <summary>The seed this layer's shuffles were drawn from (reproducible).</summary>
    public required int Seed { get; init; }
    /// <summary>Number of shuffled replicas pooled (5 when the layer has fewer than 100 eigenvalues, as WeightWatcher).</summary>
    public required int Replicas { get; init; }
    /// <summary>Largest eigenvalue of the randomized ESD (max_rand_eval).</summary>
    public required double MaxRandEval { get; init; }
    /// <summary>
    /// WeightWatcher's rand_distance: the Jensen–Shannon distance between the sorted eigenvalue vectors of the
    /// layer and of one shuffled replica, each normalised to sum 1 (natural log).
    /// </summary>
    public required double RandDistance { get; init; }
    /// <summary>max_rand_eval / λmax (WeightWatcher's ww_softrank).</summary>
    public required double WwSoftrank { get; init; }
    /// <summary>λmax − max_rand_eval (WeightWatcher's ww_maxdist).</summary>
    public required double WwMaxdist { get; init; }
    /// <summary>WeightWatcher's MP fit of the randomized ESD (rand_sigma_mp, rand_bulk_max, …).</summary>
    public MarchenkoPasturFitResult? RandomMpFit { get; init; }
    /// <summary>
    /// Correlation traps: eigenvalues of the randomized ESD above its MP edge + Tracy–Widom margin
    /// (rand_num_spikes). Shuffling destroys correlations, so spikes that survive come from a few
    /// exceptionally large entries.
    /// </summary>
    public required int CorrelationTraps { get; init; }
}

/// <summary>
/// The randomized baseline: every slice's entries shuffled (Fisher–Yates with <see cref="Random"/> seeded per
/// layer as seed·1 000 003 + layerId, so a run is reproducible and layers are independent), its ESD formed with
/// the same solver, and compared with the layer's ESD.
/// </summary>
public static class RandomizedBaseline
{
    /// <summary>A shuffled copy (the slice itself is left as it is).</summary>
    private static T[] Shuffled<T>(ReadOnlyMemory<T> matrix, Random rng)
    {
        var copy = matrix.ToArray();
        rng.Shuffle(copy);
        return copy;
    }

    /// <summary>The per-layer seed derived from the analysis seed.</summary>
    public static int LayerSeed(int seed, int layerId) => unchecked(seed * 1_000_003 + layerId);

    /// <summary>Computes the baseline of <paramref name="slices"/> given the layer's ESD.</summary>
    public static RandomizedBaselineResult Compute(WeightSlices slices, LayerEsd esd, ISingularValueSolver solver, int seed, int layerId)
    {
        ArgumentNullException.ThrowIfNull(slices);
        ArgumentNullException.ThrowIfNull(esd);
        ArgumentNullException.ThrowIfNull(solver);
        int layerSeed = LayerSeed(seed, layerId);
        var rng = new Random(layerSeed);
        int replicas = esd.M * esd.Rf < 100 ? 5 : 1;
        var pooled = new List<double>();
        double[]? firstReplica = null;
        for (int r = 0; r < replicas; r++)
        {
            var replica = new List<double>();
            for (int slice = 0; slice < slices.Rf; slice++)
            {
                // Shuffling the float32 slice draws the same permutation as shuffling its exact float64 widening.
                var sv = slices.SingleMatrices is { } singles
                    ? solver.SingularValues(Shuffled(singles[slice], rng), slices.Rows, slices.Columns)
                    : solver.SingularValues(Shuffled<double>(slices.Matrices[slice], rng), slices.Rows, slices.Columns);
                foreach (double s in sv) replica.Add(s * s);
            }
            var sorted = replica.ToArray();
            Array.Sort(sorted);
            firstReplica ??= sorted;
            pooled.AddRange(sorted);
        }
        var randEvals = pooled.ToArray();
        Array.Sort(randEvals);
        double maxRand = randEvals[^1];
        double lambdaMax = esd.Eigenvalues[^1];
        var mp = MarchenkoPasturFit.Fit(randEvals, esd.N, esd.M);
        return new RandomizedBaselineResult
        {
            Seed = layerSeed,
            Replicas = replicas,
            MaxRandEval = maxRand,
            RandDistance = JensenShannonDistance(esd.Eigenvalues, firstReplica!),
            WwSoftrank = maxRand / lambdaMax,
            WwMaxdist = lambdaMax - maxRand,
            RandomMpFit = mp,
            CorrelationTraps = mp?.NumSpikes ?? 0,
        };
    }

    /// <summary>
    /// √((KL(p̂‖m̂) + KL(q̂‖m̂))/2) with p̂, q̂ the vectors normalised to sum 1 and m̂ = (p + q) normalised —
    /// scipy.stats.entropy applied as WeightWatcher's jensen_shannon_distance does (elementwise on the vectors).
    /// </summary>
    public static double JensenShannonDistance(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length) throw new ArgumentException($"Lengths differ: {p.Length} and {q.Length}.", nameof(q));
        double sp = 0, sq = 0;
        for (int i = 0; i < p.Length; i++) { sp += p[i]; sq += q[i]; }
        double sm = 0;
        for (int i = 0; i < p.Length; i++) sm += (p[i] + q[i]) / 2;
        double kl1 = 0, kl2 = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double pi = p[i] / sp, qi = q[i] / sq, mi = (p[i] + q[i]) / 2 / sm;
            if (pi > 0) kl1 += pi * Math.Log(pi / mi);
            if (qi > 0) kl2 += qi * Math.Log(qi / mi);
        }
        return Math.Sqrt((kl1 + kl2) / 2);
    }
}

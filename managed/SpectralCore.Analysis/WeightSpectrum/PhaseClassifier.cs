namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>The 5+1 phases of training of Martin &amp; Mahoney (heavy-tailed self-regularization).</summary>
public enum TrainingPhase
{
    /// <summary>The ESD is a Marchenko–Pastur bulk with nothing beyond its edge: no learned correlations.</summary>
    RandomLike = 0,
    /// <summary>An MP bulk with a few eigenvalues just past the edge, not separated from it.</summary>
    BleedingOut = 1,
    /// <summary>An MP bulk plus a few well-separated spikes (low-rank signal).</summary>
    BulkPlusSpikes = 2,
    /// <summary>The bulk loses its MP shape and spreads past the edge in a broad, short tail.</summary>
    BulkDecay = 3,
    /// <summary>A bulk with a heavy tail extending far past the edge (power-law-like).</summary>
    HeavyTailed = 4,
    /// <summary>A large fraction of (numerically) zero eigenvalues: the layer has lost rank.</summary>
    RankCollapse = 5,
}

/// <summary>A phase label with the numbers it was decided from.</summary>
public sealed record PhaseAssessment
{
    /// <summary>The label.</summary>
    public required TrainingPhase Phase { get; init; }
    /// <summary>The rule that fired, in words.</summary>
    public required string Reason { get; init; }
    /// <summary>Fraction of eigenvalues ≤ 1e-10·λmax, or of the rank loss, whichever is larger.</summary>
    public required double ZeroFraction { get; init; }
    /// <summary>Robust MP scale s = N·σ² (bulk median matched to the MP median, outliers removed).</summary>
    public required double BulkScale { get; init; }
    /// <summary>The robust MP bulk edge λ+ = s(1 + √(M/N))².</summary>
    public required double BulkEdge { get; init; }
    /// <summary>λ+ plus 4 Tracy–Widom scales σ²(√N + √M)(1/√N + 1/√M)^(1/3): eigenvalues above are outliers.</summary>
    public required double EdgeWithTracyWidom { get; init; }
    /// <summary>Number of eigenvalues above <see cref="EdgeWithTracyWidom"/>.</summary>
    public required int Outliers { get; init; }
    /// <summary><see cref="Outliers"/> / number of eigenvalues.</summary>
    public required double OutlierFraction { get; init; }
    /// <summary>Smallest outlier / λ+ (0 without outliers): ≥ 1.5 means every outlier is well separated.</summary>
    public required double OutlierGap { get; init; }
    /// <summary>λmax / (λ+ + TW margin): how far the tail extends.</summary>
    public required double TailExtent { get; init; }
    /// <summary>KS distance between the bulk (non-outlier) ESD and the fitted MP law.</summary>
    public required double BulkKs { get; init; }
    /// <summary>BulkKs in units of its finite-size noise level 3/n_bulk: ≤ 2 means the bulk is MP-shaped.</summary>
    public required double BulkDeviation { get; init; }
    /// <summary>The power-law α (NaN when the fit failed), reported as evidence.</summary>
    public required double Alpha { get; init; }
    /// <summary>Relative residual of WeightWatcher's MP fit when it was run (NaN otherwise).</summary>
    public double MpFitResidual { get; init; } = double.NaN;
    /// <summary>True when the ESD has fewer than 50 eigenvalues: labels are indicative only.</summary>
    public required bool LowConfidence { get; init; }
}

/// <summary>
/// Labels a layer ESD with one of the 5+1 phases from documented, tested criteria (thresholds calibrated on
/// synthetic matrices of 200–1000 rows; see the README):
/// <list type="number">
/// <item>Rank-collapse: ≥ 10% of the eigenvalues are ≤ 1e-10·λmax (or lost to the numerical rank).</item>
/// <item>Otherwise fit the MP law robustly: scale s from the bulk median (iterated three times with the outliers
/// above λ+ + 4 TW scales removed); BulkDeviation = KS(bulk, MP)·n_bulk/3.</item>
/// <item>BulkDeviation ≤ 2 (MP-shaped bulk): no outliers → Random-like; all outliers ≥ 1.5·λ+ → Bulk+Spikes;
/// otherwise → Bleeding-out.</item>
/// <item>BulkDeviation &gt; 2 (the bulk itself deviates): outlier fraction ≥ 8% with a tail extent &lt; 10 and α &gt; 2
/// → Bulk-decay; otherwise → Heavy-Tailed.</item>
/// </list>
/// </summary>
public static class PhaseClassifier
{
    /// <summary>Bulk-deviation threshold (noise units).</summary>
    public const double BulkDeviationThreshold = 2.0;
    /// <summary>Outlier separation for Bulk+Spikes (multiples of λ+).</summary>
    public const double SpikeSeparation = 1.5;
    /// <summary>Outlier fraction above which a deviating bulk with a short tail is Bulk-decay.</summary>
    public const double BulkDecayOutlierFraction = 0.08;
    /// <summary>Tail extent (λmax over the edge) at or above which a deviating bulk is Heavy-Tailed.</summary>
    public const double HeavyTailExtent = 10;
    /// <summary>Zero-eigenvalue fraction for Rank-collapse.</summary>
    public const double RankCollapseFraction = 0.10;
    private const double TracyWidomScales = 4;

    /// <summary>Classifies an ESD (ascending or not) of slices with dimensions N ≥ M.</summary>
    public static PhaseAssessment Classify(ReadOnlySpan<double> eigenvalues, int n, int m, double alpha = double.NaN, int rankLoss = 0, MarchenkoPasturFitResult? mpFit = null)
    {
        if (n < 1 || m < 1 || m > n) throw new ArgumentException($"Need 1 ≤ M ≤ N, got N = {n}, M = {m}.", nameof(n));
        if (eigenvalues.Length == 0) throw new ArgumentException("No eigenvalues.", nameof(eigenvalues));
        var evals = eigenvalues.ToArray();
        Array.Sort(evals);
        int count = evals.Length;
        double lambdaMax = evals[^1];
        int zeros = 0;
        foreach (double v in evals) if (v <= lambdaMax * 1e-10) zeros++;
        double zeroFraction = Math.Max(zeros, rankLoss) / (double)count;
        bool lowConfidence = count < 50;
        double mpResidual = mpFit?.RelativeResidual ?? double.NaN;

        var law = new MarchenkoPasturLaw((double)m / n);
        double sigma2Factor = (Math.Sqrt(n) + Math.Sqrt(m)) * Math.Pow(1 / Math.Sqrt(n) + 1 / Math.Sqrt(m), 1.0 / 3.0) / n;
        int bulkCount = count;
        double scale = 0, edge = 0, edgeTw = 0;
        for (int iteration = 0; iteration < 3; iteration++)
        {
            scale = Median(evals, bulkCount) / law.Median;
            edge = scale * law.Upper;
            edgeTw = edge + TracyWidomScales * scale * sigma2Factor;
            int b = UpperBound(evals, edgeTw);
            if (b == bulkCount || b == 0) { bulkCount = Math.Max(b, 1); break; }
            bulkCount = b;
        }
        int outliers = count - bulkCount;
        double ks = 0;
        if (scale > 0)
            for (int i = 0; i < bulkCount; i++)
            {
                double f = law.Cdf(evals[i] / scale);
                ks = Math.Max(ks, Math.Max(Math.Abs(f - (i + 1.0) / bulkCount), Math.Abs(f - (double)i / bulkCount)));
            }
        else ks = 1;
        double deviation = ks * bulkCount / 3.0;
        double gap = outliers > 0 && edge > 0 ? evals[bulkCount] / edge : 0;
        double extent = edgeTw > 0 ? lambdaMax / edgeTw : double.PositiveInfinity;
        double fraction = outliers / (double)count;

        TrainingPhase phase;
        string reason;
        if (zeroFraction >= RankCollapseFraction)
        {
            phase = TrainingPhase.RankCollapse;
            reason = $"{zeroFraction:P1} of the eigenvalues are numerically zero (≥ {RankCollapseFraction:P0})";
        }
        else if (deviation <= BulkDeviationThreshold)
        {
            if (outliers == 0) { phase = TrainingPhase.RandomLike; reason = "MP-shaped bulk, nothing beyond λ+ + TW margin"; }
            else if (gap >= SpikeSeparation) { phase = TrainingPhase.BulkPlusSpikes; reason = $"MP-shaped bulk and {outliers} outlier(s), all ≥ {SpikeSeparation}·λ+"; }
            else { phase = TrainingPhase.BleedingOut; reason = $"MP-shaped bulk and {outliers} outlier(s) close to the edge (smallest {gap:F2}·λ+)"; }
        }
        else if (fraction >= BulkDecayOutlierFraction && extent < HeavyTailExtent && !(alpha <= 2))
        {
            phase = TrainingPhase.BulkDecay;
            reason = $"bulk deviates from MP ({deviation:F1} noise units) and spreads past the edge ({fraction:P1} beyond) in a short tail (λmax = {extent:F2}× edge)";
        }
        else
        {
            phase = TrainingPhase.HeavyTailed;
            reason = $"bulk deviates from MP ({deviation:F1} noise units) with a tail reaching {extent:F2}× the edge ({fraction:P1} beyond)";
        }
        return new PhaseAssessment
        {
            Phase = phase, Reason = reason, ZeroFraction = zeroFraction, BulkScale = scale, BulkEdge = edge,
            EdgeWithTracyWidom = edgeTw, Outliers = outliers, OutlierFraction = fraction, OutlierGap = gap,
            TailExtent = extent, BulkKs = ks, BulkDeviation = deviation, Alpha = alpha, MpFitResidual = mpResidual,
            LowConfidence = lowConfidence,
        };
    }

    private static double Median(double[] sorted, int count) =>
        count % 2 == 1 ? sorted[count / 2] : 0.5 * (sorted[count / 2 - 1] + sorted[count / 2]);

    /// <summary>Number of values ≤ <paramref name="limit"/> in ascending <paramref name="sorted"/>.</summary>
    private static int UpperBound(double[] sorted, double limit)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= limit) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}

namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>
/// A layer's empirical spectral density as WeightWatcher forms it: the σ² of every slice, pooled and sorted
/// ascending (no 1/N normalisation), with the by-products WeightWatcher reports from the same SVDs.
/// </summary>
public sealed record LayerEsd
{
    /// <summary>All eigenvalues λ = σ², ascending (M·rf of them).</summary>
    public required double[] Eigenvalues { get; init; }

    /// <summary>The layer kind.</summary>
    public required WeightLayerKind Kind { get; init; }

    /// <summary>N = max dimension of a slice.</summary>
    public required int N { get; init; }

    /// <summary>M = min dimension of a slice.</summary>
    public required int M { get; init; }

    /// <summary>Receptive field (number of pooled slices).</summary>
    public required int Rf { get; init; }

    /// <summary>Largest singular value over all slices.</summary>
    public required double SvMax { get; init; }

    /// <summary>
    /// WeightWatcher's sv_min: the largest of the per-slice smallest singular values (for one slice, simply the
    /// smallest singular value). Reproduced as WeightWatcher computes it.
    /// </summary>
    public required double SvMin { get; init; }

    /// <summary>Σ over slices of (number of σ) − rank, rank = #σ &gt; σmax(slice)·N·ε (numpy's matrix_rank rule).</summary>
    public required int RankLoss { get; init; }

    /// <summary>How the singular values were computed.</summary>
    public required string Solver { get; init; }

    /// <summary>Wall time of the SVDs.</summary>
    public TimeSpan SvdTime { get; init; }

    /// <summary>Forms the ESD of <paramref name="slices"/> with <paramref name="solver"/>.</summary>
    public static LayerEsd Compute(WeightSlices slices, ISingularValueSolver solver)
    {
        ArgumentNullException.ThrowIfNull(slices);
        ArgumentNullException.ThrowIfNull(solver);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var all = new List<double>(slices.M * slices.Rf);
        double svMax = 0, svMin = 0;
        int rankLoss = 0;
        for (int slice = 0; slice < slices.Rf; slice++)
        {
            // float32 weights go to the solver as they are (it computes in float64): no widened copy of the layer.
            var sv = slices.SingleMatrices is { } singles
                ? solver.SingularValues(singles[slice], slices.Rows, slices.Columns)
                : solver.SingularValues(slices.Matrices[slice], slices.Rows, slices.Columns);
            if (sv.Length != slices.M)
                throw new InvalidOperationException($"The solver returned {sv.Length} singular values for a {slices.Rows}×{slices.Columns} matrix.");
            double sliceMax = 0, sliceMin = double.PositiveInfinity;
            foreach (double s in sv)
            {
                if (!(s >= 0) || !double.IsFinite(s))
                    throw new InvalidOperationException($"The solver returned a singular value {s}.");
                if (double.IsPositiveInfinity(s * s)) throw Overflow(s);
                sliceMax = Math.Max(sliceMax, s);
                sliceMin = Math.Min(sliceMin, s);
                all.Add(s * s);
            }
            svMax = Math.Max(svMax, sliceMax);
            svMin = Math.Max(svMin, sliceMin);
            rankLoss += sv.Length - SpectrumMath.Rank(sv, sliceMax, slices.N);
        }
        var evals = all.ToArray();
        Array.Sort(evals);
        return new LayerEsd
        {
            Eigenvalues = evals,
            Kind = slices.Kind,
            N = slices.N,
            M = slices.M,
            Rf = slices.Rf,
            SvMax = svMax,
            SvMin = svMin,
            RankLoss = rankLoss,
            Solver = solver.Description,
            SvdTime = watch.Elapsed,
        };
    }

    /// <summary>The error for a layer whose eigenvalues σ² are beyond float64's range (σ above ~1.3e154).</summary>
    private static ArgumentException Overflow(double value) =>
        new($"The layer's eigenvalues σ² overflow float64 (a {(double.IsInfinity(value) ? "σ²" : "σ")} of {value:G3}; σ above ~1.3e154): " +
            "its ESD cannot be formed in float64 — rescale the weights.", "weights");

    /// <summary>
    /// An ESD from eigenvalues computed elsewhere (e.g. WeightWatcher's own, for comparison). SvMax/SvMin come
    /// from the pooled values; the per-slice rank loss cannot be recovered from pooled eigenvalues, so it is
    /// computed for rf = 1 and reported as 0 for rf &gt; 1.
    /// </summary>
    public static LayerEsd FromEigenvalues(ReadOnlySpan<double> eigenvalues, int n, int m, int rf = 1, WeightLayerKind kind = WeightLayerKind.Dense)
    {
        if (n < 1 || m < 1 || m > n)
            throw new ArgumentException($"Need 1 ≤ M ≤ N, got N = {n}, M = {m}.", nameof(n));
        if (rf < 1) throw new ArgumentOutOfRangeException(nameof(rf), rf, "rf must be ≥ 1.");
        if (eigenvalues.Length == 0) throw new ArgumentException("No eigenvalues.", nameof(eigenvalues));
        var evals = eigenvalues.ToArray();
        foreach (double v in evals)
        {
            if (double.IsPositiveInfinity(v)) throw Overflow(v);
            if (!(v >= 0) || !double.IsFinite(v))
                throw new ArgumentException($"Eigenvalue {v} is negative or not finite.", nameof(eigenvalues));
        }
        Array.Sort(evals);
        var sv = evals.Select(Math.Sqrt).ToArray();
        double max = sv[^1];
        return new LayerEsd
        {
            Eigenvalues = evals,
            Kind = kind,
            N = n,
            M = m,
            Rf = rf,
            SvMax = max,
            SvMin = sv[0],
            RankLoss = rf == 1 ? sv.Length - SpectrumMath.Rank(sv, max, n) : 0,
            Solver = "given eigenvalues",
        };
    }
}

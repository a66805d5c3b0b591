namespace SpectralCore.Analysis.Correlation;

/// <summary>Options of <see cref="CorrelationSpectrum"/>.</summary>
public sealed record CorrelationOptions
{
    /// <summary>Subtract each feature's mean first (covariance instead of the raw second moment XᵀX/n). Default false.</summary>
    public bool Center { get; init; }

    /// <summary>First fitted index k (1-based; default 1).</summary>
    public int? FitFirst { get; init; }

    /// <summary>Last fitted index k (1-based, inclusive; default: the last numerically nonzero eigenvalue).</summary>
    public int? FitLast { get; init; }

    /// <summary>Defaults.</summary>
    public static CorrelationOptions Default { get; } = new();
}

/// <summary>
/// The input-correlation spectrum of a data set X (n samples × d features): the eigenvalues of XᵀX/n, computed
/// from the smaller of XᵀX/n (d × d) and the n × n Gram XXᵀ/n (same nonzero eigenvalues), accumulated in
/// float64, and how fast they decay (Mao et al.: λ_k ∝ e^{−ck} makes training trajectories low-dimensional).
/// </summary>
public sealed class CorrelationSpectrum
{
    private CorrelationSpectrum(double[] eigenvalues, int samples, int features, bool usedGram, bool centered, int numericalRank, DecayFit? exponential, DecayFit? powerLaw, string method)
    {
        Eigenvalues = eigenvalues;
        Samples = samples;
        Features = features;
        UsedGram = usedGram;
        Centered = centered;
        NumericalRank = numericalRank;
        Exponential = exponential;
        PowerLaw = powerLaw;
        Method = method;
    }

    /// <summary>Eigenvalues, descending (min(n, d) of them; tiny negative rounding values kept as computed).</summary>
    public double[] Eigenvalues { get; }

    /// <summary>n.</summary>
    public int Samples { get; }

    /// <summary>d.</summary>
    public int Features { get; }

    /// <summary>True when the n × n Gram was used (n &lt; d).</summary>
    public bool UsedGram { get; }

    /// <summary>True when features were centred.</summary>
    public bool Centered { get; }

    /// <summary>Eigenvalues above max(n, d)·ε·λ_1 (the ones the fit may use).</summary>
    public int NumericalRank { get; }

    /// <summary>Fit of λ_k ∝ e^{−ck} (null when fewer than two usable eigenvalues).</summary>
    public DecayFit? Exponential { get; }

    /// <summary>Fit of λ_k ∝ k^{−s} (null when fewer than two usable eigenvalues).</summary>
    public DecayFit? PowerLaw { get; }

    /// <summary>The better of the two fits by R² in log space.</summary>
    public DecayFit? Preferred => Exponential is null || PowerLaw is null ? null : Exponential.RSquared >= PowerLaw.RSquared ? Exponential : PowerLaw;

    /// <summary>Which matrix and eigensolver produced the eigenvalues.</summary>
    public string Method { get; }

    /// <summary>Computes the spectrum of <paramref name="data"/> (n × d, rows are samples).</summary>
    public static CorrelationSpectrum Compute(SpectralEngine engine, Matrix<double> data, CorrelationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(data);
        options ??= CorrelationOptions.Default;
        int n = data.Rows, d = data.Columns;
        if (n < 1 || d < 1) throw new ArgumentException($"The data are {n}×{d}; need at least one sample and one feature.", nameof(data));
        foreach (double v in data.Data)
            if (!double.IsFinite(v)) throw new ArgumentException("The data have a non-finite entry.", nameof(data));
        var x = data;
        if (options.Center)
        {
            x = new Matrix<double>(n, d);
            var means = new double[d];
            for (int r = 0; r < n; r++)
                for (int c = 0; c < d; c++) means[c] += data[r, c];
            for (int c = 0; c < d; c++) means[c] /= n;
            for (int r = 0; r < n; r++)
                for (int c = 0; c < d; c++) x[r, c] = data[r, c] - means[c];
        }
        bool gram = n < d;
        var matrix = gram ? SecondMoments.RowGram(x, n) : SecondMoments.ColumnGram(x, n);
        var result = engine.EigenSymmetric(matrix.View, EigenOptions.ValuesOnly);
        var values = result.Values.Reverse().ToArray();
        // Eigenvalues below max(n, d)·ε·λ_1 are rounding noise of zero (the usual numerical-rank threshold).
        double threshold = values.Length == 0 ? 0 : Math.Max(n, d) * Math.Pow(2, -52) * Math.Abs(values[0]);
        int rank = values.Count(v => v > threshold);

        int first = options.FitFirst ?? 1;
        int last = options.FitLast ?? rank;
        if (options.FitFirst is int f && (f < 1 || f > values.Length))
            throw new ArgumentOutOfRangeException(nameof(options), f, $"FitFirst must be in 1..{values.Length}.");
        if (options.FitLast is int l && (l < first || l > values.Length))
            throw new ArgumentOutOfRangeException(nameof(options), l, $"FitLast must be in {first}..{values.Length}.");
        DecayFit? exponential = null, power = null;
        if (last - first + 1 >= 2)
        {
            exponential = DecayFit.Exponential(values, first, last);
            power = DecayFit.PowerLaw(values, first, last);
        }
        string method = $"{(gram ? $"n×n Gram XXᵀ/n (n = {n} < d = {d})" : $"d×d XᵀX/n (d = {d} ≤ n = {n})")}{(options.Center ? ", centred" : "")}, float64; {result.Algorithm}{(result.FallbackNote is null ? "" : "; " + result.FallbackNote)}";
        return new CorrelationSpectrum(values, n, d, gram, options.Center, rank, exponential, power, method);
    }
}

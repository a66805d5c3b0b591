namespace SpectralCore.Analysis.Correlation;

/// <summary>
/// An ordinary-least-squares line through (x_k, ln λ_k) over a range of 1-based indices k:
/// exponential decay (x = k: λ_k ∝ e^{−c k}, <see cref="Rate"/> = c) or power law (x = ln k: λ_k ∝ k^{−s}).
/// </summary>
/// <param name="Model">"exponential" or "power-law".</param>
/// <param name="Rate">c (exponential) or s (power law): minus the fitted slope.</param>
/// <param name="StandardError">Standard error of the slope (σ̂ / √Σ(x − x̄)², σ̂² = SSR/(points − 2)); NaN with two points.</param>
/// <param name="Intercept">Fitted ln λ at x = 0.</param>
/// <param name="RSquared">Coefficient of determination of the fit in log space.</param>
/// <param name="FirstIndex">First fitted index k (1-based).</param>
/// <param name="LastIndex">Last fitted index k (1-based, inclusive).</param>
public sealed record DecayFit(string Model, double Rate, double StandardError, double Intercept, double RSquared, int FirstIndex, int LastIndex)
{
    /// <summary>Number of fitted eigenvalues.</summary>
    public int Points => LastIndex - FirstIndex + 1;

    /// <summary>Fits ln λ_k = a − c·k for k = first … last (1-based; λ sorted descending, all &gt; 0 in range).</summary>
    public static DecayFit Exponential(ReadOnlySpan<double> descending, int first, int last) => Fit("exponential", descending, first, last, k => k);

    /// <summary>Fits ln λ_k = a − s·ln k for k = first … last.</summary>
    public static DecayFit PowerLaw(ReadOnlySpan<double> descending, int first, int last) => Fit("power-law", descending, first, last, k => Math.Log(k));

    private static DecayFit Fit(string model, ReadOnlySpan<double> values, int first, int last, Func<int, double> abscissa)
    {
        if (first < 1 || last > values.Length || last - first + 1 < 2)
            throw new ArgumentOutOfRangeException(nameof(first), $"The fitted range [{first}, {last}] must hold at least two of the {values.Length} eigenvalues (1-based).");
        int n = last - first + 1;
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double v = values[first - 1 + i];
            if (!(v > 0) || !double.IsFinite(v))
                throw new ArgumentException($"Eigenvalue {first + i} is {v}; only positive eigenvalues can be fitted on a log scale.", nameof(values));
            x[i] = abscissa(first + i);
            y[i] = Math.Log(v);
        }
        double mx = x.Average(), my = y.Average();
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double ssr = 0;
        for (int i = 0; i < n; i++)
        {
            double e = y[i] - (intercept + slope * x[i]);
            ssr += e * e;
        }
        double se = n > 2 ? Math.Sqrt(ssr / (n - 2) / sxx) : double.NaN;
        double r2 = syy == 0 ? 1.0 : 1.0 - ssr / syy;
        return new DecayFit(model, -slope, se, intercept, r2, first, last);
    }
}

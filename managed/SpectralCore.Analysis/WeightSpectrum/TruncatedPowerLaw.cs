namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>
/// A truncated power law p(x) ∝ x^(−α) e^(−λx) on x ≥ xmin fitted by maximum likelihood on the same tail
/// as the power law, and compared to it by the log-likelihood ratio (nested models: p-value from χ²₁ on 2|R|).
/// </summary>
public sealed record TruncatedPowerLawFit
{
    /// <summary>The exponent α of the truncated law.</summary>
    public required double Alpha { get; init; }

    /// <summary>The exponential cut-off rate λ ≥ 0 (λ = 0 is the plain power law).</summary>
    public required double Lambda { get; init; }

    /// <summary>The xmin shared with the power-law fit.</summary>
    public required double Xmin { get; init; }

    /// <summary>Number of tail values fitted.</summary>
    public required int TailSize { get; init; }

    /// <summary>Log-likelihood of the truncated power law at its MLE.</summary>
    public required double LogLikelihood { get; init; }

    /// <summary>Log-likelihood of the power law (at its own MLE α) on the same tail.</summary>
    public required double PowerLawLogLikelihood { get; init; }

    /// <summary>R = ℓ(power law) − ℓ(truncated power law): negative favours the truncated law.</summary>
    public required double LogLikelihoodRatio { get; init; }

    /// <summary>P-value of R (χ²₁ on 2|R|; small = the difference is significant).</summary>
    public required double PValue { get; init; }

    /// <summary>True when the truncated law is significantly better (R &lt; 0 and p ≤ 0.05).</summary>
    public bool TruncatedPreferred => LogLikelihoodRatio < 0 && PValue <= 0.05;

    /// <summary>Whether the Newton iteration met its tolerance (else the best point found is reported).</summary>
    public required bool Converged { get; init; }
}

/// <summary>
/// Maximum-likelihood fit of the truncated power law. The log-likelihood is concave in (α, λ) (an exponential
/// family in the sufficient statistics Σ ln x, Σ x), so a damped Newton iteration with the exact gradient and
/// Hessian (moments of the fitted law) converges to the unique maximum; λ is kept ≥ 0. The normalising
/// integral ∫ x^(−α) e^(−λx) dx over [xmin, ∞) is evaluated with composite Simpson quadrature in
/// u = ln(x/xmin) (relative accuracy about 1e-10 for the tails met in practice).
/// </summary>
public static class TruncatedPowerLaw
{
    private const int Panels = 4096;
    private const int MaxIterations = 200;

    /// <summary>Fits the tail <paramref name="tail"/> (sorted ascending, first value = xmin).</summary>
    /// <param name="tail">The tail values, ascending, all ≥ tail[0] &gt; 0.</param>
    /// <param name="powerLawAlpha">The power-law MLE α on the same tail (1 + n/Σ ln(x/xmin)).</param>
    public static TruncatedPowerLawFit Fit(ReadOnlySpan<double> tail, double powerLawAlpha)
    {
        if (tail.Length < 2)
            throw new ArgumentException("The tail needs at least 2 values.", nameof(tail));
        double xmin = tail[0];
        if (!(xmin > 0) || !double.IsFinite(xmin))
            throw new ArgumentException($"xmin = {xmin} must be finite and positive.", nameof(tail));
        int n = tail.Length;
        double sumLogY = 0, sumY = 0;
        foreach (double x in tail)
        {
            if (x < xmin || !double.IsFinite(x))
                throw new ArgumentException("The tail must be sorted ascending and finite.", nameof(tail));
            double y = x / xmin;
            sumLogY += Math.Log(y);
            sumY += y;
        }
        // ℓ(α, μ) = −n ln xmin − α Σ ln y − μ (Σ y − n) − n ln J(α, μ), μ = λ·xmin, y = x/xmin.
        double Objective(double a, double m, out Moments mo)
        {
            mo = Moments.Compute(a, m);
            if (!mo.Valid) return double.NegativeInfinity;
            return -n * Math.Log(xmin) - a * sumLogY - m * (sumY - n) - n * mo.LogJ;
        }

        double alpha = double.IsFinite(powerLawAlpha) && powerLawAlpha > 1 ? powerLawAlpha : 2;
        double mu = Math.Max(1e-6, n / Math.Max(sumY, n * (1 + 1e-9)) * 0.1);
        double ll = Objective(alpha, mu, out var moments);
        if (double.IsNegativeInfinity(ll)) { mu = 1; ll = Objective(alpha, mu, out moments); }
        bool converged = false;
        for (int iteration = 0; iteration < MaxIterations && double.IsFinite(ll); iteration++)
        {
            double ga = -sumLogY + n * moments.MeanU;
            double gm = -(sumY - n) + n * moments.MeanV;
            double haa = n * moments.VarU, hmm = n * moments.VarV, ham = n * moments.CovUV;
            double det = haa * hmm - ham * ham;
            double da, dm;
            if (det > 1e-300 * Math.Max(1, haa * hmm))
            {
                da = (hmm * ga - ham * gm) / det;
                dm = (haa * gm - ham * ga) / det;
            }
            else
            {
                da = ga / Math.Max(haa, 1e-300);
                dm = gm / Math.Max(hmm, 1e-300);
            }
            double step = 1;
            bool improved = false;
            for (int halving = 0; halving < 60; halving++, step *= 0.5)
            {
                double na = alpha + step * da, nm = Math.Max(0, mu + step * dm);
                double nll = Objective(na, nm, out var nmo);
                if (nll >= ll)
                {
                    double change = Math.Abs(na - alpha) + Math.Abs(nm - mu);
                    double scale = Math.Abs(alpha) + Math.Abs(mu) + 1e-12;
                    alpha = na; mu = nm; moments = nmo;
                    improved = nll > ll || change > 0;
                    double gain = nll - ll;
                    ll = nll;
                    if (change <= 1e-12 * scale || gain <= 1e-13 * Math.Max(1, Math.Abs(ll))) converged = true;
                    break;
                }
            }
            if (!improved || converged) { converged |= !improved; break; }
        }
        double plLogLikelihood = n * Math.Log(powerLawAlpha - 1) - n * Math.Log(xmin) - powerLawAlpha * sumLogY;
        double r = plLogLikelihood - ll;
        return new TruncatedPowerLawFit
        {
            Alpha = alpha,
            Lambda = mu / xmin,
            Xmin = xmin,
            TailSize = n,
            LogLikelihood = ll,
            PowerLawLogLikelihood = plLogLikelihood,
            LogLikelihoodRatio = r,
            PValue = SpecialFunctions.Erfc(Math.Sqrt(Math.Abs(r))),
            Converged = converged,
        };
    }

    /// <summary>ln J and the mean/covariance of (u, v = e^u − 1) under g(u) ∝ e^((1−α)u − μ v), u ≥ 0.</summary>
    private readonly record struct Moments(bool Valid, double LogJ, double MeanU, double MeanV, double VarU, double VarV, double CovUV)
    {
        public static Moments Compute(double alpha, double mu)
        {
            if (mu < 0 || double.IsNaN(alpha) || (mu == 0 && !(alpha > 1))) return default;
            // Upper limit where the log-integrand is below −60 relative to its maximum at u = 0 (or the mode).
            double upper;
            if (mu == 0) upper = Math.Min(60 / (alpha - 1), 700);
            else
            {
                upper = 1;
                while (LogG(upper, alpha, mu) > LogG(0, alpha, mu) - 60 && upper < 700) upper *= 1.5;
                // mode may be inside (α < 1): make sure we are past it
                upper = Math.Min(Math.Max(upper, Math.Log(1 + Math.Max(0, 1 - alpha) / mu) + 5), 700);
            }
            double peak = Math.Max(LogG(0, alpha, mu), mu > 0 && alpha < 1 ? LogG(Math.Log(Math.Max(1, (1 - alpha) / mu)), alpha, mu) : double.NegativeInfinity);
            double h = upper / Panels;
            double s0 = 0, su = 0, sv = 0, suu = 0, svv = 0, suv = 0;
            for (int i = 0; i <= Panels; i++)
            {
                double u = i * h;
                double w = i == 0 || i == Panels ? 1 : (i % 2 == 1 ? 4 : 2);
                double g = w * Math.Exp(LogG(u, alpha, mu) - peak);
                double v = Math.Exp(u) - 1;
                s0 += g; su += g * u; sv += g * v; suu += g * u * u; svv += g * v * v; suv += g * u * v;
            }
            if (!(s0 > 0) || !double.IsFinite(svv)) return default;
            double mu1 = su / s0, mv1 = sv / s0;
            return new Moments(true, Math.Log(s0 * h / 3) + peak, mu1, mv1,
                Math.Max(suu / s0 - mu1 * mu1, 0), Math.Max(svv / s0 - mv1 * mv1, 0), suv / s0 - mu1 * mv1);
        }

        private static double LogG(double u, double alpha, double mu) => (1 - alpha) * u - mu * (Math.Exp(u) - 1);
    }
}

namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>Special functions the analysis needs and .NET does not provide.</summary>
internal static class SpecialFunctions
{
    /// <summary>
    /// erfc(x) for x ≥ 0 as the regularized upper incomplete gamma Q(½, x²): series for x² &lt; 1.5,
    /// Lentz continued fraction above (relative accuracy ~1e-14).
    /// </summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 0) return 2 - Erfc(-x);
        double z = x * x;
        if (z == 0) return 1;
        const double a = 0.5;
        double logPrefix = -z + a * Math.Log(z) - LogGammaHalf;
        if (z < 1.5)
        {
            // P(a, z) by series; Q = 1 − P.
            double term = 1 / a, sum = term;
            for (int k = 1; k < 500; k++)
            {
                term *= z / (a + k);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-17) break;
            }
            return 1 - sum * Math.Exp(logPrefix);
        }
        const double tiny = 1e-300;
        double b = z + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (int i = 1; i < 500; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b; if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c; if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(logPrefix) * h;
    }

    private static readonly double LogGammaHalf = 0.5 * Math.Log(Math.PI);
}

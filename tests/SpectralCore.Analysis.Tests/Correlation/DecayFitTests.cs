using FsCheck.Xunit;
using SpectralCore.Analysis.Correlation;
using SpectralCore.Analysis.Tests.InPca;
using Xunit;

namespace SpectralCore.Analysis.Tests.Correlation;

public sealed class DecayFitTests
{
    [Fact]
    public void Three_point_fit_matches_hand_computation()
    {
        // ln λ = −2, −4, −7 at k = 1, 2, 3: slope −5/2, intercept 2/3, SSR 1/6, SE = √((1/6)/1/2) = √(1/12).
        double[] lambda = [Math.Exp(-2), Math.Exp(-4), Math.Exp(-7)];
        var fit = DecayFit.Exponential(lambda, 1, 3);
        Close.Check(2.5, fit.Rate, 0, "c");
        Close.Check(2.0 / 3.0, fit.Intercept, 0, "intercept");
        Close.Check(Math.Sqrt(1.0 / 12.0), fit.StandardError, 0, "standard error");
        // Σ(y − ȳ)² = (49 + 1 + 64)/9 = 38/3, so R² = 1 − (1/6)/(38/3) = 1 − 1/76.
        Close.Check(1 - 1.0 / 76.0, fit.RSquared, 0, "R²");
    }

    [Property(MaxTest = 30)]
    public void Exact_exponential_and_power_law_decays_are_recovered(int generatedSeed)
    {
        int seed = TestSeed.Resolve(generatedSeed);
        var random = new Random(seed);
        double c = 0.05 + 3 * random.NextDouble();
        double s = 0.5 + 2 * random.NextDouble();
        int n = random.Next(3, 60);
        var exponential = Enumerable.Range(1, n).Select(k => 7.0 * Math.Exp(-c * k)).ToArray();
        var power = Enumerable.Range(1, n).Select(k => 3.0 * Math.Pow(k, -s)).ToArray();
        var e = DecayFit.Exponential(exponential, 1, n);
        var p = DecayFit.PowerLaw(power, 1, n);
        Close.Check(c, e.Rate, 0, $"seed {seed}: c", rel: 1e-10);
        Close.Check(s, p.Rate, 0, $"seed {seed}: s", rel: 1e-10);
        Assert.True(e.StandardError < 1e-10 * c && p.StandardError < 1e-10 * s, $"seed {seed}: SE {e.StandardError}, {p.StandardError}");
        Assert.True(e.RSquared > 1 - 1e-12 && p.RSquared > 1 - 1e-12, $"seed {seed}");
        // The wrong model fits worse.
        Assert.True(DecayFit.PowerLaw(exponential, 1, n).RSquared < e.RSquared, $"seed {seed}");
    }

    [Fact]
    public void Non_positive_eigenvalues_cannot_be_fitted()
    {
        Assert.Throws<ArgumentException>(() => DecayFit.Exponential([1.0, 0.0, 0.5], 1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => DecayFit.Exponential([1.0, 0.5], 1, 1));
    }
}

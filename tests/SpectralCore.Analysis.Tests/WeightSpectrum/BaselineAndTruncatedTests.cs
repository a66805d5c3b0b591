using SpectralCore.Analysis.WeightSpectrum;
using Xunit;

namespace SpectralCore.Analysis.Tests.WeightSpectrum;

/// <summary>Seeded randomized baseline, truncated power law, summary.</summary>
public class BaselineAndTruncatedTests
{
    private static readonly SpectralEngine Engine = SpectralEngine.Use(Backend.Managed, new SpectralOptions { MaxDegreeOfParallelism = 1 });

    private static LayerMetrics Randomized(double[] w, int rows, int cols, int seed) =>
        new WeightWatcherAnalyzer(Engine, new WeightWatcherOptions { Randomize = true, RandomSeed = seed })
            .AnalyzeLayer(WeightTensor.FromDouble("w", [rows, cols], w), 3, out _)!;

    [Fact]
    public void RandomizedBaselineIsReproducibleAndSeedDependent()
    {
        var w = SyntheticWeights.GaussianPlusSpikes(120, 200, 3, 3.0, 4);
        var a = Randomized(w, 120, 200, 7).Randomized!;
        var b = Randomized(w, 120, 200, 7).Randomized!;
        var c = Randomized(w, 120, 200, 8).Randomized!;
        Assert.Equal(a.MaxRandEval, b.MaxRandEval);
        Assert.Equal(a.RandDistance, b.RandDistance);
        Assert.NotEqual(a.MaxRandEval, c.MaxRandEval);
        Assert.Equal(RandomizedBaseline.LayerSeed(7, 3), a.Seed);
        // Shuffling destroys the planted spikes: the randomized λmax is far below the layer's.
        Assert.True(a.WwSoftrank < 0.5, $"ww_softrank {a.WwSoftrank}");
        Assert.True(a.RandDistance > 0);
        Assert.Equal(1, a.Replicas);
    }

    [Fact]
    public void SmallLayersPoolFiveReplicas()
    {
        var w = SyntheticWeights.Gaussian(12, 30, 2);
        var r = Randomized(w, 12, 30, 1).Randomized!;
        Assert.Equal(5, r.Replicas);
    }

    [Fact]
    public void JensenShannonDistanceMatchesScipyDefinition()
    {
        // scipy: p=[1,2,3], q=[3,2,1]: jensen_shannon as WeightWatcher computes it = 0.2346926...
        double[] p = [1, 2, 3], q = [3, 2, 1];
        double sp = 6, sq = 6;
        double kl = 0;
        for (int i = 0; i < 3; i++)
        {
            double pi = p[i] / sp, qi = q[i] / sq, mi = (pi + qi) / 2;
            kl += 0.5 * (pi * Math.Log(pi / mi) + qi * Math.Log(qi / mi));
        }
        Close.Relative(Math.Sqrt(kl), RandomizedBaseline.JensenShannonDistance(p, q), 1e-14, "JS distance");
        Assert.Equal(0, RandomizedBaseline.JensenShannonDistance(p, p), 15);
    }

    [Fact]
    public void CorrelationTrapsAppearWhenAFewHugeEntriesSurviveShuffling()
    {
        var w = SyntheticWeights.Gaussian(150, 300, 9);
        w[17] = 400; w[4000] = -350; w[9000] = 300;
        var r = Randomized(w, 150, 300, 1).Randomized!;
        Assert.True(r.CorrelationTraps >= 1, $"traps {r.CorrelationTraps}");
        var clean = Randomized(SyntheticWeights.Gaussian(150, 300, 9), 150, 300, 1).Randomized!;
        Assert.Equal(0, clean.CorrelationTraps);
    }

    [Fact]
    public void TruncatedPowerLawRecoversAnExponentialCutoff()
    {
        // Sample x ≥ 1 from x^(-2.5) e^(-0.02 x) by rejection from the Pareto(α = 2.5) proposal.
        var rng = new Random(TestSeed.Get(77));
        var x = new List<double>();
        while (x.Count < 20000)
        {
            double v = Math.Pow(1 - rng.NextDouble(), -1 / 1.5);
            if (rng.NextDouble() < Math.Exp(-0.02 * (v - 1))) x.Add(v);
        }
        var tail = x.Order().ToArray();
        double plAlpha = 1 + tail.Length / tail.Sum(v => Math.Log(v / tail[0]));
        var fit = TruncatedPowerLaw.Fit(tail, plAlpha);
        Assert.True(fit.Converged);
        Assert.InRange(fit.Alpha, 2.4, 2.6);
        Assert.InRange(fit.Lambda * 1, 0.015, 0.025);
        Assert.True(fit.TruncatedPreferred, $"R = {fit.LogLikelihoodRatio}, p = {fit.PValue}");
    }

    [Fact]
    public void TruncatedPowerLawIsNotPreferredOnAPurePowerLaw()
    {
        var rng = new Random(TestSeed.Get(78));
        var tail = Enumerable.Range(0, 5000).Select(_ => Math.Pow(1 - rng.NextDouble(), -1 / 2.0)).Order().ToArray();
        var fit = PowerLawFit.Fit(tail, new PowerLawFitOptions { FitTruncatedPowerLaw = true });
        var tpl = fit.TruncatedPowerLaw!;
        Assert.False(tpl.TruncatedPreferred, $"R = {tpl.LogLikelihoodRatio}, p = {tpl.PValue}, λ = {tpl.Lambda}");
        Assert.True(tpl.LogLikelihood >= tpl.PowerLawLogLikelihood - 1e-6, "the nested model cannot fit worse");
    }

    [Fact]
    public void SummaryAveragesAsWeightWatcher()
    {
        var names = new[] { "tiny_12x20", "student_t2.5_400x900", "gauss_300x1000" };
        var layers = names.Select((n, i) =>
        {
            var row = WwReference.Row(n, "default");
            var esd = LayerEsd.FromEigenvalues(WwReference.Eigenvalues(n), row.GetProperty("N").GetInt32(), row.GetProperty("M").GetInt32());
            return WeightWatcherAnalyzer.AnalyzeEsd(esd, n, i + 1);
        }).ToList();
        var summary = ModelSummary.From(layers);
        double expectedAlpha = names.Average(n => WwReference.Row(n, "default").Number("alpha"));
        double expectedLogNorm = names.Average(n => WwReference.Row(n, "default").Number("log_norm"));
        Close.Relative(expectedAlpha, summary.Alpha, 1e-9, "mean alpha");
        Close.Relative(expectedLogNorm, summary.LogNorm, 1e-9, "mean log_norm");
        Assert.Equal(3, summary.Layers);
        Assert.Equal(0, summary.ZeroLayers);
        Assert.True(double.IsNaN(summary.MpSoftrank));

        // An all-zero layer (log norms −∞) is counted, not averaged: the norm means stay those of the others.
        var zero = WeightWatcherAnalyzer.AnalyzeEsd(LayerEsd.FromEigenvalues(new double[20], 30, 20), "zeros", 4);
        var withZero = ModelSummary.From([.. layers, zero]);
        Assert.Equal(4, withZero.Layers);
        Assert.Equal(1, withZero.ZeroLayers);
        Close.Relative(expectedLogNorm, withZero.LogNorm, 1e-9, "mean log_norm without the zero layer");
        Assert.True(double.IsFinite(withZero.LogSpectralNorm) && double.IsFinite(withZero.StableRank));
        Close.Relative(expectedAlpha, withZero.Alpha, 1e-9, "mean alpha (the zero layer's fit fails)");
    }
}

using SpectralCore.Analysis.WeightSpectrum;
using Xunit;

namespace SpectralCore.Analysis.Tests.WeightSpectrum;

/// <summary>Each phase has a generator whose label is asserted (several seeds each).</summary>
public class PhaseClassifierTests
{
    private static readonly SpectralEngine Engine = SpectralEngine.Use(Backend.Managed, new SpectralOptions { MaxDegreeOfParallelism = 2 });

    private static PhaseAssessment Classify(string name, double[] w, int rows, int cols)
    {
        var analyzer = new WeightWatcherAnalyzer(Engine, new WeightWatcherOptions { ClassifyPhase = true, EsdRoute = EsdRoute.Gram });
        var layer = analyzer.AnalyzeLayer(WeightTensor.FromDouble(name, [rows, cols], w), 1, out var reason);
        Assert.True(layer is not null, reason);
        return layer!.Phase!;
    }

    private static void Expect(TrainingPhase expected, string name, Func<int, double[]> generate, int rows, int cols, int seeds = 2)
    {
        for (int s = 0; s < seeds; s++)
        {
            int seed = TestSeed.Get(1000) + s;
            var phase = Classify(name, generate(seed), rows, cols);
            Assert.True(phase.Phase == expected,
                $"{name} seed {seed}: expected {expected}, got {phase.Phase} ({phase.Reason}; deviation {phase.BulkDeviation:F2}, outliers {phase.Outliers}, gap {phase.OutlierGap:F2}, extent {phase.TailExtent:F2}, zero {phase.ZeroFraction:P1})");
        }
    }

    [Fact]
    public void GaussianIsRandomLike() =>
        Expect(TrainingPhase.RandomLike, "gaussian", s => SyntheticWeights.Gaussian(400, 900, s), 400, 900);

    [Fact]
    public void GaussianWithStrongSpikesIsBulkPlusSpikes() =>
        Expect(TrainingPhase.BulkPlusSpikes, "spikes", s => SyntheticWeights.GaussianPlusSpikes(400, 900, 5, 3.0, s), 400, 900);

    [Fact]
    public void GaussianWithWeakSpikesAtTheEdgeIsBleedingOut() =>
        Expect(TrainingPhase.BleedingOut, "weak spikes", s => SyntheticWeights.GaussianPlusSpikes(400, 900, 5, 1.1, s), 400, 900);

    [Fact]
    public void ColumnScaledGaussianIsBulkDecay() =>
        Expect(TrainingPhase.BulkDecay, "column-scaled", s => SyntheticWeights.ColumnScaledGaussian(400, 900, s), 400, 900);

    [Fact]
    public void StudentT3IsHeavyTailed() =>
        Expect(TrainingPhase.HeavyTailed, "student-t3", s => SyntheticWeights.StudentT(1000, 1000, 3, s), 1000, 1000);

    [Fact]
    public void ExactlyLowRankIsRankCollapse() =>
        Expect(TrainingPhase.RankCollapse, "rank-20", s => SyntheticWeights.LowRank(200, 400, 20, s), 200, 400);

    [Fact]
    public void WeightWatcherReferenceCasesGetTheExpectedPhases()
    {
        var expected = new Dictionary<string, TrainingPhase>
        {
            ["gauss_1000x1000"] = TrainingPhase.RandomLike,
            ["gauss_300x1000"] = TrainingPhase.RandomLike,
            ["tall_2000x300"] = TrainingPhase.RandomLike,
            ["bulk_plus_5_spikes_600x1200"] = TrainingPhase.BulkPlusSpikes,
            ["rank10_plus_noise_512x768"] = TrainingPhase.BulkPlusSpikes,
            ["student_t1.5_400x900"] = TrainingPhase.HeavyTailed,
            ["student_t2.5_400x900"] = TrainingPhase.HeavyTailed,
            ["pareto_mu1.5_500x500"] = TrainingPhase.HeavyTailed,
            ["rank_collapse_256x512"] = TrainingPhase.RankCollapse,
        };
        foreach (var (name, phase) in expected)
        {
            var evals = WwReference.Eigenvalues(name);
            var row = WwReference.Row(name, "default");
            var result = PhaseClassifier.Classify(evals, row.GetProperty("N").GetInt32(), row.GetProperty("M").GetInt32(), row.Number("alpha"));
            Assert.True(result.Phase == phase, $"{name}: expected {phase}, got {result.Phase} ({result.Reason})");
        }
    }
}

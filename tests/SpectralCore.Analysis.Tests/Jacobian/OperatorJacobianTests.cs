using SpectralCore.Analysis.Jacobian;
using SpectralCore.Analysis.Tests.InPca;
using SpectralCore.Operators;
using Xunit;

namespace SpectralCore.Analysis.Tests.Jacobian;

/// <summary>The matrix-free (top-k randomized) route against the known singular structure of a constructed J.</summary>
public sealed class OperatorJacobianTests
{
    [Fact]
    public void Top_k_of_an_operator_recovers_known_spectrum_and_alignments()
    {
        var random = new Random(11);
        int m = 60, p = 90;
        var sigma = Enumerable.Range(0, 30).Select(i => 5.0 * Math.Exp(-0.6 * i)).ToArray();
        var (j, u) = RandomMatrices.WithSingularValues(random, m, p, sigma);
        var y = Enumerable.Range(0, m).Select(_ => RandomMatrices.Gaussian(random)).ToArray();
        var options = new JacobianOptions { Cutoff = 0.5, TopK = 12, LearningRate = 0.02, Steps = [0, 50] };

        using var engine = SpectralEngine.Create();
        var result = JacobianAnalysis.Analyze(engine, LinearOperator.FromMatrix(j.View), y, options);
        var exact = JacobianAnalysis.FromBasis(new LeftSingularBasis(sigma, u, true, "constructed"), p, y, options with { TopK = null });

        Assert.Equal(12, result.SingularValues.Length);
        Assert.Contains("randomized", result.Method);
        Assert.False(result.Basis.IsComplete);
        for (int i = 0; i < 12; i++) Close.Check(sigma[i], result.SingularValues[i], 0, $"σ[{i}]", rel: 1e-9);
        Assert.Equal(exact.InformationRank, result.InformationRank);
        Assert.False(result.InformationRankIsLowerBound);
        Close.Check(exact.InformationAlignment, result.InformationAlignment, 0, "‖Π_I y‖/‖y‖", rel: 1e-9);
        Close.Check(exact.NuisanceAlignment, result.NuisanceAlignment, 0, "‖Π_N y‖/‖y‖", rel: 1e-9);
        Assert.Contains(result.Warnings, w => w.Contains("top 12"));
    }

    [Fact]
    public void All_top_k_above_cutoff_marks_the_rank_as_a_lower_bound()
    {
        var random = new Random(5);
        var sigma = Enumerable.Range(0, 20).Select(i => 3.0 - 0.1 * i).ToArray();
        var (j, _) = RandomMatrices.WithSingularValues(random, 30, 40, sigma);
        var y = Enumerable.Range(0, 30).Select(_ => RandomMatrices.Gaussian(random)).ToArray();
        using var engine = SpectralEngine.Create();
        var result = JacobianAnalysis.Analyze(engine, LinearOperator.FromMatrix(j.View), y, new JacobianOptions { Cutoff = 0.5, TopK = 5 });
        Assert.Equal(5, result.InformationRank);
        Assert.True(result.InformationRankIsLowerBound);
    }

    [Fact]
    public void Operator_without_top_k_is_rejected()
    {
        var j = new Matrix<double>(4, 5);
        using var engine = SpectralEngine.Create();
        var e = Assert.Throws<ArgumentException>(() => JacobianAnalysis.Analyze(engine, LinearOperator.FromMatrix(j.View), [1.0, 2, 3, 4], new JacobianOptions { Cutoff = 1 }));
        Assert.Equal("options", e.ParamName);
    }
}

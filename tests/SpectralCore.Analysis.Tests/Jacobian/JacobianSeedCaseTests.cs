using SpectralCore.Analysis.Jacobian;
using SpectralCore.Analysis.Tests.InPca;
using Xunit;

namespace SpectralCore.Analysis.Tests.Jacobian;

/// <summary>The Jacobian cases of seed-cases.json (numpy): singular values, r(α), alignments, residual after T steps.</summary>
public sealed class JacobianSeedCaseTests
{
    public static TheoryData<int, Backend> Cases()
    {
        var data = new TheoryData<int, Backend>();
        foreach (var backend in SeedBackends.All)
            for (int i = 0; i < SeedCases.Count("jacobian"); i++) data.Add(i, backend);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Dense_jacobian_matches_reference(int index, Backend backend)
    {
        var c = SeedCases.Case("jacobian", index);
        var j = SeedCases.Matrix(c.GetProperty("J"));
        var y = SeedCases.Vector(c.GetProperty("y"));
        double alpha = c.GetProperty("cutoff").GetDouble();
        double eta = c.GetProperty("eta").GetDouble();
        int steps = c.GetProperty("steps").GetInt32();
        var expectedSigma = SeedCases.Vector(c.GetProperty("singular_values"));
        var expectedResidual = SeedCases.Vector(c.GetProperty("residual_after_steps"));

        using var engine = SeedBackends.Use(backend);
        var result = JacobianAnalysis.Analyze(engine, j, y, new JacobianOptions { Cutoff = alpha, LearningRate = eta, Steps = [0, steps] });

        // The reference lists the nonzero singular values; the rest (rank-deficient J) must be ~0.
        for (int i = 0; i < expectedSigma.Length; i++) Close.Check(expectedSigma[i], result.SingularValues[i], 0, $"case {index} σ[{i}]");
        for (int i = expectedSigma.Length; i < result.SingularValues.Length; i++)
            Assert.True(result.SingularValues[i] <= 1e-12 * expectedSigma[0], $"case {index} σ[{i}] = {result.SingularValues[i]} should be 0");
        Assert.Equal(c.GetProperty("information_rank").GetInt32(), result.InformationRank);
        Close.Check(c.GetProperty("information_alignment").GetDouble(), result.InformationAlignment, 0, $"case {index} ‖Π_I y‖/‖y‖");
        Close.Check(c.GetProperty("nuisance_alignment").GetDouble(), result.NuisanceAlignment, 0, $"case {index} ‖Π_N y‖/‖y‖");
        var residual = result.Dynamics.Residual(steps);
        double scale = expectedResidual.Max(Math.Abs);
        Close.Vectors(expectedResidual, residual, $"case {index} r_{steps}", scale);
        Close.Check(Math.Sqrt(expectedResidual.Sum(v => v * v)), result.Trajectory[^1].Norm, 0, $"case {index} ‖r_{steps}‖");

        // Same through the 1/(2n) convention with η scaled by n (identical dynamics).
        var mean = JacobianAnalysis.Analyze(engine, j, y, new JacobianOptions { Cutoff = alpha, LearningRate = eta * y.Length, Loss = LossConvention.HalfMeanOverSamples, Steps = [steps] });
        Close.Vectors(expectedResidual, mean.Dynamics.Residual(steps), $"case {index} r_{steps} (1/(2n) loss)", scale);
    }
}

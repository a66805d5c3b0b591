using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpectralCore.Analysis.Jacobian;
using SpectralCore.Analysis.Tests.InPca;
using Xunit;

namespace SpectralCore.Analysis.Tests.Jacobian;

/// <summary>
/// The closed-form residual r_t = Σ (1 − η'σ²)^t ⟨u, r_0⟩ u + r_⊥ against plain gradient descent, on random J with
/// known singular structure (J = U Σ Vᵀ built from random orthonormal factors, so no eigensolver is involved).
/// </summary>
public sealed class ResidualFormulaTests
{
    [Property(MaxTest = 40)]
    public void Formula_equals_simulated_gradient_descent(int generatedSeed)
    {
        int seed = TestSeed.Resolve(generatedSeed);
        var random = new Random(seed);
        int classes = random.Next(1, 4);
        int samples = random.Next(2, 9);
        int m = classes * samples;
        int p = random.Next(2, 16);
        int k = random.Next(1, Math.Min(m, p) + 1); // k < m leaves a left null space that must not decay
        var sigma = Enumerable.Range(0, k).Select(_ => 0.1 + 2 * random.NextDouble()).OrderDescending().ToArray();
        var (j, u) = RandomMatrices.WithSingularValues(random, m, p, sigma);
        var y = Enumerable.Range(0, m).Select(_ => RandomMatrices.Gaussian(random)).ToArray();
        var loss = random.Next(2) == 0 ? LossConvention.HalfSumOfSquares : LossConvention.HalfMeanOverSamples;
        double scale = loss == LossConvention.HalfSumOfSquares ? 1.0 : 1.0 / samples;
        double eta = (0.2 + 1.6 * random.NextDouble()) / (scale * sigma[0] * sigma[0]);
        int steps = random.Next(0, 30);

        var basis = new LeftSingularBasis(sigma, u, isComplete: true, "constructed");
        var result = JacobianAnalysis.FromBasis(basis, p, y, new JacobianOptions
        {
            Cutoff = sigma[^1] * 0.999 + 1e-3, Classes = classes, LearningRate = eta, Loss = loss, Steps = [steps], MaxSteps = 1000,
        });
        var predicted = result.Dynamics.Residual(steps);
        var simulated = RandomMatrices.GradientDescentResidual(j, y, eta, steps, scale);
        double norm = Math.Sqrt(y.Sum(v => v * v));
        for (int i = 0; i < m; i++)
            Close.Check(simulated[i], predicted[i], norm, $"seed {seed}: r_{steps}[{i}] ({loss}, m={m}, p={p}, k={k})", rel: 1e-10);
        var point = result.Trajectory.Single();
        double predictedNorm = Math.Sqrt(predicted.Sum(v => v * v));
        Close.Check(predictedNorm, point.Norm, norm, $"seed {seed}: ‖r_t‖", rel: 1e-12);
        Close.Check(Math.Sqrt(point.InformationNorm * point.InformationNorm + point.NuisanceNorm * point.NuisanceNorm), point.Norm, norm, $"seed {seed}: I ⊕ N", rel: 1e-12);
    }

    [Property(MaxTest = 15)]
    public void Dense_analysis_of_a_random_gaussian_j_predicts_gradient_descent(int generatedSeed)
    {
        // Through the engine's SVD this time (tall J has a left null space; wide J may have exact zero directions).
        int seed = TestSeed.Resolve(generatedSeed);
        var random = new Random(seed);
        int m = random.Next(2, 25), p = random.Next(1, 25);
        var j = new Matrix<double>(m, p);
        for (int i = 0; i < j.Data.Length; i++) j.Data[i] = RandomMatrices.Gaussian(random) / Math.Sqrt(p);
        var y = Enumerable.Range(0, m).Select(_ => RandomMatrices.Gaussian(random)).ToArray();
        int steps = random.Next(1, 40);
        using var engine = SpectralEngine.Create();
        var result = JacobianAnalysis.Analyze(engine, j, y, new JacobianOptions { Cutoff = 0.5, Steps = [steps] });
        double sigma1 = result.SingularValues[0];
        Assert.True(Math.Abs(result.Dynamics.LearningRate * sigma1 * sigma1 - 1) < 1e-12, $"seed {seed}: default η·σ₁² should be 1");
        var simulated = RandomMatrices.GradientDescentResidual(j, y, result.Dynamics.LearningRate, steps, 1.0);
        var predicted = result.Dynamics.Residual(steps);
        double norm = Math.Sqrt(y.Sum(v => v * v));
        for (int i = 0; i < m; i++)
            Close.Check(simulated[i], predicted[i], norm, $"seed {seed}: r_{steps}[{i}] (m={m}, p={p})", rel: 1e-10);
    }

    [Property(MaxTest = 40)]
    public void Alignments_squared_sum_to_one_and_energies_to_label_norm(int generatedSeed)
    {
        int seed = TestSeed.Resolve(generatedSeed);
        var random = new Random(seed);
        int m = random.Next(2, 20), p = random.Next(1, 20);
        int k = random.Next(1, Math.Min(m, p) + 1);
        var sigma = Enumerable.Range(0, k).Select(_ => random.NextDouble() * 3).OrderDescending().ToArray();
        var (_, u) = RandomMatrices.WithSingularValues(random, m, p, sigma);
        var y = Enumerable.Range(0, m).Select(_ => RandomMatrices.Gaussian(random)).ToArray();
        var result = JacobianAnalysis.FromBasis(new LeftSingularBasis(sigma, u, true, "constructed"), p, y, new JacobianOptions { Cutoff = 1.0 });
        double sum = result.InformationAlignment * result.InformationAlignment + result.NuisanceAlignment * result.NuisanceAlignment;
        Assert.True(Math.Abs(sum - 1) <= 1e-13, $"seed {seed}: alignment² sum {sum:R}");
        double energy = result.LabelEnergy.Sum() + result.OutsideLabelEnergy;
        double normSquared = y.Sum(v => v * v);
        Close.Check(normSquared, energy, 0, $"seed {seed}: Σ⟨u_i, y⟩² + outside", rel: 1e-12);
        Assert.Equal(sigma.Count(s => s >= 1.0), result.InformationRank);
        // ‖Π_I y‖ directly from the projection onto the first r columns of U.
        var projection = new double[m];
        for (int i = 0; i < result.InformationRank; i++)
        {
            double c = 0;
            for (int r = 0; r < m; r++) c += u[r, i] * y[r];
            for (int r = 0; r < m; r++) projection[r] += c * u[r, i];
        }
        Close.Check(Math.Sqrt(projection.Sum(v => v * v) / normSquared), result.InformationAlignment, 1e-3, $"seed {seed}: ‖Π_I y‖/‖y‖", rel: 1e-10);
    }

    [Fact]
    public void Early_stop_is_found_when_information_directions_are_much_faster()
    {
        var random = new Random(7);
        double[] sigma = [3.0, 2.5, 0.05, 0.02];
        var (_, u) = RandomMatrices.WithSingularValues(random, 6, 10, sigma);
        var y = new[] { 1.0, -0.5, 0.3, 0.8, -1.2, 0.4 };
        var result = JacobianAnalysis.FromBasis(new LeftSingularBasis(sigma, u, true, "constructed"), 10, y,
            new JacobianOptions { Cutoff = 1.0, LearningRate = 0.1, MaxSteps = 10_000 });
        var stop = result.EarlyStop.Step;
        Assert.NotNull(stop);
        var at = result.Dynamics.At(stop!.Value);
        var start = result.Dynamics.At(0);
        Assert.True(at.InformationNorm <= 0.05 * start.InformationNorm, result.EarlyStop.Reason);
        Assert.True(result.Dynamics.At(stop.Value - 1).InformationNorm > 0.05 * start.InformationNorm, "not the first such step");
        Assert.True(at.NuisanceNorm * at.NuisanceNorm >= 0.5 * start.NuisanceNorm * start.NuisanceNorm, result.EarlyStop.Reason);
    }

    [Fact]
    public void Divergent_learning_rate_is_reported_and_no_stop_suggested()
    {
        var random = new Random(3);
        double[] sigma = [2.0, 0.5];
        var (_, u) = RandomMatrices.WithSingularValues(random, 4, 5, sigma);
        var result = JacobianAnalysis.FromBasis(new LeftSingularBasis(sigma, u, true, "constructed"), 5, [1.0, 2, 3, 4],
            new JacobianOptions { Cutoff = 1.0, LearningRate = 0.6 });
        Assert.False(result.Dynamics.IsStable);
        Assert.Null(result.EarlyStop.Step);
        Assert.Contains(result.Warnings, w => w.Contains("diverges"));
    }

    [Fact]
    public void Bad_inputs_name_the_argument()
    {
        var u = RandomMatrices.Orthonormal(new Random(1), 4, 2);
        var basis = new LeftSingularBasis([2.0, 1.0], u, true, "constructed");
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => JacobianAnalysis.FromBasis(basis, 3, [1.0, 2.0], new JacobianOptions { Cutoff = 1 })).ParamName);
        Assert.Equal("Cutoff", Assert.Throws<ArgumentException>(() => JacobianAnalysis.FromBasis(basis, 3, [1.0, 2, 3, 4], new JacobianOptions())).ParamName);
        Assert.Equal("Cutoff", Assert.Throws<ArgumentException>(() => JacobianAnalysis.FromBasis(basis, 3, [1.0, 2, 3, 4], new JacobianOptions { Cutoff = 1, InformationRank = 1 })).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => JacobianAnalysis.FromBasis(basis, 3, [1.0, double.NaN, 3, 4], new JacobianOptions { Cutoff = 1 })).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => JacobianAnalysis.FromBasis(basis, 3, [0.0, 0, 0, 0], new JacobianOptions { Cutoff = 1 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => JacobianAnalysis.FromBasis(basis, 3, [1.0, 2, 3, 4], new JacobianOptions { Cutoff = 1, Classes = 3 })).ParamName);
        Assert.Equal("singularValues", Assert.Throws<ArgumentException>(() => new LeftSingularBasis([1.0, 2.0], u, true, "x")).ParamName);
    }
}

using FsCheck.Xunit;
using SpectralCore.Analysis.InPca;
using SpectralCore.Analysis.Tests.Jacobian;
using Xunit;

namespace SpectralCore.Analysis.Tests.InPca;

public sealed class EmbeddingPropertyTests
{
    [Property(MaxTest = 20)]
    public void Double_centred_euclidean_distances_reproduce_classical_mds(int generatedSeed)
    {
        int seed = TestSeed.Resolve(generatedSeed);
        var random = new Random(seed);
        int m = random.Next(3, 25), dim = random.Next(1, Math.Min(5, m - 1) + 1);
        var x = new double[m, dim];
        for (int i = 0; i < m; i++)
            for (int k = 0; k < dim; k++) x[i, k] = 3 * RandomMatrices.Gaussian(random);
        var d = new Matrix<double>(m, m);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int k = 0; k < dim; k++) s += (x[i, k] - x[j, k]) * (x[i, k] - x[j, k]);
                d[i, j] = s;
            }
        // W must be the Gram matrix of the centred points.
        var w = DoubleCentring.Apply(d);
        var mean = new double[dim];
        for (int i = 0; i < m; i++)
            for (int k = 0; k < dim; k++) mean[k] += x[i, k] / m;
        double scale = d.Data.Max();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                double g = 0;
                for (int k = 0; k < dim; k++) g += (x[i, k] - mean[k]) * (x[j, k] - mean[k]);
                Close.Check(g, w[i, j], scale, $"seed {seed}: W[{i},{j}]", rel: 1e-12);
            }
        using var engine = SpectralEngine.Create();
        var embedding = InPcaEmbedding.FromDistances(engine, d, dim);
        // Euclidean input: the leading eigenvalues are non-negative, the rest ~0, stress of dim directions is 1,
        // and the dim-dimensional (all space-like) embedding reproduces every distance.
        Assert.All(embedding.Signs, s => Assert.Equal(1, s));
        Close.Check(1.0, embedding.ExplainedStress[^1], 0, $"seed {seed}: stress at k = dim", rel: 1e-6);
        var back = embedding.MinkowskiDistances();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                Close.Check(d[i, j], back[i, j], scale, $"seed {seed}: D[{i},{j}] from {dim} coordinates", rel: 1e-9);
        // Out-of-sample: a point equal to reference point a lands on a.
        int a = random.Next(m);
        var projected = embedding.Project(new Matrix<double>(d.Row(a).ToArray(), 1, m));
        for (int k = 0; k < dim; k++) Close.Check(embedding.Coordinates[a, k], projected[0, k], Math.Sqrt(scale), $"seed {seed}: projection of point {a}", rel: 1e-9);
    }

    [Property(MaxTest = 15)]
    public void Signed_minkowski_distances_from_all_coordinates_reproduce_bhattacharyya_distances(int generatedSeed)
    {
        int seed = TestSeed.Resolve(generatedSeed);
        var random = new Random(seed);
        int m = random.Next(2, 20), n = random.Next(1, 30), c = random.Next(2, 6);
        var tensor = new ProbabilityTensor(RandomModels.Probabilities(random, m, n, c, zeros: true), m, n, c);
        using var engine = SpectralEngine.Create();
        var analysis = InPcaAnalysis.Run(engine, tensor, new InPcaOptions { Dimensions = null });
        var d = analysis.DistanceResult.Distances;
        var back = analysis.Embedding.MinkowskiDistances();
        double scale = d.Data.Max(Math.Abs);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                if (i != j) Close.Check(d[i, j], back[i, j], scale, $"seed {seed}: D[{i},{j}] (m={m})", rel: 1e-9);
        // Stress is non-decreasing and reaches 1 with every direction.
        var stress = analysis.Embedding.ExplainedStress;
        for (int k = 1; k < stress.Length; k++) Assert.True(stress[k] >= stress[k - 1] - 1e-15, $"seed {seed}: stress decreases at {k}");
        Close.Check(1.0, stress[^1], 0, $"seed {seed}: full stress", rel: 1e-12);
        // A copy of a reference model projects onto it.
        int a = random.Next(m);
        var copy = new double[n * c];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < c; k++) copy[i * c + k] = tensor[a, i, k];
        var projected = analysis.Project(new ProbabilityTensor(copy, 1, n, c));
        for (int k = 0; k < analysis.Embedding.Dimensions; k++)
            if (Math.Abs(analysis.Embedding.Eigenvalues[k]) > 1e-10 * Math.Abs(analysis.Embedding.Eigenvalues[0]))
                Close.Check(analysis.Embedding.Coordinates[a, k], projected[0, k], Math.Sqrt(scale), $"seed {seed}: projection of model {a}, dim {k}", rel: 1e-8);
    }

    [Fact]
    public void Unrelated_models_are_not_a_low_dimensional_ribbon()
    {
        // Control for the hyper-ribbon test: 60 independent random models spread over many directions, so the
        // top-3 stress is far below 0.95 (the measure can fail).
        var random = new Random(77);
        int m = 60, n = 400;
        var tensor = new ProbabilityTensor(RandomModels.Probabilities(random, m, n, 2, scale: 1.0), m, n, 2);
        using var engine = SpectralEngine.Create();
        var analysis = InPcaAnalysis.Run(engine, tensor, new InPcaOptions { Dimensions = 3 });
        Assert.True(analysis.Embedding.ExplainedStress[2] < 0.5, $"top-3 stress {analysis.Embedding.ExplainedStress[2]}");
    }

    [Theory]
    [InlineData(2.0)]
    public void Linear_model_training_trajectory_is_a_low_dimensional_hyper_ribbon(double c)
    {
        // Inputs with covariance eigenvalues e^{−ck}; a linear teacher; gradient descent on ½‖Xw − y‖²/N from w = 0.
        // Each checkpoint is a model whose class probabilities are the sigmoid of its output (two classes).
        var random = new Random(2024);
        int d = 30, n = 400, checkpoints = 60;
        var lambda = Enumerable.Range(1, d).Select(k => Math.Exp(-c * k) / Math.Exp(-c)).ToArray();
        var x = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) x[i, k] = Math.Sqrt(lambda[k]) * RandomMatrices.Gaussian(random);
        var teacher = Enumerable.Range(0, d).Select(_ => 3 * RandomMatrices.Gaussian(random)).ToArray();
        var y = new double[n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) y[i] += x[i, k] * teacher[k];
        double eta = 1.0 / lambda[0];
        var w = new double[d];
        var probabilities = new double[checkpoints * n * 2];
        int step = 0;
        for (int t = 0; t < checkpoints; t++)
        {
            int target = (int)Math.Round(Math.Pow(10, 4.0 * t / (checkpoints - 1))) - 1; // log-spaced, 0 … 9,999
            for (; step < target; step++)
            {
                var gradient = new double[d];
                for (int i = 0; i < n; i++)
                {
                    double r = -y[i];
                    for (int k = 0; k < d; k++) r += x[i, k] * w[k];
                    for (int k = 0; k < d; k++) gradient[k] += r * x[i, k] / n;
                }
                for (int k = 0; k < d; k++) w[k] -= eta * gradient[k];
            }
            for (int i = 0; i < n; i++)
            {
                double f = 0;
                for (int k = 0; k < d; k++) f += x[i, k] * w[k];
                double p = 1.0 / (1.0 + Math.Exp(-f));
                probabilities[(t * n + i) * 2] = p;
                probabilities[(t * n + i) * 2 + 1] = 1 - p;
            }
        }
        using var engine = SpectralEngine.Create();
        var analysis = InPcaAnalysis.Run(engine, new ProbabilityTensor(probabilities, checkpoints, n, 2), new InPcaOptions { Dimensions = 3 });
        double stress3 = analysis.Embedding.ExplainedStress[2];
        Assert.True(stress3 > 0.95, $"top-3 explained stress {stress3} for c = {c}; eigenvalues {string.Join(", ", analysis.Embedding.Eigenvalues)}");
    }
}

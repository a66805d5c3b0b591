using FsCheck.Xunit;
using SpectralCore.Analysis.InPca;
using Xunit;

namespace SpectralCore.Analysis.Tests.InPca;

public sealed class BhattacharyyaPropertyTests
{
    [Property(MaxTest = 25)]
    public void Self_distance_is_zero_and_matrix_is_symmetric_and_matches_the_naive_formula(int generatedSeed)
    {
        int seed = TestSeed.Resolve(generatedSeed);
        var random = new Random(seed);
        int m = random.Next(1, 23), n = random.Next(1, 40), c = random.Next(1, 12);
        var data = RandomModels.Probabilities(random, m, n, c, scale: 1 + 4 * random.NextDouble(), zeros: random.Next(2) == 0);
        // A small chunk budget forces several chunks and partial tiles.
        var options = new BhattacharyyaOptions { ChunkBytes = random.Next(1, 4) * 8L * c * m, Scale = 0.5 + random.NextDouble() };
        var d = BhattacharyyaDistances.Compute(new ProbabilityTensor(data, m, n, c), options).Distances;
        for (int a = 0; a < m; a++)
        {
            Assert.True(Math.Abs(d[a, a]) <= 1e-14, $"seed {seed}: d(P{a}, P{a}) = {d[a, a]:R}");
            for (int b = 0; b < m; b++)
            {
                Assert.True(d[a, b] == d[b, a], $"seed {seed}: asymmetric at ({a}, {b})");
                double naive = RandomModels.NaiveDistance(data, n, c, a, b, scale: options.Scale);
                Close.Check(naive, d[a, b], 1e-3, $"seed {seed}: D[{a},{b}] vs naive (m={m}, n={n}, c={c})", rel: 1e-12);
            }
        }
    }

    [Property(MaxTest = 15)]
    public void Cross_distances_agree_with_all_pairs_and_are_transposes(int generatedSeed)
    {
        int seed = TestSeed.Resolve(generatedSeed);
        var random = new Random(seed);
        int ma = random.Next(1, 9), mb = random.Next(1, 300), n = random.Next(1, 12), c = random.Next(2, 6);
        var a = RandomModels.Probabilities(random, ma, n, c);
        var b = RandomModels.Probabilities(random, mb, n, c);
        var ab = BhattacharyyaDistances.Compute(new ProbabilityTensor(a, ma, n, c), new ProbabilityTensor(b, mb, n, c)).Distances;
        var ba = BhattacharyyaDistances.Compute(new ProbabilityTensor(b, mb, n, c), new ProbabilityTensor(a, ma, n, c)).Distances;
        for (int i = 0; i < ma; i++)
            for (int j = 0; j < mb; j++)
            {
                Close.Check(ab[i, j], ba[j, i], 1e-3, $"seed {seed}: transpose ({i}, {j})", rel: 1e-13);
                double naive = 0;
                for (int s = 0; s < n; s++)
                {
                    double bc = 0;
                    for (int k = 0; k < c; k++) bc += Math.Sqrt(a[(i * n + s) * c + k] * b[(j * n + s) * c + k]);
                    naive += Math.Log(Math.Max(bc, 1e-6));
                }
                Close.Check(-naive / n, ab[i, j], 1e-3, $"seed {seed}: cross ({i}, {j}) vs naive", rel: 1e-12);
            }
    }

    [Fact]
    public void Result_is_bitwise_identical_for_any_thread_count_and_float32_storage_is_read_exactly()
    {
        var random = new Random(99);
        int m = 37, n = 50, c = 7;
        var data = RandomModels.Probabilities(random, m, n, c);
        var tensor = new ProbabilityTensor(data, m, n, c);
        var one = BhattacharyyaDistances.Compute(tensor, new BhattacharyyaOptions { MaxDegreeOfParallelism = 1 }).Distances;
        var many = BhattacharyyaDistances.Compute(tensor, new BhattacharyyaOptions { MaxDegreeOfParallelism = 4 }).Distances;
        Assert.Equal(one.Data, many.Data);

        var single = data.Select(v => (float)v).ToArray();
        var widened = single.Select(v => (double)v).ToArray();
        var fromSingle = BhattacharyyaDistances.Compute(new ProbabilityTensor(single, m, n, c)).Distances;
        var fromWidened = BhattacharyyaDistances.Compute(new ProbabilityTensor(widened, m, n, c)).Distances;
        Assert.Equal(fromWidened.Data, fromSingle.Data);
    }

    [Fact]
    public void Disjoint_supports_hit_the_clip_and_unnormalized_rows_are_reported()
    {
        // BC = 0 is clipped at 1e-6: d = −ln 1e-6.
        double d = BhattacharyyaDistances.Distance([1.0, 0.0], [0.0, 1.0], 1, 2);
        Close.Check(-Math.Log(1e-6), d, 0, "clipped distance");
        var result = BhattacharyyaDistances.Compute(new ProbabilityTensor(new double[] { 0.2, 0.2, 0.5, 0.5 }, 2, 1, 2));
        Assert.Equal(1, result.UnnormalizedRows);
        Close.Check(0.6, result.MaxNormalizationError, 0, "max |Σp − 1|");
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_the_argument_named()
    {
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => BhattacharyyaDistances.Compute(new ProbabilityTensor(new double[] { 0.5, -0.1, 0.5, 0.5 }, 2, 1, 2))).ParamName);
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => BhattacharyyaDistances.Compute(new ProbabilityTensor(new double[] { 0.5, double.NaN, 0.5, 0.5 }, 2, 1, 2))).ParamName);
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => BhattacharyyaDistances.Compute(new ProbabilityTensor(new double[] { 0.5, double.PositiveInfinity, 0.5, 0.5 }, 2, 1, 2, logProbabilities: true))).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => new ProbabilityTensor(new double[5], 2, 1, 2)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => BhattacharyyaDistances.Compute(new ProbabilityTensor(new double[] { 1, 0 }, 1, 1, 2), new BhattacharyyaOptions { Scale = 0 }));
        // Log-probabilities may be −∞ (p = 0).
        double d = BhattacharyyaDistances.Distance([0.0, double.NegativeInfinity], [Math.Log(0.5), Math.Log(0.5)], 1, 2, logProbabilities: true);
        Close.Check(-Math.Log(Math.Sqrt(0.5)), d, 0, "with −∞ log-probability");
    }

    [Fact]
    public void Group_length_never_lets_the_product_underflow_or_overflow()
    {
        Assert.Equal(32, BhattacharyyaDistances.GroupLength(1.0, 1e-6));
        Assert.Equal(1, BhattacharyyaDistances.GroupLength(1e200, 1e-6));
        Assert.True(BhattacharyyaDistances.GroupLength(1.0, 1e-300) == 1);
        int g = BhattacharyyaDistances.GroupLength(1e20, 1e-6);
        Assert.True(Math.Pow(1e20, g) < 1e300 && Math.Pow(1e-6, g) > 1e-300);
    }
}

using SpectralCore.Analysis.WeightSpectrum;
using Xunit;

namespace SpectralCore.Analysis.Tests.WeightSpectrum;

/// <summary>
/// float32 weights go to the solver as float32 (computed in float64, never widened as a whole layer): the ESD must be
/// that of the exact float64 widening of the same weights, for every layer kind, route and for the randomized baseline.
/// </summary>
public class SinglePrecisionPathTests
{
    private static readonly SpectralEngine Engine = SpectralEngine.Use(Backend.Managed, new SpectralOptions { MaxDegreeOfParallelism = 1 });

    private static LayerMetrics Analyze(WeightTensor t, WeightWatcherOptions options) =>
        new WeightWatcherAnalyzer(Engine, options).AnalyzeLayer(t, 1, out var reason) ?? throw new InvalidOperationException(reason);

    private static float[] RandomSingles(int count, int seed)
    {
        var rng = new Random(seed);
        var w = new float[count];
        for (int i = 0; i < count; i++) w[i] = (float)(SyntheticWeights.Normal(rng) * 0.05);
        return w;
    }

    [Theory]
    [InlineData(new[] { 90, 70 }, EsdRoute.Bidiagonal, false)]
    [InlineData(new[] { 70, 90 }, EsdRoute.Gram, false)]
    [InlineData(new[] { 24, 16, 3, 3 }, EsdRoute.Bidiagonal, false)] // Conv2D, unscaled: widening is exact
    [InlineData(new[] { 24, 16, 3, 3 }, EsdRoute.Gram, false)]
    [InlineData(new[] { 40, 30 }, EsdRoute.Bidiagonal, true)]     // with the randomized baseline
    public void Float32WeightsGiveTheEsdOfTheirFloat64Widening(int[] shape, EsdRoute route, bool randomize)
    {
        int count = shape.Aggregate(1, (a, b) => a * b);
        var single = RandomSingles(count, 11 + count);
        var widened = single.Select(v => (double)v).ToArray();
        var options = new WeightWatcherOptions { KeepEigenvalues = true, EsdRoute = route, Conv2DNormalize = false, Randomize = randomize, RandomSeed = 5 };
        var a = Analyze(WeightTensor.FromSingle("w", shape, single), options);
        var b = Analyze(WeightTensor.FromDouble("w", shape, widened), options);
        Assert.Equal(b.Rf, a.Rf);
        Assert.Equal(b.Eigenvalues!.Length, a.Eigenvalues!.Length);
        // Same float64 arithmetic on the same values; only blocking/order may differ, so agreement is to a few ulps of λmax.
        double scale = b.Eigenvalues[^1];
        for (int j = 0; j < a.Eigenvalues.Length; j++)
            Assert.True(Math.Abs(a.Eigenvalues[j] - b.Eigenvalues[j]) <= 1e-13 * scale, $"eigenvalue {j}: {a.Eigenvalues[j]:R} vs {b.Eigenvalues[j]:R}");
        if (randomize)
        {
            Assert.Equal(b.Randomized!.Seed, a.Randomized!.Seed);
            Close.Relative(b.Randomized.MaxRandEval, a.Randomized.MaxRandEval, 1e-12, "max randomized eigenvalue");
        }
    }

    /// <summary>A solver that implements only the float64 entry point: float32 slices reach it through the widening default.</summary>
    private sealed class Float64OnlySolver(ISingularValueSolver inner) : ISingularValueSolver
    {
        public List<double[]> Seen { get; } = [];

        public double[] SingularValues(double[] rowMajor, int rows, int columns)
        {
            Seen.Add(rowMajor);
            return inner.SingularValues(rowMajor, rows, columns);
        }

        public string Description => "float64 only";
    }

    [Fact]
    public void SolversWithoutAFloat32EntryPointReceiveTheExactWidening()
    {
        var single = RandomSingles(8 * 5 * 2 * 2, 3);
        var solver = new Float64OnlySolver(new EngineSingularValueSolver(Engine, EsdRoute.Bidiagonal));
        var t = WeightTensor.FromSingle("c", [8, 5, 2, 2], single);
        var m = new WeightWatcherAnalyzer(solver, new WeightWatcherOptions { Conv2DNormalize = false, MinEvals = 1 }).AnalyzeLayer(t, 0, out var reason);
        Assert.True(m is not null, reason);
        Assert.Equal(4, solver.Seen.Count);
        // PyTorch (out, in, kh, kw): slice r = (y, x) holds w[a, b, y, x] at row a, column b.
        for (int r = 0; r < 4; r++)
            for (int a = 0; a < 8; a++)
                for (int b = 0; b < 5; b++)
                    Assert.Equal((double)single[(a * 5 + b) * 4 + r], solver.Seen[r][a * 5 + b]);
    }
}

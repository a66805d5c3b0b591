using SpectralCore.Randomized;
using Xunit;

namespace SpectralCore.Tests.Randomized;

public sealed class GaussianSketchTests
{
    [Fact]
    public void ReproducibleAndIndependentOfThreads()
    {
        var serial = new double[100_001];
        GaussianSketch.Fill<double>(serial, 123, GaussianSketch.RangeStream);
        var parallel = GaussianSketch.Create<double>(100_001, 1, 123, GaussianSketch.RangeStream, 3);
        Assert.Equal(serial, parallel);
        var otherSeed = GaussianSketch.Create<double>(10, 1, 124, GaussianSketch.RangeStream, 1);
        var otherStream = GaussianSketch.Create<double>(10, 1, 123, GaussianSketch.ProbeStream, 1);
        Assert.NotEqual(serial[..10], otherSeed);
        Assert.NotEqual(serial[..10], otherStream);
    }

    [Fact]
    public void MomentsAreStandardNormal()
    {
        const int n = 400_000;
        var z = GaussianSketch.Create<double>(n, 1, 7 + TestMatrices.SeedOffset, GaussianSketch.RangeStream, 2);
        double mean = z.Average(), variance = z.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        double fourth = z.Sum(v => Math.Pow(v - mean, 4)) / n / (variance * variance);
        double tail = z.Count(v => Math.Abs(v) > 1.959963984540054) / (double)n;
        // Six standard errors: failure probability ~1e-9 per check for a correct generator.
        Assert.InRange(mean, -6 / Math.Sqrt(n), 6 / Math.Sqrt(n));
        Assert.InRange(variance, 1 - 6 * Math.Sqrt(2.0 / n), 1 + 6 * Math.Sqrt(2.0 / n));
        Assert.InRange(fourth, 3 - 6 * Math.Sqrt(96.0 / n), 3 + 6 * Math.Sqrt(96.0 / n));
        Assert.InRange(tail, 0.05 - 6 * Math.Sqrt(0.05 * 0.95 / n), 0.05 + 6 * Math.Sqrt(0.05 * 0.95 / n));
        // Adjacent entries (the two halves of a Box–Muller pair) are uncorrelated.
        double correlation = 0;
        for (int i = 0; i + 1 < n; i += 2) correlation += z[i] * z[i + 1];
        correlation /= n / 2;
        Assert.InRange(correlation, -6 / Math.Sqrt(n / 2.0), 6 / Math.Sqrt(n / 2.0));
    }
}

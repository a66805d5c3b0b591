using Xunit;
using SpectralCore.Kernels.Common;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>
/// float32 → float64 widening: every length 0..256 at every start offset 0..15 (so each vector width's tail and
/// alignment occurs), special values, float64 copies, other element types, and a short target.
/// </summary>
public class WideningTests
{
    [Fact]
    public void WidensEveryLengthAndOffsetExactly()
    {
        var rng = new SeededRandom(TestSeed.For("widening"));
        var source = new float[256 + 16];
        for (int i = 0; i < source.Length; i++) source[i] = (float)(rng.NextNormal() * Math.Pow(2, rng.NextInt(40) - 20));
        for (int offset = 0; offset < 16; offset++)
            for (int length = 0; length <= 256; length++)
            {
                // One guard element past the run must stay untouched.
                var target = new double[length + 1];
                target[length] = double.Pi;
                Widening.ToDouble<float>(source.AsSpan(offset, length), target);
                for (int i = 0; i < length; i++)
                    Assert.True(target[i] == source[offset + i], $"offset {offset} length {length}: [{i}] {target[i]:R} vs {source[offset + i]:R}");
                Assert.Equal(double.Pi, target[length]);
            }
    }

    [Fact]
    public void SpecialValuesKeepTheirMeaningAndBits()
    {
        float[] specials =
        [
            0f, -0f, float.Epsilon, -float.Epsilon, 1.1754942E-38f /* largest subnormal */, float.MaxValue, float.MinValue,
            float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1f, -1f, 3.3333333f,
        ];
        // Repeated so the specials land in vector lanes and in the scalar tail alike.
        var source = Enumerable.Range(0, 5 * specials.Length).Select(i => specials[i % specials.Length]).ToArray();
        var target = new double[source.Length];
        Widening.ToDouble<float>(source, target);
        for (int i = 0; i < source.Length; i++)
        {
            double expected = source[i];
            if (float.IsNaN(source[i])) Assert.True(double.IsNaN(target[i]), $"[{i}] NaN widened to {target[i]:R}");
            else Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(target[i]));
        }
    }

    [Fact]
    public void CopiesDoublesAndConvertsOtherTypes()
    {
        double[] doubles = [1.5, -0.0, double.MaxValue, 5e-324, 7];
        var copied = new double[5];
        Widening.ToDouble<double>(doubles, copied);
        Assert.Equal(doubles.Select(BitConverter.DoubleToInt64Bits), copied.Select(BitConverter.DoubleToInt64Bits));
        Half[] halves = [(Half)1.5, (Half)(-2), Half.MaxValue];
        var widened = new double[3];
        Widening.ToDouble<Half>(halves, widened);
        Assert.Equal(new[] { 1.5, -2, 65504.0 }, widened);
    }

    [Fact]
    public void AShortTargetIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Widening.ToDouble<float>(new float[9], new double[8]));
        Assert.Equal("target", e.ParamName);
    }
}

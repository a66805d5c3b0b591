using SpectralCore.Kernels.Memory;
using Xunit;

namespace SpectralCore.Tests.Kernels;

public sealed class LargeArrayTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData((LargeArray.Threshold / 8) - 1)] // just below the advice threshold: an ordinary array
    [InlineData(LargeArray.Threshold / 8)]       // at it: pinned, advised
    [InlineData((LargeArray.Threshold / 8) * 3 + 5)]
    public void AllocatesZeroedArraysOfTheRequestedLength(long length)
    {
        var a = LargeArray.Allocate<double>(length);
        Assert.Equal(length, a.LongLength);
        Assert.All(a, x => Assert.Equal(0.0, x));
        if (length > 0)
        {
            a[^1] = 3; // writable to the last element
            Assert.Equal(3, a[^1]);
        }
    }

    [Fact]
    public void RejectsNegativeAndOversizedLengths()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LargeArray.Allocate<double>(-1));
        var e = Assert.Throws<ArgumentException>(() => LargeArray.Allocate<double>((long)Array.MaxLength + 1));
        Assert.Equal("length", e.ParamName);
    }

    [Fact]
    public void LargePageBufferSpansItsLengthAndIsWritable()
    {
        using var buffer = new LargePageBuffer<float>(3 << 20);
        var span = buffer.Memory.Span;
        Assert.Equal(3 << 20, span.Length);
        span[0] = 1;
        span[^1] = 2;
        Assert.Equal(2, buffer.Memory.Span[^1]);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("1", true)]
    [InlineData(" ON ", true)]
    [InlineData("true", true)]
    [InlineData("0", false)]
    [InlineData("off", false)]
    [InlineData("False", false)]
    public void HugePageSettingParses(string? value, bool expected) => Assert.Equal(expected, HugePageAdvice.Parse(value));

    [Theory]
    [InlineData("2")]
    [InlineData("yes please")]
    public void BadHugePageSettingIsANamedError(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => HugePageAdvice.Parse(value));
        Assert.Contains("SPECTRAL_HUGE_PAGES", e.Message);
        Assert.Contains(value, e.Message);
    }
}

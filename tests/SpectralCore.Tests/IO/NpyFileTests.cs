using System.Text;
using SpectralCore.IO;
using SpectralCore.Tests.Infrastructure;
using Xunit;

namespace SpectralCore.Tests.IO;

public sealed class NpyFileTests
{
    [Fact]
    public void ReadsWeightWatcherReferenceMatrix()
    {
        var array = NpyFile.Read(ReferenceData.Path("weightwatcher", "tiny_12x20.npy"));
        Assert.Equal(new long[] { 12, 20 }, array.Shape);
        Assert.Equal(NpyElementType.Float32, array.ElementType);
        var m = array.ToMatrix<double>();
        Assert.Equal(12, m.Rows);
        Assert.All(m.Data, x => Assert.True(double.IsFinite(x)));
    }

    [Fact]
    public void LargeDirectReadsInTwoHalvesRoundTripAndRejectTruncation()
    {
        // ≥ 16 MiB of data takes the two-halves positioned read: every element back in place (an odd count, so the halves
        // differ in length and the second one ends mid-chunk), and a file cut short is a named InvalidDataException,
        // not an AggregateException from the parallel loop.
        using var temp = new TempFile();
        var path = temp.Path;
        const int rows = 1031, columns = 4099;
        var data = new float[rows * columns];
        for (int i = 0; i < data.Length; i++) data[i] = i * 0.25f - 1e6f;
        NpyFile.Write<float>(path, data, rows, columns);
        var back = NpyFile.TryReadDirect<float>(path, out var header);
        Assert.Equal(new long[] { rows, columns }, header.Shape);
        Assert.Equal(data, back);
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(stream.Length - 4 * 1000);
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.TryReadDirect<float>(path, out _));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void MappedElementsEqualTheReadOnesAndTheMapRefusesUseAfterDispose()
    {
        // Memory-mapped in place (the analysis' path for large float32 layers): the same elements as the direct read, for
        // float32 and float64; a file that needs conversion (big-endian, or another element type) is not mapped.
        using var temp = new TempFile();
        var path = temp.Path;
        const int rows = 37, columns = 53;
        var data = new float[rows * columns];
        for (int i = 0; i < data.Length; i++) data[i] = MathF.ScaleB(i * 0.75f - 400f, i % 40 - 20);
        NpyFile.Write<float>(path, data, rows, columns);
        var map = NpyFile.TryMapDirect<float>(path, out var header);
        Assert.NotNull(map);
        Assert.Equal(new long[] { rows, columns }, header.Shape);
        Assert.Equal(data, map!.Memory.ToArray());
        Assert.Equal(data.Length, map.Length);
        Assert.Null(NpyFile.TryMapDirect<double>(path, out _));
        ((IDisposable)map).Dispose();
        Assert.Throws<ObjectDisposedException>(() => map.GetSpan());
        ((IDisposable)map).Dispose(); // twice is harmless

        var wide = data.Select(x => (double)x * 3).ToArray();
        NpyFile.Write<double>(path, wide, rows, columns);
        using (var mapped = NpyFile.TryMapDirect<double>(path, out _))
            Assert.Equal(wide, mapped!.Memory.ToArray());

        var big = Image("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }", [1, 2, 3, 4], bigEndian: true);
        File.WriteAllBytes(path, big);
        Assert.Null(NpyFile.TryMapDirect<double>(path, out _));
    }

    [Fact]
    public void DataThatStartsOffTheElementSizeIsReadNotMapped()
    {
        // numpy pads headers so the data starts on a 64-byte boundary; a file that does not (hand-written) is read by the
        // copying path instead of being mapped at a misaligned address. Headers padded with spaces to both alignments.
        using var temp = new TempFile();
        var path = temp.Path;
        double[] values = [1.5, -2, 3e-300, 7];
        foreach (int pad in Enumerable.Range(0, 8))
        {
            var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }" + new string(' ', pad);
            File.WriteAllBytes(path, Image(header, values, bigEndian: false));
            long dataStart = 10 + header.Length + 1;
            using var map = NpyFile.TryMapDirect<double>(path, out _);
            Assert.Equal(dataStart % 8 == 0, map is not null);
            if (map is not null) Assert.Equal(values, map.Memory.ToArray());
            Assert.Equal(values, NpyFile.TryReadDirect<double>(path, out _));
        }
    }

    [Fact]
    public void MappingChecksItsRangeAndAlignment()
    {
        using var temp = new TempFile();
        var path = temp.Path;
        File.WriteAllBytes(path, new byte[64]);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedArray<float>.Map(stream, 2, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => MappedArray<float>.Map(stream, 0, 0));
        Assert.Throws<ArgumentException>(() => MappedArray<float>.Map(stream, 8, 15));
        using var tail = MappedArray<float>.Map(stream, 8, 14);
        Assert.Equal(14, tail.Memory.Length);
    }

    [Fact]
    public void RoundTripsDoubleAndFloatInCOrder()
    {
        using var temp = new TempFile();
        var path = temp.Path;
        double[] data = [1.5, -2, 3e-300, double.MaxValue, 0, 7];
        NpyFile.Write<double>(path, data, 2, 3);
        var back = NpyFile.Read(path);
        Assert.Equal(new long[] { 2, 3 }, back.Shape);
        Assert.Equal(data, back.ToArray<double>());
        NpyFile.Write<float>(path, [1f, 2f, 3f], 3);
        Assert.Equal(new[] { 1f, 2f, 3f }, NpyFile.Read(path).ToArray<float>());
    }

    [Fact]
    public void FortranOrderAndBigEndianAreConvertedToCOrder()
    {
        // numpy: np.asfortranarray(np.arange(6, dtype='>f8').reshape(2,3)) -> memory order 0,3,1,4,2,5
        var header = "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }";
        var bytes = Image(header, [0, 3, 1, 4, 2, 5], bigEndian: true);
        var array = NpyFile.Read(new MemoryStream(bytes), "f.npy", bytes.Length);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5 }, array.ToArray<double>());
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 5, "truncated")]
    [InlineData("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", 2, "dtype")]
    [InlineData("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }", 1, "malformed")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", 1, "non-integer")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", 1, "overflow")]
    [InlineData("{'descr': '<f8', 'shape': (1,), }", 1, "missing")]
    public void HostileHeadersGiveANamedError(string header, int elements, string expected)
    {
        var bytes = Image(header, Enumerable.Range(0, elements).Select(i => (double)i).ToArray(), bigEndian: false);
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(bytes), "bad.npy", bytes.Length));
        Assert.StartsWith("bad.npy: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void EveryTruncationOfAValidFileIsRejectedCleanly()
    {
        var bytes = Image("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", [1, 2, 3, 4], false);
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            var prefix = bytes[..cut];
            Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(prefix), "cut.npy", prefix.Length));
        }
    }

    private static byte[] Image(string header, double[] values, bool bigEndian)
    {
        var ms = new MemoryStream();
        ms.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        var h = Encoding.Latin1.GetBytes(header + "\n");
        ms.Write(BitConverter.GetBytes((ushort)h.Length));
        ms.Write(h);
        foreach (var v in values)
        {
            var b = BitConverter.GetBytes(v);
            if (bigEndian) Array.Reverse(b);
            ms.Write(b);
        }
        return ms.ToArray();
    }

    /// <summary>A temporary file deleted on dispose.</summary>
    private sealed class TempFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.GetTempFileName();

        public void Dispose() => File.Delete(Path);
    }
}

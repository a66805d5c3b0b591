using System.IO.Compression;
using SpectralCore.Analysis.Models;
using Xunit;
using static SpectralCore.Analysis.Tests.Models.ModelBuilders;

namespace SpectralCore.Analysis.Tests.Models;

public sealed class NpyReaderTests
{
    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Optimal)]
    public void NpzReadsCAndFortranOrderStoredOrDeflated(CompressionLevel level)
    {
        // The 2×3 matrix [[0,1,2],[3,4,5]]: C order 0..5; Fortran order stores columns: 0,3,1,4,2,5.
        var c = Npy("<f4", false, [2, 3], F32(0, 1, 2, 3, 4, 5));
        var f = Npy("<f8", true, [2, 3], F64(0, 3, 1, 4, 2, 5));
        var ints = Npy("<i8", false, [2], new byte[16]);
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("w.npz"), Npz([("layer.c.npy", c), ("layer.f.npy", f), ("steps.npy", ints)], level));
        using var reader = ModelReader.Open(dir.File("w.npz"));
        Assert.Equal(["layer.c", "layer.f", "steps"], reader.Tensors.Select(t => t.Name));
        Assert.Equal([0f, 1, 2, 3, 4, 5], reader.Tensors[0].LoadSingle());
        Assert.True(reader.Tensors[1].IsDouble);
        Assert.Equal([0.0, 1, 2, 3, 4, 5], reader.Tensors[1].LoadDouble());
        Assert.False(reader.Tensors[2].IsLoadable);
    }

    [Fact]
    public void SingleNpyIsOneTensorNamedAfterTheFile()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("fc1.npy"), Npy("<f2", false, [3, 2], F16(1, 2, 3, 4, 5, 6)));
        using var reader = ModelReader.Open(dir.File("fc1.npy"));
        var t = Assert.Single(reader.Tensors);
        Assert.Equal("fc1", t.Name);
        Assert.Equal([3L, 2L], t.Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6], t.LoadSingle());
    }

    [Fact]
    public void ForgedZipSizesAndTruncationAreNamedErrors()
    {
        using var dir = new TempDir();
        var npz = Npz([("a.npy", Npy("<f4", false, [64, 64], new byte[64 * 64 * 4]))], CompressionLevel.Optimal);
        File.WriteAllBytes(dir.File("t.npz"), npz[..(npz.Length / 2)]);
        var e = Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("t.npz")));
        Assert.StartsWith("t.npz", e.Message);
        File.WriteAllBytes(dir.File("x.npz"), [.. "PK\x03\x04"u8, .. new byte[40]]);
        Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("x.npz")));
    }
}

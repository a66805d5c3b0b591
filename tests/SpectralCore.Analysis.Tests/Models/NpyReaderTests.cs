using System.IO.Compression;
using SpectralCore.Analysis.Models;
using SpectralCore.Analysis.WeightSpectrum;
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

    [Theory]
    [InlineData("<f4", false)] // read straight into the result
    [InlineData("<f4", true)]  // Fortran order: converted
    [InlineData(">f4", false)] // big-endian: converted
    [InlineData("<f8", false)] // float64 asked for as float32 and as float64
    [InlineData(">f8", true)]
    public void SingleNpyLoadsEveryLayoutAndByteOrderToTheSameMatrix(string descr, bool fortran)
    {
        // The 2×3 matrix [[0.5,1,2],[3,-4,5e-3]], stored in the requested order and byte order.
        double[] cOrder = [0.5, 1, 2, 3, -4, 5e-3];
        double[] stored = fortran ? [cOrder[0], cOrder[3], cOrder[1], cOrder[4], cOrder[2], cOrder[5]] : cOrder;
        bool big = descr[0] == '>';
        bool f8 = descr[2] == '8';
        var data = new byte[stored.Length * (f8 ? 8 : 4)];
        for (int i = 0; i < stored.Length; i++)
        {
            if (f8 && big) System.Buffers.Binary.BinaryPrimitives.WriteDoubleBigEndian(data.AsSpan(i * 8), stored[i]);
            else if (f8) System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), stored[i]);
            else if (big) System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(i * 4), (float)stored[i]);
            else System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), (float)stored[i]);
        }
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("w.npy"), Npy(descr, fortran, [2, 3], data));
        using var reader = ModelReader.Open(dir.File("w.npy"));
        var t = Assert.Single(reader.Tensors);
        Assert.Equal(f8, t.IsDouble);
        Assert.Equal(cOrder.Select(v => (float)v), t.LoadSingle());
        if (f8) Assert.Equal(cOrder, t.LoadDouble());
    }

    [Fact]
    public void NpyRewrittenWithAnotherShapeAfterListingIsANamedError()
    {
        using var dir = new TempDir();
        string path = dir.File("fc.npy");
        File.WriteAllBytes(path, Npy("<f4", false, [2, 3], F32(1, 2, 3, 4, 5, 6)));
        using var reader = ModelReader.Open(path);
        var t = Assert.Single(reader.Tensors);
        File.WriteAllBytes(path, Npy("<f4", false, [3, 2], F32(1, 2, 3, 4, 5, 6)));
        var e = Assert.Throws<ModelFormatException>(() => t.LoadSingle());
        Assert.Contains("changed on disk", e.Message);
        Assert.StartsWith("fc.npy", e.Message);
        // Truncated after listing: the named truncation error, not an out-of-range read.
        File.WriteAllBytes(path, Npy("<f4", false, [2, 3], F32(1, 2, 3, 4, 5, 6))[..^8]);
        var truncated = Assert.Throws<ModelFormatException>(() => t.LoadSingle());
        Assert.Contains("truncated", truncated.Message);
    }

    [Fact]
    public void LargeFloat32NpyIsAnalysedInPlaceFromAMemoryMapWithTheBitsOfTheArrayPath()
    {
        // From 16 MiB of float32 data on, the analysis reads the layer straight from the page cache.
        var (weights, rows, columns, seed) = MappedLayerChecks.Weights("mapped-npy");
        using var dir = new TempDir();
        var bytes = new byte[weights.Length * 4];
        Buffer.BlockCopy(weights, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(dir.File("big.npy"), Npy("<f4", false, [rows, columns], bytes));
        using var reader = ModelReader.Open(dir.File("big.npy"));
        MappedLayerChecks.AssertMappedAndEqualToArray(Assert.Single(reader.Tensors), weights, rows, columns, seed);
    }
}

/// <summary>Shared checks of the memory-mapped layer path (npy and safetensors).</summary>
internal static class MappedLayerChecks
{
    /// <summary>Heavy-tailed float32 weights just over the mapping threshold (2048×2100, 17.2 MB), seeded.</summary>
    internal static (float[] Weights, int Rows, int Columns, int Seed) Weights(string name)
    {
        const int rows = 2048, columns = 2100;
        Assert.True((long)rows * columns * 4 >= ModelTensor.MapFromBytes);
        int seed = SpectralCore.Analysis.Tests.WeightSpectrum.TestSeed.Get(name.Length * 7919 + 20261208);
        var rng = new Random(seed);
        var weights = new float[rows * columns];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)((rng.NextDouble() - 0.5) / Math.Pow(rng.NextDouble() + 1e-3, 0.4));
        return (weights, rows, columns, seed);
    }

    /// <summary>
    /// The tensor's slices come from a map (not an array), and its metrics equal those of the same weights handed over as
    /// an array, bit for bit, on the Gram route and the default one.
    /// </summary>
    internal static void AssertMappedAndEqualToArray(ModelTensor t, float[] weights, int rows, int columns, int seed)
    {
        Assert.True(t.CanMapSingle);
        var tensor = t.ToWeightTensor();
        using (var slices = WeightSlicer.Slice(tensor)!)
        {
            Assert.False(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(slices.SingleMatrices![0], out _)); // mapped, not an array
            Assert.Equal(weights, slices.SingleMatrices[0].ToArray());
        }
        foreach (var route in new[] { EsdRoute.Gram, EsdRoute.Bidiagonal })
        {
            using var engine = SpectralEngine.Use(Backend.Managed);
            var analyzer = new WeightWatcherAnalyzer(new EngineSingularValueSolver(engine, route));
            var mapped = analyzer.AnalyzeLayer(tensor, 1, out _)!;
            var held = analyzer.AnalyzeLayer(WeightTensor.FromSingle("held", [rows, columns], weights), 1, out _)!;
            Assert.True(held.Alpha.Equals(mapped.Alpha), $"{route} seed {seed}: α {mapped.Alpha:R} vs {held.Alpha:R}");
            Assert.Equal(held.LambdaMax, mapped.LambdaMax);
            Assert.Equal(held.LogNorm, mapped.LogNorm);
            Assert.Equal(held.NumEvals, mapped.NumEvals);
        }
    }
}

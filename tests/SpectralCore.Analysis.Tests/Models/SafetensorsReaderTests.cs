using System.Buffers.Binary;
using System.Text;
using SpectralCore.Analysis.Models;
using Xunit;
using static SpectralCore.Analysis.Tests.Models.ModelBuilders;

namespace SpectralCore.Analysis.Tests.Models;

public sealed class SafetensorsReaderTests
{
    private static readonly float[] Values = [1.5f, -2f, 0.25f, 3f, -0.125f, 1024f];

    [Fact]
    public void ReadsEveryFloatTypeExactlyAndSkipsIntegers()
    {
        using var dir = new TempDir();
        var path = dir.File("m.safetensors");
        File.WriteAllBytes(path, Safetensors([
            new StEntry("a.f32", "F32", [2, 3], F32(Values)),
            new StEntry("b.f64", "F64", [3, 2], F64(0.1, 1e-300, -7, 2, 3, 4)),
            new StEntry("c.f16", "F16", [6], F16(Values)),
            new StEntry("d.bf16", "BF16", [2, 3], BF16(Values)),
            new StEntry("e.i64", "I64", [2], new byte[16]),
        ], "{\"format\":\"pt\"}"));
        using var reader = ModelReader.Open(path);
        Assert.Equal(["a.f32", "b.f64", "c.f16", "d.bf16", "e.i64"], reader.Tensors.Select(t => t.Name));
        var t = reader.Tensors;
        Assert.Equal([2L, 3L], t[0].Shape);
        Assert.Equal(Values, t[0].LoadSingle());
        Assert.True(t[1].IsDouble);
        Assert.Equal([0.1, 1e-300, -7, 2, 3, 4], t[1].LoadDouble());
        Assert.Equal(Values, t[2].LoadSingle());
        Assert.Equal(Values, t[3].LoadSingle());
        Assert.Equal(Values.Select(v => (double)v), t[3].LoadDouble());
        Assert.False(t[4].IsLoadable);
        Assert.Contains("integer", t[4].SkipReason);
        Assert.Throws<InvalidOperationException>(() => t[4].LoadSingle());
    }

    [Fact]
    public void BFloat16WideningKeepsEveryBitPattern()
    {
        // Every finite bf16 bit pattern widens to the float32 whose top half it is.
        var bits = Enumerable.Range(0, 65536).Where(b => ((b >> 7) & 0xFF) != 0xFF).Select(b => (ushort)b).ToArray();
        var data = new byte[bits.Length * 2];
        for (int i = 0; i < bits.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(i * 2), bits[i]);
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("b.safetensors"), Safetensors([new StEntry("w", "BF16", [bits.Length], data)]));
        using var reader = ModelReader.Open(dir.File("b.safetensors"));
        var loaded = reader.Tensors[0].LoadSingle();
        for (int i = 0; i < bits.Length; i++) Assert.Equal((uint)bits[i] << 16, BitConverter.SingleToUInt32Bits(loaded[i]));
    }

    [Fact]
    public void ShardedModelReadsThroughTheIndexAndChecksIt()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("model-00001-of-00002.safetensors"), Safetensors([new StEntry("l0.weight", "F32", [2, 3], F32(Values))]));
        File.WriteAllBytes(dir.File("model-00002-of-00002.safetensors"), Safetensors([new StEntry("l1.weight", "F16", [3, 2], F16(Values))]));
        File.WriteAllText(dir.File("model.safetensors.index.json"), "{\"metadata\":{\"total_size\":36},\"weight_map\":{\"l1.weight\":\"model-00002-of-00002.safetensors\",\"l0.weight\":\"model-00001-of-00002.safetensors\"}}");
        using (var reader = ModelReader.Open(dir.Path))
        {
            Assert.Equal(["l0.weight", "l1.weight"], reader.Tensors.Select(t => t.Name));
            Assert.Equal(Values, reader.Tensors[1].LoadSingle());
            Assert.Equal("model-00002-of-00002.safetensors", reader.Tensors[1].File);
        }
        File.WriteAllText(dir.File("model.safetensors.index.json"), "{\"weight_map\":{\"l0.weight\":\"model-00001-of-00002.safetensors\",\"l1.weight\":\"model-00002-of-00002.safetensors\",\"l2.weight\":\"model-00002-of-00002.safetensors\"}}");
        var e = Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("model.safetensors.index.json")));
        Assert.Contains("'l2.weight'", e.Message);
        Assert.Contains("missing", e.Message);
        File.WriteAllText(dir.File("model.safetensors.index.json"), "{\"weight_map\":{\"l0.weight\":\"../model-00001-of-00002.safetensors\"}}");
        Assert.Contains("outside", Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("model.safetensors.index.json"))).Message);
        File.WriteAllText(dir.File("model.safetensors.index.json"), "{\"weight_map\":{\"l0.weight\":\"model-00003-of-00002.safetensors\"}}");
        Assert.Contains("does not exist", Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("model.safetensors.index.json"))).Message);
    }

    public static TheoryData<string, string> HostileHeaders => new()
    {
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", "needs 24" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,2400]}}", "past the 24-byte data buffer" },
        { "{\"w\":{\"dtype\":\"Q7\",\"shape\":[2,3],\"data_offsets\":[0,24]}}", "unknown dtype 'Q7'" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,24]}}", "non-negative integer" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[24,0]}}", "end before" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", "overlap" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}", "gap" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "extra or missing bytes" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[0,24]},\"w\":{\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[0,24]}}", "twice" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[0,24],}}", "not valid JSON" },
        { "[1,2,3]", "JSON object" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4611686018427387904],\"data_offsets\":[0,24]}}", "more elements" },
    };

    [Theory]
    [MemberData(nameof(HostileHeaders))]
    public void HostileHeadersGiveOneNamedError(string header, string expected)
    {
        using var dir = new TempDir();
        var bytes = Image(Encoding.UTF8.GetBytes(header), new byte[24]);
        File.WriteAllBytes(dir.File("h.safetensors"), bytes);
        var e = Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("h.safetensors")));
        Assert.StartsWith("h.safetensors: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void HeaderLengthIsCheckedBeforeAnythingIsAllocated()
    {
        using var dir = new TempDir();
        var huge = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(huge, ulong.MaxValue - 3);
        File.WriteAllBytes(dir.File("a.safetensors"), huge);
        Assert.Contains("limit", Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("a.safetensors"))).Message);
        BinaryPrimitives.WriteUInt64LittleEndian(huge, 1000);
        File.WriteAllBytes(dir.File("b.safetensors"), huge);
        Assert.Contains("truncated", Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("b.safetensors"))).Message);
        File.WriteAllBytes(dir.File("c.safetensors"), Image([0x7B, 0xFF, 0xFE, 0x7D], []));
        Assert.Contains("UTF-8", Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("c.safetensors"))).Message);
        File.WriteAllBytes(dir.File("d.safetensors"), [1, 2, 3]);
        Assert.Contains("too short", Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("d.safetensors"))).Message);
    }

    private static byte[] Image(byte[] header, byte[] data)
    {
        var result = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)header.Length);
        header.CopyTo(result, 8);
        data.CopyTo(result, 8 + header.Length);
        return result;
    }

    [Fact]
    public void LargeF32TensorIsAnalysedInPlaceFromAMemoryMapWithTheBitsOfTheArrayPath()
    {
        // A small F16 tensor first, so the large F32 one starts mid-file; its name is padded until that offset is a
        // multiple of 4 (the mapped path's condition; a misaligned one is read as before).
        var (weights, rows, columns, seed) = MappedLayerChecks.Weights("mapped-safetensors");
        var bytes = new byte[weights.Length * 4];
        Buffer.BlockCopy(weights, 0, bytes, 0, bytes.Length);
        byte[] image = [];
        for (string name = "big"; ; name += "_")
        {
            image = Safetensors([new StEntry("small", "F16", [2], new byte[4]), new StEntry(name, "F32", [rows, columns], bytes)]);
            long headerLength = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(image);
            if ((8 + headerLength + 4) % 4 == 0) break;
        }
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("m.safetensors"), image);
        using var reader = ModelReader.Open(dir.File("m.safetensors"));
        Assert.False(reader.Tensors[0].CanMapSingle); // F16 widens: read, not mapped
        MappedLayerChecks.AssertMappedAndEqualToArray(reader.Tensors[1], weights, rows, columns, seed);
    }
}

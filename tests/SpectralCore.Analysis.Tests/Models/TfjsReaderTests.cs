using SpectralCore.Analysis.Models;
using Xunit;
using static SpectralCore.Analysis.Tests.Models.ModelBuilders;

namespace SpectralCore.Analysis.Tests.Models;

public sealed class TfjsReaderTests
{
    [Fact]
    public void ReadsFloat32Float16AndAffineUint8AcrossShardBoundaries()
    {
        using var dir = new TempDir();
        // Group bytes: w1 float32 [2,2] (16 B) | w2 uint8 [2,3] (6 B) | w3 float16 [3] (6 B) | step int32 [1] (4 B) = 32 B,
        // split into shards of 10 and 22 bytes so w1 crosses the boundary.
        byte[] all = [.. F32(1, -2, 3.5f, 0.25f), 0, 1, 2, 3, 254, 255, .. F16(0.5f, -1, 2048), 7, 0, 0, 0];
        File.WriteAllBytes(dir.File("group1-shard1of2.bin"), all[..10]);
        File.WriteAllBytes(dir.File("group1-shard2of2.bin"), all[10..]);
        string manifest = TfjsManifest(["group1-shard1of2.bin", "group1-shard2of2.bin"], [
            TfjsWeight("dense/kernel", [2, 2], "float32"),
            TfjsWeight("conv/filters", [2, 3], "float32", "{\"dtype\":\"uint8\",\"scale\":0.5,\"min\":-1}"),
            TfjsWeight("conv/bias", [3], "float32", "{\"dtype\":\"float16\"}"),
            TfjsWeight("step", [1], "int32"),
        ]);
        File.WriteAllText(dir.File("model.json"), $"{{\"format\":\"graph-model\",\"modelTopology\":{{}},\"weightsManifest\":{manifest}}}");
        using var reader = ModelReader.Open(dir.File("model.json"));
        Assert.Equal(["dense/kernel", "conv/filters", "conv/bias", "step"], reader.Tensors.Select(t => t.Name));
        Assert.Equal([1f, -2, 3.5f, 0.25f], reader.Tensors[0].LoadSingle());
        // w = q·scale + min with scale 0.5, min −1.
        Assert.Equal([-1f, -0.5f, 0, 0.5f, 126, 126.5f], reader.Tensors[1].LoadSingle());
        Assert.Equal([0.5f, -1, 2048], reader.Tensors[2].LoadSingle());
        Assert.False(reader.Tensors[3].IsLoadable);
        Assert.All(reader.Tensors, t => Assert.Equal(ModelFormat.TensorFlowJs, t.Format));
    }

    [Fact]
    public void TruncatedShardsAndBadManifestsAreNamedErrors()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("s.bin"), new byte[10]);
        void Expect(string manifest, string expected)
        {
            File.WriteAllText(dir.File("x-weights_manifest.json"), manifest);
            var e = Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("x-weights_manifest.json")));
            Assert.Contains(expected, e.Message);
        }
        Expect(TfjsManifest(["s.bin"], [TfjsWeight("w", [2, 2], "float32")]), "truncated shard");
        Expect(TfjsManifest(["s.bin"], [TfjsWeight("w", [2], "float64")]), "unknown dtype");
        Expect(TfjsManifest(["s.bin"], [TfjsWeight("w", [2], "float32", "{\"dtype\":\"uint8\",\"scale\":\"x\",\"min\":0}")]), "scale");
        Expect(TfjsManifest(["nope.bin"], [TfjsWeight("w", [2], "float32")]), "does not exist");
        Expect(TfjsManifest(["/etc/passwd"], [TfjsWeight("w", [2], "float32")]), "not a relative");
        Expect(TfjsManifest(["s.bin"], [TfjsWeight("w", [1], "float32"), TfjsWeight("w", [1], "float32")]), "twice");
        Expect("{\"weightsManifest\": 3}", "should be an array");
        Expect("[{\"paths\":[\"s.bin\"],\"weights\":[{\"name\":\"w\",\"shape\":[3],\"dtype\":\"string\"}]}]", "truncated shard");
    }
}

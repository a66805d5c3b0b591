using SpectralCore.Analysis.Models;
using Xunit;
using static SpectralCore.Analysis.Tests.Models.ModelBuilders;

namespace SpectralCore.Analysis.Tests.Models;

public sealed class OnnxReaderTests
{
    private const int Float = 1, Float16 = 10, Double = 11, BFloat16 = 16, Int64 = 7;

    private static readonly float[] Values = [1.5f, -2f, 0.25f, 3f, -0.125f, 1024f];

    internal static byte[] SampleModel()
    {
        var raw = OnnxTensor("fc.weight", [2, 3], Float, Proto.Bytes(9, F32(Values)));
        var packed = OnnxTensor("fc2.weight", [3, 2], Float, Proto.Bytes(4, F32(Values)));
        var dbl = OnnxTensor("fc3.weight", [2, 3], Double, Proto.Bytes(10, F64(Values.Select(v => (double)v).ToArray())));
        var half = OnnxTensor("fc4.weight", [6], Float16, Proto.Bytes(5, Values.SelectMany(v => Proto.Varint(BitConverter.HalfToUInt16Bits((Half)v))).ToArray()));
        var bf = OnnxTensor("fc5.weight", [6], BFloat16, Proto.Bytes(5, Values.SelectMany(v => Proto.Varint(BitConverter.SingleToUInt32Bits(v) >> 16)).ToArray()));
        var shape = OnnxTensor("shape", [2], Int64, Proto.Bytes(9, new byte[16]));
        var constant = OnnxNode("Constant", [], ["const_out"], "c0", OnnxAttributeTensor("value", OnnxTensor("", [3, 2], Float, Proto.Bytes(9, F32(Values)))));
        // An If node whose branches hold a Constant named like one in the other branch, and an LSTM weight.
        var thenGraph = OnnxGraph("then", [OnnxNode("Constant", [], ["enc"], "t0", OnnxAttributeTensor("value", OnnxTensor("enc.weight", [2, 3], Float, Proto.Bytes(9, F32(Values)))))], []);
        var lstmW = OnnxTensor("lstm.W", [1, 4, 2], Float, Proto.Bytes(9, F32([.. Values, 7f, 8f])));
        var elseGraph = OnnxGraph("else", [
            OnnxNode("Constant", [], ["enc"], "e0", OnnxAttributeTensor("value", OnnxTensor("enc.weight", [3, 2], Float, Proto.Bytes(9, F32(Values))))),
            OnnxNode("LSTM", ["x", "lstm.W"], ["y"], "lstm0"),
        ], [lstmW]);
        var ifNode = OnnxNode("If", ["cond"], ["out"], "If_0", OnnxAttributeGraph("then_branch", thenGraph), OnnxAttributeGraph("else_branch", elseGraph));
        var main = OnnxGraph("main", [constant, ifNode, OnnxNode("Gemm", ["x", "fc.weight"], ["z"], "gemm")], [raw, packed, dbl, half, bf, shape]);
        return OnnxModel(main);
    }

    [Fact]
    public void ReadsInitializersConstantsAndSubgraphsWithEveryDataField()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("m.onnx"), SampleModel());
        using var reader = ModelReader.Open(dir.File("m.onnx"));
        var byName = reader.Tensors.ToDictionary(t => t.Name);
        // File order: the main graph's nodes (Constant, then the If's branches), then its initializers.
        Assert.Equal(
            ["const_out", "If_0.then_branch/enc.weight", "If_0.else_branch/enc.weight", "lstm.W", "fc.weight", "fc2.weight", "fc3.weight", "fc4.weight", "fc5.weight", "shape"],
            reader.Tensors.Select(t => t.Name));
        foreach (var name in new[] { "fc.weight", "fc2.weight", "fc4.weight", "fc5.weight", "const_out", "If_0.then_branch/enc.weight", "If_0.else_branch/enc.weight" })
            Assert.Equal(Values, byName[name].LoadSingle());
        Assert.True(byName["fc3.weight"].IsDouble);
        Assert.Equal(Values.Select(v => (double)v), byName["fc3.weight"].LoadDouble());
        Assert.Equal("Gemm", byName["fc.weight"].OperatorHint);
        Assert.False(byName["shape"].IsLoadable);
        // The LSTM W [1 direction, 4 = gates·hidden, 2 = input] is presented as its 4×2 matrix.
        Assert.Equal([4L, 2L], byName["lstm.W"].Shape);
        Assert.Equal([.. Values, 7f, 8f], byName["lstm.W"].LoadSingle());
        Assert.Equal([2L, 3L], byName["If_0.then_branch/enc.weight"].Shape);
        Assert.Equal([3L, 2L], byName["If_0.else_branch/enc.weight"].Shape);
    }

    [Fact]
    public void ExternalDataIsReadAndChecked()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("weights.bin"), [.. new byte[16], .. F32(Values)]);
        byte[] Model(string location, string offset, string length) => OnnxModel(OnnxGraph("g", [], [
            OnnxTensor("ext", [2, 3], Float,
                Proto.Bytes(13, Proto.Concat(Proto.String(1, "location"), Proto.String(2, location))),
                Proto.Bytes(13, Proto.Concat(Proto.String(1, "offset"), Proto.String(2, offset))),
                Proto.Bytes(13, Proto.Concat(Proto.String(1, "length"), Proto.String(2, length))),
                Proto.VarintField(14, 1))]));
        File.WriteAllBytes(dir.File("ok.onnx"), Model("weights.bin", "16", "24"));
        using (var reader = ModelReader.Open(dir.File("ok.onnx")))
        {
            Assert.Equal(Values, reader.Tensors[0].LoadSingle());
            Assert.Equal("weights.bin", reader.Tensors[0].File);
        }
        File.WriteAllBytes(dir.File("far.onnx"), Model("weights.bin", "32", "24"));
        Assert.Contains("reaches past", Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("far.onnx"))).Message);
        File.WriteAllBytes(dir.File("len.onnx"), Model("weights.bin", "0", "20"));
        Assert.Contains("length 20", Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("len.onnx"))).Message);
        File.WriteAllBytes(dir.File("esc.onnx"), Model("../../etc/passwd", "0", "24"));
        Assert.Contains("outside", Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("esc.onnx"))).Message);
        File.WriteAllBytes(dir.File("neg.onnx"), Model("weights.bin", "-8", "24"));
        Assert.Contains("offset", Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("neg.onnx"))).Message);
    }

    [Fact]
    public void MismatchedSizesForgedLengthsAndDeepNestingAreNamedErrors()
    {
        using var dir = new TempDir();
        void Expect(byte[] model, string expected)
        {
            File.WriteAllBytes(dir.File("bad.onnx"), model);
            var e = Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("bad.onnx")));
            Assert.StartsWith("bad.onnx: ", e.Message);
            Assert.Contains(expected, e.Message);
        }
        Expect(OnnxModel(OnnxGraph("g", [], [OnnxTensor("w", [2, 3], Float, Proto.Bytes(9, F32(1, 2, 3)))])), "raw_data holds 12 bytes");
        Expect(OnnxModel(OnnxGraph("g", [], [OnnxTensor("w", [2, 3], 99, Proto.Bytes(9, F32(1, 2, 3)))])), "unknown ONNX data_type 99");
        Expect(OnnxModel(OnnxGraph("g", [], [OnnxTensor("w", [2, 3], Float)])), "no element data");
        // A forged length: the graph field claims more bytes than the file holds.
        Expect([.. Proto.Key(7, 2), .. Proto.Varint(1_000_000_000), 1, 2, 3], "runs past");
        Expect([.. Proto.Key(7, 2), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], "varint");
        Expect([0x0B, 0x0C], "wire type");
        Expect(Proto.VarintField(1, 8), "no ONNX graph");
        byte[] graph = OnnxGraph("g", [], []);
        for (int i = 0; i < 40; i++) graph = OnnxGraph("g", [OnnxNode("If", [], [], "n", OnnxAttributeGraph("then_branch", graph))], []);
        Expect(OnnxModel(graph), "deep");
    }

    [Fact]
    public void NamesAreValidatedAsUtf8()
    {
        using var dir = new TempDir();
        var badName = Proto.Concat(Proto.Bytes(1, [2]), Proto.VarintField(2, 1), Proto.Bytes(8, [0xC3, 0x28]), Proto.Bytes(9, F32(1, 2)));
        File.WriteAllBytes(dir.File("u.onnx"), OnnxModel(OnnxGraph("g", [], [badName])));
        Assert.Contains("UTF-8", Assert.Throws<ModelFormatException>(() => ModelReader.Open(dir.File("u.onnx"))).Message);
    }
}

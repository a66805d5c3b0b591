using SpectralCore.Analysis.Models;
using Xunit;

namespace SpectralCore.Analysis.Tests.Models;

/// <summary>
/// Reads real pretrained models from npm. Expected counts, shapes and sums were taken independently, by parsing
/// the ONNX protobuf and the TF.js manifests by hand in Python (a 60-line wire-format walker; numpy for the
/// dequantization q·scale + min), not from our readers.
/// </summary>
public sealed class RealModelReaderTests
{
    [SkippableFact]
    public void SileroVadV5OnnxHasItsConstantsInBothIfBranches()
    {
        string dist = Path.Combine(Package(RealModels.VadPackage), "dist");
        using var reader = ModelReader.Open(Path.Combine(dist, "silero_vad_v5.onnx"));
        // Python: 341 tensors (initializers + Constant nodes, both If branches), 34 float32, 16 of rank ≥ 2.
        Assert.Equal(341, reader.Tensors.Count);
        Assert.Equal(34, reader.Tensors.Count(t => t.DataType == "float32"));
        Assert.Equal(16, reader.Tensors.Count(t => t.DataType == "float32" && t.Shape.Count >= 2));
        var then = reader.Tensors.Single(t => t.Name.EndsWith("then_branch/encoder.0.reparam_conv.weight", StringComparison.Ordinal));
        var other = reader.Tensors.Single(t => t.Name.EndsWith("else_branch/encoder.0.reparam_conv.weight", StringComparison.Ordinal));
        Assert.Equal([128L, 129, 3], then.Shape);
        Assert.Equal([128L, 65, 3], other.Shape);
        var w = then.LoadSingle();
        Assert.Equal(0.023059863597154617f, w[0]);
        Assert.Equal(-1455.57271, w.Sum(v => (double)v), 3);
        var hh = reader.Tensors.Single(t => t.Name.EndsWith("else_branch/decoder.rnn.weight_hh", StringComparison.Ordinal));
        Assert.Equal([512L, 128], hh.Shape);
        Assert.Equal(7.94702069, hh.LoadSingle().Sum(v => (double)v), 4);
    }

    [SkippableFact]
    public void SileroVadLegacyOnnxPresentsLstmWeightsAsMatrices()
    {
        string dist = Path.Combine(Package(RealModels.VadPackage), "dist");
        using var reader = ModelReader.Open(Path.Combine(dist, "silero_vad_legacy.onnx"));
        // Python: 259 tensors, 100 float32, 60 of rank ≥ 2; the LSTM W/R tensors are [1, 256, 64] (one direction).
        Assert.Equal(259, reader.Tensors.Count);
        Assert.Equal(100, reader.Tensors.Count(t => t.DataType == "float32"));
        var lstm = reader.Tensors.Where(t => t.OperatorHint == "LSTM" && t.Shape.Count == 2 && t.Shape[0] == 256).ToList();
        Assert.Equal(16, lstm.Count); // Python: 16 tensors of shape [1, 256, 64], 4 in each of the 4 innermost If branches
        var t1072 = reader.Tensors.Single(t => t.Name == "1072");
        Assert.Equal([256L, 64], t1072.Shape);
        var values = t1072.LoadSingle();
        Assert.Equal(-0.15763670206069946f, values[0]);
        Assert.Equal(12.1930791, values.Sum(v => (double)v), 4);
        var pw = reader.Tensors.Single(t => t.Name == "model.first_layer.0.pw_conv.0.weight");
        Assert.Equal([16L, 258, 1], pw.Shape);
        Assert.Equal(-96.9980545, pw.LoadSingle().Sum(v => (double)v), 3);
    }

    [SkippableFact]
    public void FaceApiManifestsDequantizeLikeTensorFlowJs()
    {
        string model = Path.Combine(Package(RealModels.FacePackage), "model");
        // Python: per manifest, number of weights and float32 weights of rank ≥ 2.
        var expected = new Dictionary<string, (int Weights, int Matrices)>
        {
            ["age_gender_model"] = (51, 32),
            ["face_expression_model"] = (49, 32),
            ["face_landmark_68_model"] = (49, 32),
            ["face_landmark_68_tiny_model"] = (28, 18),
            ["face_recognition_model"] = (117, 30),
            ["ssd_mobilenetv1_model"] = (151, 48),
            ["tiny_face_detector_model"] = (19, 12),
        };
        foreach (var (stem, (weights, matrices)) in expected)
        {
            using var reader = ModelReader.Open(Path.Combine(model, stem + "-weights_manifest.json"));
            Assert.Equal(weights, reader.Tensors.Count);
            Assert.Equal(matrices, reader.Tensors.Count(t => t.IsLoadable && t.Shape.Count >= 2));
        }
        using var all = ModelReader.Open(model);
        Assert.Equal(expected.Values.Sum(v => v.Weights), all.Tensors.Count);
        var filters = all.Tensors.Single(t => t.Name == "face_recognition_model/conv32_down/conv/filters");
        Assert.Equal([7L, 7, 3, 32], filters.Shape);
        var f = filters.LoadSingle();
        Assert.Equal(-0.0294596366584301f, f[0]);
        Assert.Equal(0.005786714609712362f, f[^1]);
        Assert.Equal(-1.02530058, f.Sum(v => (double)v), 6);
        var fc = all.Tensors.Single(t => t.Name == "face_recognition_model/fc");
        Assert.Equal([256L, 128], fc.Shape);
        Assert.Equal(-0.0919256968, fc.LoadSingle().Sum(v => (double)v), 6);
        var tiny = all.Tensors.Single(t => t.Name == "tiny_face_detector_model/conv0/filters").LoadSingle();
        Assert.Equal(0.2882254123687744f, tiny[0]);
        Assert.Equal(-5.15202978, tiny.Sum(v => (double)v), 5);
    }

    private static string Package(string spec)
    {
        string? path = RealModels.Package(spec, out string reason);
        Skip.If(path is null, reason);
        return path!;
    }
}

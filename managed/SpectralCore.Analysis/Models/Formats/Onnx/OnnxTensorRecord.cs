namespace SpectralCore.Analysis.Models.Formats.Onnx;

/// <summary>Where one TensorProto's elements lie, as parsed (nothing decoded yet).</summary>
internal sealed class OnnxTensorRecord
{
    internal string Name = "";
    internal readonly List<long> Dims = [];
    internal int DataType;
    internal (long Start, long Length)? Raw;
    internal (long Start, long Length)? PackedFloats;
    internal List<float>? LooseFloats;
    internal (long Start, long Length)? PackedDoubles;
    internal List<double>? LooseDoubles;
    internal (long Start, long Length)? PackedInt32s;
    internal List<ulong>? LooseInt32s;
    internal bool HasOtherTypedData;
    internal bool External;
    internal readonly Dictionary<string, string> ExternalData = new(StringComparer.Ordinal);
    internal bool HasSegment;

    /// <summary>The graph scope it was found in ("" for the main graph, "If_0.then_branch" inside a subgraph).</summary>
    internal string Scope = "";

    /// <summary>The name the graph uses for it (a Constant node's output), for operator lookup.</summary>
    internal string GraphName = "";

    internal bool FromConstantNode;
}

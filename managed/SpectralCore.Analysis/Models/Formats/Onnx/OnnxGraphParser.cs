namespace SpectralCore.Analysis.Models.Formats.Onnx;

/// <summary>
/// Walks ModelProto → GraphProto (nodes, initializers) → NodeProto → AttributeProto, collecting every
/// initializer and every Constant node's tensor, recursing into subgraph attributes (If branches, Loop and
/// Scan bodies) up to <see cref="MaxGraphDepth"/> levels, and noting which operator consumes each tensor.
/// Field numbers are those of onnx.proto (IR version 3 onwards).
/// </summary>
internal sealed class OnnxGraphParser
{
    /// <summary>Deepest subgraph nesting accepted (real models nest two or three levels).</summary>
    internal const int MaxGraphDepth = 32;

    internal readonly List<OnnxTensorRecord> Tensors = [];

    /// <summary>Graph name → (consuming operator, input index), first consumer wins.</summary>
    internal readonly Dictionary<string, (string Op, int Input)> Consumers = new(StringComparer.Ordinal);

    internal void ParseModel(ProtoReader model)
    {
        bool sawGraph = false;
        while (model.Next(out int field, out int wire))
        {
            if (field == 7 && wire == 2)
            {
                ParseGraph(model.Message(), 0, "");
                sawGraph = true;
            }
            else model.Skip(wire);
        }
        if (!sawGraph) throw model.Bad("holds no ONNX graph (not an ONNX model?)");
    }

    private void ParseGraph(ProtoReader graph, int depth, string scope)
    {
        if (depth > MaxGraphDepth) throw graph.Bad($"nests subgraphs more than {MaxGraphDepth} deep");
        int nodeIndex = 0;
        while (graph.Next(out int field, out int wire))
        {
            if (field == 1 && wire == 2) ParseNode(graph.Message(), depth, scope, nodeIndex++);
            else if (field == 5 && wire == 2)
            {
                var t = OnnxTensorParser.Parse(graph.Message());
                t.Scope = scope;
                t.GraphName = t.Name;
                Tensors.Add(t);
            }
            else graph.Skip(wire);
        }
    }

    private void ParseNode(ProtoReader node, int depth, string scope, int index)
    {
        var inputs = new List<string>();
        string? output = null, name = null, op = null;
        var attributes = new List<ProtoReader>();
        while (node.Next(out int field, out int wire))
        {
            switch (field)
            {
                case 1 when wire == 2: inputs.Add(node.String()); break;
                case 2 when wire == 2: string o = node.String(); output ??= o; break;
                case 3 when wire == 2: name = node.String(); break;
                case 4 when wire == 2: op = node.String(); break;
                case 5 when wire == 2: attributes.Add(node.Message()); break;
                default: node.Skip(wire); break;
            }
        }
        op ??= "";
        for (int i = 0; i < inputs.Count; i++)
            if (inputs[i].Length > 0) Consumers.TryAdd(inputs[i], (op, i));
        string nodeLabel = string.IsNullOrEmpty(name) ? $"{op}_{index}" : name;
        foreach (var attribute in attributes) ParseAttribute(attribute, depth, scope, nodeLabel, op, output);
    }

    private void ParseAttribute(ProtoReader attribute, int depth, string scope, string nodeLabel, string op, string? output)
    {
        string attributeName = "";
        var tensors = new List<ProtoReader>();
        var graphs = new List<ProtoReader>();
        while (attribute.Next(out int field, out int wire))
        {
            switch (field)
            {
                case 1 when wire == 2: attributeName = attribute.String(); break;
                case 5 when wire == 2: tensors.Add(attribute.Message()); break;
                case 6 when wire == 2: graphs.Add(attribute.Message()); break;
                case 11 when wire == 2: graphs.Add(attribute.Message()); break;
                default: attribute.Skip(wire); break;
            }
        }
        if (op == "Constant" && attributeName == "value")
        {
            foreach (var reader in tensors)
            {
                var t = OnnxTensorParser.Parse(reader);
                t.Scope = scope;
                t.GraphName = output ?? t.Name;
                if (t.Name.Length == 0) t.Name = output ?? "";
                t.FromConstantNode = true;
                Tensors.Add(t);
            }
        }
        string inner = $"{nodeLabel}.{attributeName}";
        foreach (var graph in graphs) ParseGraph(graph, depth + 1, scope.Length == 0 ? inner : $"{scope}/{inner}");
    }
}

namespace SpectralCore.Analysis.Models.Formats.Onnx;

/// <summary>Parses one TensorProto's fields into an <see cref="OnnxTensorRecord"/> (locations only).</summary>
internal static class OnnxTensorParser
{
    private const int MaxRank = 32;

    internal static OnnxTensorRecord Parse(ProtoReader tensor)
    {
        var t = new OnnxTensorRecord();
        while (tensor.Next(out int field, out int wire))
        {
            switch (field)
            {
                case 1: // dims: int64, packed or not
                    if (wire == 2)
                    {
                        var packed = tensor.Message();
                        while (!packed.AtEnd) AddDim(t, packed, packed.Varint());
                    }
                    else if (wire == 0) AddDim(t, tensor, tensor.Varint());
                    else throw tensor.Bad($"dims has wire type {wire}");
                    break;
                case 2 when wire == 0:
                    ulong type = tensor.Varint();
                    if (type > int.MaxValue) throw tensor.Bad($"data_type {type} is out of range");
                    t.DataType = (int)type;
                    break;
                case 3 when wire == 2: t.HasSegment = true; tensor.Skip(wire); break;
                case 4: // float_data, packed (the norm) or loose fixed32
                    if (wire == 2) t.PackedFloats = Append(t.PackedFloats, tensor.Bytes(), tensor, "float_data");
                    else if (wire == 5) (t.LooseFloats ??= []).Add(BitConverter.UInt32BitsToSingle(tensor.Fixed32()));
                    else throw tensor.Bad($"float_data has wire type {wire}");
                    break;
                case 5: // int32_data (holds float16/bfloat16 bits)
                    if (wire == 2) t.PackedInt32s = Append(t.PackedInt32s, tensor.Bytes(), tensor, "int32_data");
                    else if (wire == 0) (t.LooseInt32s ??= []).Add(tensor.Varint());
                    else throw tensor.Bad($"int32_data has wire type {wire}");
                    break;
                case 8 when wire == 2: t.Name = tensor.String(); break;
                case 9 when wire == 2:
                    if (t.Raw is not null) throw tensor.Bad("has raw_data twice");
                    t.Raw = tensor.Bytes();
                    break;
                case 10: // double_data
                    if (wire == 2) t.PackedDoubles = Append(t.PackedDoubles, tensor.Bytes(), tensor, "double_data");
                    else if (wire == 1) (t.LooseDoubles ??= []).Add(BitConverter.UInt64BitsToDouble(tensor.Fixed64()));
                    else throw tensor.Bad($"double_data has wire type {wire}");
                    break;
                case 6 or 7 or 11: t.HasOtherTypedData = true; tensor.Skip(wire); break;
                case 13 when wire == 2:
                    var entry = tensor.Message();
                    string key = "", value = "";
                    while (entry.Next(out int f, out int w))
                    {
                        if (f == 1 && w == 2) key = entry.String();
                        else if (f == 2 && w == 2) value = entry.String();
                        else entry.Skip(w);
                    }
                    if (!t.ExternalData.TryAdd(key, value)) throw tensor.Bad($"external_data has the key '{ModelFormatException.Shorten(key)}' twice");
                    break;
                case 14 when wire == 0:
                    ulong location = tensor.Varint();
                    if (location > 1) throw tensor.Bad($"data_location {location} is unknown (0 = default, 1 = external)");
                    t.External = location == 1;
                    break;
                default: tensor.Skip(wire); break;
            }
        }
        return t;
    }

    private static void AddDim(OnnxTensorRecord t, ProtoReader reader, ulong value)
    {
        if (value > long.MaxValue) throw reader.Bad($"tensor dimension {(long)value} is negative");
        if (t.Dims.Count >= MaxRank) throw reader.Bad($"tensor has more than {MaxRank} dimensions");
        t.Dims.Add((long)value);
    }

    /// <summary>A packed repeated field split over several occurrences must be contiguous to be read in place.</summary>
    private static (long, long) Append((long Start, long Length)? previous, (long Start, long Length) next, ProtoReader reader, string what)
    {
        if (previous is null) return next;
        throw reader.Bad($"{what} is split into several packed runs (not written by any ONNX exporter; re-save the model)");
    }
}

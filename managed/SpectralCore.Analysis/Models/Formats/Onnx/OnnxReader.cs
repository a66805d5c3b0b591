using System.Globalization;
using SpectralCore.Analysis.Models.Internal;

namespace SpectralCore.Analysis.Models.Formats.Onnx;

/// <summary>
/// Reads an ONNX model's weights: every graph initializer and every Constant node's value, in the main graph
/// and inside subgraphs (If branches, Loop/Scan bodies). Element data may be raw_data, the typed fields
/// (float_data, double_data, int32_data carrying float16/bfloat16 bits) or an external data file (location,
/// offset, length, each checked against that file). The model file and external files are memory-mapped.
/// Tensors consumed as LSTM/GRU/RNN weights ([directions, gates·hidden, input]) are presented per direction
/// as 2-D matrices so their spectra are those of the recurrent weight matrices.
/// Names are the tensors' own; a name that occurs in several subgraphs is qualified with its scope
/// (e.g. "If_0.then_branch/encoder.0.weight").
/// </summary>
public sealed unsafe class OnnxReader : IModelReader
{
    private readonly MappedFile _model;
    private readonly Dictionary<string, MappedFile> _external = new(StringComparer.Ordinal);

    private OnnxReader(string path)
    {
        Path = path;
        string display = System.IO.Path.GetFileName(path);
        _model = MappedFile.Open(path, display);
        try
        {
            var parser = new OnnxGraphParser();
            parser.ParseModel(new ProtoReader(_model, 0, _model.Length));
            Tensors = Build(parser, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, display);
            Description = $"onnx, {parser.Tensors.Count} stored tensors";
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public string Description { get; } = "onnx";

    /// <inheritdoc />
    public IReadOnlyList<ModelTensor> Tensors { get; } = [];

    /// <summary>Opens an .onnx file.</summary>
    public static OnnxReader Open(string path) => new(path);

    private List<ModelTensor> Build(OnnxGraphParser parser, string directory, string display)
    {
        var nameCounts = parser.Tensors.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ModelTensor>();
        int index = 0;
        foreach (var record in parser.Tensors)
        {
            string name = record.Name.Length == 0 ? $"tensor_{index}" : record.Name;
            if (nameCounts[record.Name] > 1 && record.Scope.Length > 0) name = $"{record.Scope}/{name}";
            string unique = name;
            for (int k = 2; !used.Add(unique); k++) unique = $"{name}#{k}";
            index++;
            parser.Consumers.TryGetValue(record.GraphName, out var consumer);
            result.AddRange(Describe(record, unique, consumer.Op, consumer.Input, directory, display));
        }
        return result;
    }

    private IEnumerable<ModelTensor> Describe(OnnxTensorRecord t, string name, string? op, int input, string directory, string display)
    {
        long[] shape = [.. t.Dims];
        var (size, encoding, typeName) = ElementType(t.DataType, display, name);
        if (t.HasSegment) return [new ModelTensor(name, shape, ModelFormat.Onnx, display, typeName, null, null, "segmented tensor (not supported)", op)];
        if (encoding is null) return [new ModelTensor(name, shape, ModelFormat.Onnx, display, typeName, null, null, SkipReason(t.DataType), op)];
        long count = JsonInput.ElementCount(shape);
        if (count < 0 || count > long.MaxValue / 8) throw new ModelFormatException(display, name, $"shape [{string.Join(", ", shape)}] has more elements than any file can hold");
        long bytes = count * size;
        var enc = encoding.Value;
        Func<float[]>? single = null;
        Func<double[]>? dbl = null;
        string file = display;

        if (t.External)
        {
            var (mapped, offset) = ExternalData(t, directory, display, name, bytes);
            file = mapped.DisplayName;
            SetPointerLoader(mapped, offset, bytes, count, enc, ref single, ref dbl);
        }
        else if (t.Raw is { } raw)
        {
            if (raw.Length != bytes) throw new ModelFormatException(display, name, $"raw_data holds {raw.Length} bytes but {typeName} shape [{string.Join(", ", shape)}] needs {bytes}");
            SetPointerLoader(_model, raw.Start, bytes, count, enc, ref single, ref dbl);
        }
        else if (enc == FloatEncoding.Float32 && (t.PackedFloats is not null || t.LooseFloats is not null))
        {
            if (t.PackedFloats is { } packed && t.LooseFloats is null)
            {
                if (packed.Length != bytes) throw new ModelFormatException(display, name, $"float_data holds {packed.Length / 4.0} values but shape [{string.Join(", ", shape)}] needs {count}");
                SetPointerLoader(_model, packed.Start, bytes, count, enc, ref single, ref dbl);
            }
            else
            {
                if (t.PackedFloats is not null) throw new ModelFormatException(display, name, "float_data mixes packed and unpacked values");
                var values = t.LooseFloats!;
                if (values.Count != count) throw new ModelFormatException(display, name, $"float_data holds {values.Count} values but shape [{string.Join(", ", shape)}] needs {count}");
                single = () => [.. values];
            }
        }
        else if (enc == FloatEncoding.Float64 && (t.PackedDoubles is not null || t.LooseDoubles is not null))
        {
            if (t.PackedDoubles is { } packed && t.LooseDoubles is null)
            {
                if (packed.Length != bytes) throw new ModelFormatException(display, name, $"double_data holds {packed.Length / 8.0} values but shape [{string.Join(", ", shape)}] needs {count}");
                SetPointerLoader(_model, packed.Start, bytes, count, enc, ref single, ref dbl);
            }
            else
            {
                if (t.PackedDoubles is not null) throw new ModelFormatException(display, name, "double_data mixes packed and unpacked values");
                var values = t.LooseDoubles!;
                if (values.Count != count) throw new ModelFormatException(display, name, $"double_data holds {values.Count} values but shape [{string.Join(", ", shape)}] needs {count}");
                dbl = () => [.. values];
            }
        }
        else if (enc is FloatEncoding.Float16 or FloatEncoding.BFloat16 && (t.PackedInt32s is not null || t.LooseInt32s is not null))
        {
            var bits = HalfBits(t, display, name, count);
            single = () => DecodeHalfBits(bits(), enc);
        }
        else if (count == 0)
        {
            single = () => [];
        }
        else
        {
            string extra = t.HasOtherTypedData ? " (its values are in a field that does not match its data type)" : "";
            throw new ModelFormatException(display, name, $"{typeName} shape [{string.Join(", ", shape)}] has no element data{extra}");
        }

        // Recurrent weights: [directions, gates·hidden, input] → one 2-D matrix per direction.
        if (op is "LSTM" or "GRU" or "RNN" && input is 1 or 2 && shape.Length == 3 && shape[0] is >= 1 and <= 64 && count <= Array.MaxLength)
        {
            long directions = shape[0];
            long[] matrix = [shape[1], shape[2]];
            if (directions == 1) return [new ModelTensor(name, matrix, ModelFormat.Onnx, file, typeName, single, dbl, null, op)];
            long per = shape[1] * shape[2];
            return Enumerable.Range(0, (int)directions).Select(d =>
                new ModelTensor($"{name}[direction {d}]", matrix, ModelFormat.Onnx, file, typeName,
                    single is null ? null : () => single().AsSpan((int)(d * per), (int)per).ToArray(),
                    dbl is null ? null : () => dbl().AsSpan((int)(d * per), (int)per).ToArray(), null, op));
        }
        return [new ModelTensor(name, shape, ModelFormat.Onnx, file, typeName, single, dbl, null, op)];
    }

    private static void SetPointerLoader(MappedFile file, long offset, long bytes, long count, FloatEncoding enc, ref Func<float[]>? single, ref Func<double[]>? dbl)
    {
        if (!file.Contains(offset, bytes)) throw new ModelFormatException(file.DisplayName, null, $"tensor bytes [{offset}, {offset + bytes}) lie outside the file");
        if (enc == FloatEncoding.Float64) dbl = () => ElementDecoder.ToDouble(file, offset, count);
        else single = () => ElementDecoder.ToSingle(file, offset, count, enc);
    }

    private (MappedFile File, long Offset) ExternalData(OnnxTensorRecord t, string directory, string display, string name, long bytes)
    {
        foreach (var key in t.ExternalData.Keys)
            if (key is not ("location" or "offset" or "length" or "checksum" or "basepath")) throw new ModelFormatException(display, name, $"external_data has an unknown key '{ModelFormatException.Shorten(key)}'");
        if (!t.ExternalData.TryGetValue("location", out var location)) throw new ModelFormatException(display, name, "is stored externally but external_data has no location");
        string full = PathGuard.Resolve(directory, location, display, name, "external data file");
        if (!_external.TryGetValue(full, out var mapped))
        {
            mapped = MappedFile.Open(full, location);
            _external[full] = mapped;
        }
        long offset = ParseNumber(t, "offset", display, name) ?? 0;
        long length = ParseNumber(t, "length", display, name) ?? bytes;
        if (length != bytes) throw new ModelFormatException(display, name, $"external_data length {length} differs from the {bytes} bytes its shape and type need");
        if (!mapped.Contains(offset, length)) throw new ModelFormatException(location, name, $"external data [{offset}, {offset + length}) reaches past the {mapped.Length}-byte file (truncated?)");
        return (mapped, offset);
    }

    private static long? ParseNumber(OnnxTensorRecord t, string key, string display, string name)
    {
        if (!t.ExternalData.TryGetValue(key, out var text)) return null;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            throw new ModelFormatException(display, name, $"external_data {key} '{ModelFormatException.Shorten(text)}' is not a non-negative integer");
        return value;
    }

    private Func<ushort[]> HalfBits(OnnxTensorRecord t, string display, string name, long count)
    {
        if (t.PackedInt32s is not null && t.LooseInt32s is not null) throw new ModelFormatException(display, name, "int32_data mixes packed and unpacked values");
        if (count > int.MaxValue) throw new ModelFormatException(display, name, $"int32_data of {count} values is too large");
        if (t.LooseInt32s is { } loose)
        {
            if (loose.Count != count) throw new ModelFormatException(display, name, $"int32_data holds {loose.Count} values but the shape needs {count}");
            foreach (var v in loose) if (v > ushort.MaxValue) throw new ModelFormatException(display, name, $"int32_data value {v} is not 16-bit float bits");
            return () => loose.Select(v => (ushort)v).ToArray();
        }
        var (start, length) = t.PackedInt32s!.Value;
        // Count the varints now so a listing that succeeds has the right number of values.
        var counter = new ProtoReader(_model, start, start + length, name);
        long seen = 0;
        while (!counter.AtEnd)
        {
            if (counter.Varint() > ushort.MaxValue) throw new ModelFormatException(display, name, "int32_data holds a value that is not 16-bit float bits");
            seen++;
        }
        if (seen != count) throw new ModelFormatException(display, name, $"int32_data holds {seen} values but the shape needs {count}");
        var model = _model;
        return () =>
        {
            var values = new ushort[count];
            var reader = new ProtoReader(model, start, start + length, name);
            for (int i = 0; i < values.Length; i++) values[i] = (ushort)reader.Varint();
            return values;
        };
    }

    private static float[] DecodeHalfBits(ushort[] bits, FloatEncoding encoding)
    {
        var result = new float[bits.Length];
        for (int i = 0; i < bits.Length; i++)
            result[i] = encoding == FloatEncoding.BFloat16 ? BitConverter.Int32BitsToSingle(bits[i] << 16) : (float)BitConverter.UInt16BitsToHalf(bits[i]);
        return result;
    }

    /// <summary>onnx.proto TensorProto.DataType: element size, float decoding (null = listed, not loaded) and name.</summary>
    private static (int Size, FloatEncoding? Encoding, string Name) ElementType(int type, string display, string tensor) => type switch
    {
        1 => (4, FloatEncoding.Float32, "float32"),
        10 => (2, FloatEncoding.Float16, "float16"),
        11 => (8, FloatEncoding.Float64, "float64"),
        16 => (2, FloatEncoding.BFloat16, "bfloat16"),
        2 => (1, null, "uint8"),
        3 => (1, null, "int8"),
        4 => (2, null, "uint16"),
        5 => (2, null, "int16"),
        6 => (4, null, "int32"),
        7 => (8, null, "int64"),
        8 => (0, null, "string"),
        9 => (1, null, "bool"),
        12 => (4, null, "uint32"),
        13 => (8, null, "uint64"),
        14 => (8, null, "complex64"),
        15 => (16, null, "complex128"),
        >= 17 and <= 20 => (1, null, "float8"),
        21 or 22 => (1, null, "int4"),
        23 => (1, null, "float4"),
        _ => throw new ModelFormatException(display, tensor, $"has unknown ONNX data_type {type}"),
    };

    private static string SkipReason(int type) => type switch
    {
        8 => "string tensor",
        9 => "boolean tensor",
        14 or 15 => "complex tensor",
        >= 17 and <= 20 or 23 => "8-bit or smaller float (not read)",
        _ => "integer tensor",
    };

    /// <inheritdoc />
    public void Dispose()
    {
        _model?.Dispose();
        foreach (var file in _external.Values) file.Dispose();
    }
}

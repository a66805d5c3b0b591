using System.Buffers.Binary;
using System.Text.Json;
using SpectralCore.Analysis.Models.Internal;

namespace SpectralCore.Analysis.Models.Formats;

/// <summary>
/// One safetensors file: an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping tensor names
/// to {dtype, shape, data_offsets:[begin, end)} relative to the byte buffer that follows, and the buffer.
/// Validation follows the reference implementation: header length capped and inside the file; every
/// tensor's byte range inside the buffer and exactly dtype size × element count long; ranges sorted by
/// offset must tile the buffer with no gap or overlap, and end exactly at the end of the file.
/// </summary>
internal sealed unsafe class SafetensorsFile : IDisposable
{
    /// <summary>Largest header accepted (the reference implementation's limit).</summary>
    internal const long MaxHeaderBytes = 100_000_000;

    private readonly MappedFile _file;

    private SafetensorsFile(MappedFile file, List<ModelTensor> tensors)
    {
        _file = file;
        Tensors = tensors;
    }

    internal IReadOnlyList<ModelTensor> Tensors { get; }

    internal static SafetensorsFile Open(string path, string displayName)
    {
        var file = MappedFile.Open(path, displayName);
        try
        {
            return new SafetensorsFile(file, Parse(file));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static List<ModelTensor> Parse(MappedFile file)
    {
        string name = file.DisplayName;
        if (file.Length < 8) throw new ModelFormatException(name, null, $"is {file.Length} bytes, too short for the 8-byte safetensors header length");
        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(file.Span(0, 8));
        if (declared > MaxHeaderBytes) throw new ModelFormatException(name, null, $"declares a {declared}-byte header, more than the {MaxHeaderBytes}-byte limit (not a safetensors file?)");
        long headerLength = (long)declared;
        if (headerLength > file.Length - 8) throw new ModelFormatException(name, null, $"declares a {headerLength}-byte header but only {file.Length - 8} bytes follow (truncated?)");
        if (headerLength < 2) throw new ModelFormatException(name, null, "has an empty header");
        long bufferStart = 8 + headerLength;
        long bufferLength = file.Length - bufferStart;
        var headerBytes = file.Span(8, (int)headerLength).ToArray();
        using var document = JsonInput.Parse(headerBytes, name, "the header");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new ModelFormatException(name, null, $"header should be a JSON object, found {JsonInput.Describe(root)}");

        var entries = new List<(string Name, string DType, long[] Shape, long Begin, long End)>();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                if (property.Value.ValueKind != JsonValueKind.Object) throw new ModelFormatException(name, null, "__metadata__ should be an object of strings");
                foreach (var m in property.Value.EnumerateObject())
                    if (m.Value.ValueKind != JsonValueKind.String) throw new ModelFormatException(name, null, $"__metadata__ entry '{ModelFormatException.Shorten(m.Name)}' is not a string");
                continue;
            }
            string tensor = property.Name;
            var info = property.Value;
            if (info.ValueKind != JsonValueKind.Object) throw new ModelFormatException(name, tensor, $"entry should be an object, found {JsonInput.Describe(info)}");
            foreach (var key in info.EnumerateObject())
                if (key.Name is not ("dtype" or "shape" or "data_offsets")) throw new ModelFormatException(name, tensor, $"has an unknown key '{ModelFormatException.Shorten(key.Name)}'");
            string dtype = JsonInput.String(info, "dtype", name, tensor);
            long[] shape = JsonInput.Shape(JsonInput.Property(info, "shape", name, tensor, JsonValueKind.Array), name, tensor);
            var offsets = JsonInput.Property(info, "data_offsets", name, tensor, JsonValueKind.Array);
            if (offsets.GetArrayLength() != 2) throw new ModelFormatException(name, tensor, $"data_offsets should hold 2 numbers, holds {offsets.GetArrayLength()}");
            long begin = JsonInput.NonNegativeInteger(offsets[0], name, tensor, "data_offsets[0]");
            long end = JsonInput.NonNegativeInteger(offsets[1], name, tensor, "data_offsets[1]");
            if (end < begin) throw new ModelFormatException(name, tensor, $"data_offsets [{begin}, {end}) end before they begin");
            if (end > bufferLength) throw new ModelFormatException(name, tensor, $"data_offsets [{begin}, {end}) reach past the {bufferLength}-byte data buffer (truncated file?)");
            var (bits, _) = Describe(dtype, name, tensor);
            long count = JsonInput.ElementCount(shape);
            if (count < 0 || count > long.MaxValue / 8) throw new ModelFormatException(name, tensor, $"shape [{string.Join(", ", shape)}] has more elements than any file can hold");
            long needed = (count * bits + 7) / 8;
            if (end - begin != needed) throw new ModelFormatException(name, tensor, $"data_offsets [{begin}, {end}) hold {end - begin} bytes but {dtype} shape [{string.Join(", ", shape)}] needs {needed}");
            entries.Add((tensor, dtype, shape, begin, end));
        }

        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        foreach (var e in entries)
        {
            if (e.Begin < expected) throw new ModelFormatException(name, e.Name, $"data_offsets [{e.Begin}, {e.End}) overlap the previous tensor's bytes (which end at {expected})");
            if (e.Begin > expected) throw new ModelFormatException(name, e.Name, $"data_offsets [{e.Begin}, {e.End}) leave a gap after byte {expected} of the data buffer");
            expected = e.End;
        }
        if (expected != bufferLength) throw new ModelFormatException(name, null, $"tensors cover {expected} bytes but the data buffer holds {bufferLength} (extra or missing bytes)");

        var tensors = new List<ModelTensor>(entries.Count);
        foreach (var e in entries)
        {
            var (_, encoding) = Describe(e.DType, name, e.Name);
            long absolute = bufferStart + e.Begin;
            long count = JsonInput.ElementCount(e.Shape);
            if (encoding is not { } enc)
            {
                tensors.Add(new ModelTensor(e.Name, e.Shape, ModelFormat.Safetensors, name, e.DType, null, null, SkipReasonFor(e.DType)));
                continue;
            }
            long bytes = e.End - e.Begin;
            Func<float[]>? single = null;
            Func<double[]>? dbl = null;
            if (enc == FloatEncoding.Float64) dbl = () => ElementDecoder.ToDouble(file, absolute, count);
            else single = () => ElementDecoder.ToSingle(file, absolute, count, enc);
            var tensor = new ModelTensor(e.Name, e.Shape, ModelFormat.Safetensors, name, e.DType, single, dbl);
            // Large little-endian F32 tensors at a 4-byte offset are analysed in place from a map of their range (no copy).
            if (enc == FloatEncoding.Float32 && BitConverter.IsLittleEndian && absolute % 4 == 0 && bytes >= ModelTensor.MapFromBytes && count > 0)
                tensor.WithSingleMap(() => file.MapSingles(absolute, count));
            tensors.Add(tensor);
        }
        return tensors;
    }

    /// <summary>Bits per element and the float decoding (null for the types that are listed but not analysed).</summary>
    private static (int Bits, FloatEncoding? Encoding) Describe(string dtype, string file, string tensor) => dtype switch
    {
        "F64" => (64, FloatEncoding.Float64),
        "F32" => (32, FloatEncoding.Float32),
        "F16" => (16, FloatEncoding.Float16),
        "BF16" => (16, FloatEncoding.BFloat16),
        "BOOL" or "U8" or "I8" or "F8_E4M3" or "F8_E5M2" or "F8_E8M0" => (8, null),
        "U16" or "I16" => (16, null),
        "U32" or "I32" => (32, null),
        "U64" or "I64" or "C64" => (64, null),
        "F4" => (4, null),
        "F6_E2M3" or "F6_E3M2" => (6, null),
        _ => throw new ModelFormatException(file, tensor, $"has unknown dtype '{ModelFormatException.Shorten(dtype)}' (known: F64, F32, F16, BF16, F8_*, F6_*, F4, C64, I8-I64, U8-U64, BOOL)"),
    };

    private static string SkipReasonFor(string dtype) => dtype switch
    {
        "BOOL" => "boolean tensor",
        "C64" => "complex tensor",
        _ when dtype.StartsWith('F') => $"{dtype} (8-bit and smaller floats are not read)",
        _ => "integer tensor",
    };

    public void Dispose() => _file.Dispose();
}

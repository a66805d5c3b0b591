using System.Buffers.Binary;
using System.Text.Json;
using SpectralCore.Analysis.Models.Internal;

namespace SpectralCore.Analysis.Models.Formats;

/// <summary>
/// Reads a TensorFlow.js model: model.json (its "weightsManifest") or a *weights_manifest.json (a bare
/// manifest array). Each manifest group lists binary shard files whose concatenation holds the group's
/// weights back to back in manifest order; a weight may cross a shard boundary. Element types: float32,
/// float16 (quantization dtype float16), uint8/uint16 affine quantization (w = q·scale + min, computed in
/// float64 and rounded to float32 as TensorFlow.js does); int32, bool, string and complex64 weights are listed
/// but not loadable. Shards are memory-mapped. TF.js keeps Keras axis order (kernels [kh, kw, in, out]).
/// </summary>
public sealed unsafe class TfjsReader : IModelReader
{
    /// <summary>Largest model.json / manifest accepted.</summary>
    internal const long MaxManifestBytes = 64L << 20;

    private readonly List<MappedFile> _shards = [];

    private TfjsReader(string path)
    {
        Path = path;
        string display = System.IO.Path.GetFileName(path);
        string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        try
        {
            using var document = JsonInput.ParseFile(path, display, "the manifest", MaxManifestBytes);
            var root = document.RootElement;
            JsonElement groups = root.ValueKind switch
            {
                JsonValueKind.Array => root,
                JsonValueKind.Object => JsonInput.Property(root, "weightsManifest", display, null, JsonValueKind.Array),
                _ => throw new ModelFormatException(display, null, $"should be a TF.js model.json object or a weights-manifest array, found {JsonInput.Describe(root)}"),
            };
            var tensors = new List<ModelTensor>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            int groupIndex = 0;
            foreach (var group in groups.EnumerateArray()) ReadGroup(group, groupIndex++, directory, display, tensors, names);
            Tensors = tensors;
            Description = $"tfjs, {_shards.Count} shard{(_shards.Count == 1 ? "" : "s")}";
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
    public string Description { get; } = "tfjs";

    /// <inheritdoc />
    public IReadOnlyList<ModelTensor> Tensors { get; } = [];

    /// <summary>Opens a model.json or *weights_manifest.json.</summary>
    public static TfjsReader Open(string path) => new(path);

    private void ReadGroup(JsonElement group, int index, string directory, string display, List<ModelTensor> tensors, HashSet<string> names)
    {
        string where = $"weightsManifest[{index}]";
        if (group.ValueKind != JsonValueKind.Object) throw new ModelFormatException(display, null, $"{where} should be an object, found {JsonInput.Describe(group)}");
        var paths = JsonInput.Property(group, "paths", display, null, JsonValueKind.Array);
        var weights = JsonInput.Property(group, "weights", display, null, JsonValueKind.Array);
        var pieces = new List<(MappedFile File, long Start)>();
        long total = 0;
        foreach (var p in paths.EnumerateArray())
        {
            if (p.ValueKind != JsonValueKind.String) throw new ModelFormatException(display, null, $"{where}.paths holds {JsonInput.Describe(p)}, not a file name");
            string relative = p.GetString()!;
            var file = MappedFile.Open(PathGuard.Resolve(directory, relative, display, null, "shard"), relative);
            _shards.Add(file);
            pieces.Add((file, total));
            total += file.Length;
        }
        var source = new ShardSpan(pieces, total);
        long offset = 0;
        foreach (var w in weights.EnumerateArray())
        {
            if (w.ValueKind != JsonValueKind.Object) throw new ModelFormatException(display, null, $"{where}.weights holds {JsonInput.Describe(w)}, not a weight");
            string name = JsonInput.String(w, "name", display, null);
            if (!names.Add(name)) throw new ModelFormatException(display, name, "is listed twice in the manifest");
            long[] shape = JsonInput.Shape(JsonInput.Property(w, "shape", display, name, JsonValueKind.Array), display, name);
            string dtype = JsonInput.String(w, "dtype", display, name);
            long count = JsonInput.ElementCount(shape);
            if (count < 0 || count > long.MaxValue / 8) throw new ModelFormatException(display, name, $"shape [{string.Join(", ", shape)}] has more elements than any file can hold");
            var quantization = JsonInput.OptionalProperty(w, "quantization", display, name, JsonValueKind.Object);
            var (bytes, loader, typeName, skip) = Plan(name, dtype, quantization, count, source, offset, display);
            if (bytes > total - offset) throw new ModelFormatException(pieces.Count > 0 ? pieces[^1].File.DisplayName : display, name, $"needs bytes [{offset}, {offset + bytes}) of the group's shards, which hold only {total} (truncated shard?)");
            tensors.Add(new ModelTensor(name, shape, ModelFormat.TensorFlowJs, pieces.Count == 1 ? pieces[0].File.DisplayName : display, typeName, loader, null, skip));
            offset += bytes;
        }
    }

    private static (long Bytes, Func<float[]>? Loader, string Type, string? Skip) Plan(string name, string dtype, JsonElement? quantization, long count, ShardSpan source, long offset, string display)
    {
        if (dtype == "string") return (StringBytes(source, offset, count, display, name), null, "string", "string tensor");
        if (quantization is { } q)
        {
            string qtype = JsonInput.String(q, "dtype", display, name);
            int size = qtype switch
            {
                "uint8" => 1,
                "uint16" or "float16" => 2,
                _ => throw new ModelFormatException(display, name, $"has unknown quantization dtype '{ModelFormatException.Shorten(qtype)}' (uint8, uint16, float16 are known)"),
            };
            long bytes = count * size;
            if (dtype is "int32" or "bool") return (bytes, null, $"{qtype}→{dtype}", $"{dtype} tensor");
            if (dtype != "float32") throw new ModelFormatException(display, name, $"has dtype '{ModelFormatException.Shorten(dtype)}' with quantization (float32, int32 and bool are known)");
            if (qtype == "float16") return (bytes, () => source.Decode(offset, count, FloatEncoding.Float16), "float16→float32", null);
            double scale = Finite(q, "scale", display, name), min = Finite(q, "min", display, name);
            return (bytes, () => source.Dequantize(offset, count, size, scale, min), $"{qtype}→float32 affine", null);
        }
        return dtype switch
        {
            "float32" => (count * 4, () => source.Decode(offset, count, FloatEncoding.Float32), "float32", null),
            "float16" => (count * 2, () => source.Decode(offset, count, FloatEncoding.Float16), "float16", null),
            "int32" => (count * 4, null, "int32", "integer tensor"),
            "bool" => (count, null, "bool", "boolean tensor"),
            "complex64" => (count * 8, null, "complex64", "complex tensor"),
            _ => throw new ModelFormatException(display, name, $"has unknown dtype '{ModelFormatException.Shorten(dtype)}' (float32, float16, int32, bool, string, complex64 are known)"),
        };
    }

    private static double Finite(JsonElement q, string key, string display, string name)
    {
        var value = JsonInput.Property(q, key, display, name, JsonValueKind.Number);
        if (!value.TryGetDouble(out double v) || !double.IsFinite(v)) throw new ModelFormatException(display, name, $"quantization {key} {ModelFormatException.Shorten(value.GetRawText())} is not a finite number");
        return v;
    }

    /// <summary>TF.js string tensors: each element is a uint32 little-endian byte length and that many bytes.</summary>
    private static long StringBytes(ShardSpan source, long offset, long count, string display, string name)
    {
        long position = offset;
        Span<byte> prefix = stackalloc byte[4];
        for (long i = 0; i < count; i++)
        {
            if (source.Total - position < 4) throw new ModelFormatException(display, name, "string tensor runs past the end of its shards (truncated shard?)");
            source.Copy(position, prefix);
            long length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
            position += 4;
            if (source.Total - position < length) throw new ModelFormatException(display, name, "string tensor runs past the end of its shards (truncated shard?)");
            position += length;
        }
        return position - offset;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var shard in _shards) shard.Dispose();
    }

    /// <summary>The concatenation of a group's shards, addressed by a global byte offset.</summary>
    private sealed class ShardSpan(List<(MappedFile File, long Start)> pieces, long total)
    {
        internal long Total => total;

        /// <summary>Copies [offset, offset + destination.Length) into <paramref name="destination"/>, across shard boundaries.</summary>
        internal void Copy(long offset, Span<byte> destination)
        {
            if (offset < 0 || destination.Length > total - offset) throw new ModelFormatException(pieces.Count > 0 ? pieces[^1].File.DisplayName : "shards", null, $"bytes [{offset}, {offset + destination.Length}) lie past the shards' {total} bytes");
            int done = 0;
            foreach (var (file, start) in pieces)
            {
                if (done == destination.Length) break;
                long at = offset + done;
                if (at >= start + file.Length || at < start) continue;
                int n = (int)Math.Min(destination.Length - done, start + file.Length - at);
                var target = destination.Slice(done, n);
                fixed (byte* t = target)
                {
                    nint to = (nint)t;
                    file.Read(at - start, n, p => { new ReadOnlySpan<byte>((byte*)p, n).CopyTo(new Span<byte>((byte*)to, n)); return 0; });
                }
                done += n;
            }
        }

        private byte[] Gather(long offset, long bytes)
        {
            if (bytes > Array.MaxLength) throw new ModelFormatException(pieces[^1].File.DisplayName, null, $"a {bytes}-byte weight is too large to read");
            var buffer = new byte[bytes];
            Copy(offset, buffer);
            return buffer;
        }

        internal float[] Decode(long offset, long count, FloatEncoding encoding)
        {
            long bytes = count * ElementDecoder.Size(encoding);
            foreach (var (file, start) in pieces)
                if (offset >= start && offset + bytes <= start + file.Length)
                    return ElementDecoder.ToSingle(file, offset - start, count, encoding);
            fixed (byte* p = Gather(offset, bytes)) return ElementDecoder.ToSingle(p, count, encoding);
        }

        internal float[] Dequantize(long offset, long count, int size, double scale, double min)
        {
            var raw = Gather(offset, count * size);
            var result = new float[count];
            for (long i = 0; i < count; i++)
            {
                double q = size == 1 ? raw[i] : BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan((int)(i * 2), 2));
                result[i] = (float)(q * scale + min);
            }
            return result;
        }
    }
}

using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SpectralCore.IO;

namespace SpectralCore.Analysis.Tests.Models;

/// <summary>Writes small model files of every format byte by byte, from the formats' specifications (not from our readers).</summary>
internal static class ModelBuilders
{
    internal sealed class TempDir : IDisposable
    {
        internal TempDir() => Directory.CreateDirectory(Path);

        internal string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "spectral-models-" + Guid.NewGuid().ToString("N"));

        internal string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try { Directory.Delete(Path, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    // ---- safetensors -------------------------------------------------------------------------------

    internal sealed record StEntry(string Name, string DType, long[] Shape, byte[] Data);

    /// <summary>A safetensors image: u64 header length, JSON header, contiguous data in entry order.</summary>
    internal static byte[] Safetensors(IEnumerable<StEntry> entries, string? metadataJson = null, Func<long, long, string>? offsets = null)
    {
        var header = new StringBuilder("{");
        if (metadataJson is not null) header.Append("\"__metadata__\":").Append(metadataJson).Append(',');
        var data = new MemoryStream();
        bool first = true;
        foreach (var e in entries)
        {
            if (!first) header.Append(',');
            first = false;
            long begin = data.Length, end = begin + e.Data.Length;
            header.Append($"\"{e.Name}\":{{\"dtype\":\"{e.DType}\",\"shape\":[{string.Join(",", e.Shape)}],\"data_offsets\":{offsets?.Invoke(begin, end) ?? $"[{begin},{end}]"}}}");
            data.Write(e.Data);
        }
        header.Append('}');
        var headerBytes = Encoding.UTF8.GetBytes(header.ToString());
        var result = new byte[8 + headerBytes.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)headerBytes.Length);
        headerBytes.CopyTo(result, 8);
        data.ToArray().CopyTo(result, 8 + headerBytes.Length);
        return result;
    }

    internal static byte[] F32(params float[] values)
    {
        var b = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(i * 4), values[i]);
        return b;
    }

    internal static byte[] F64(params double[] values)
    {
        var b = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(i * 8), values[i]);
        return b;
    }

    internal static byte[] F16(params float[] values)
    {
        var b = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(b.AsSpan(i * 2), (Half)values[i]);
        return b;
    }

    /// <summary>bfloat16: the top 16 bits of the float32 (values chosen exactly representable).</summary>
    internal static byte[] BF16(params float[] values)
    {
        var b = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(i * 2), (ushort)(BitConverter.SingleToUInt32Bits(values[i]) >> 16));
        return b;
    }

    // ---- npz ---------------------------------------------------------------------------------------

    internal static byte[] Npy(string descr, bool fortran, long[] shape, byte[] data)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
        int pad = (64 - (10 + dict.Length + 1) % 64) % 64;
        var header = Encoding.Latin1.GetBytes(dict + new string(' ', pad) + "\n");
        var ms = new MemoryStream();
        ms.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        ms.Write(BitConverter.GetBytes((ushort)header.Length));
        ms.Write(header);
        ms.Write(data);
        return ms.ToArray();
    }

    internal static byte[] Npz(IEnumerable<(string Entry, byte[] Npy)> entries, CompressionLevel level)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, true))
            foreach (var (name, npy) in entries)
            {
                using var s = zip.CreateEntry(name, level).Open();
                s.Write(npy);
            }
        return ms.ToArray();
    }

    // ---- protobuf / ONNX ---------------------------------------------------------------------------

    internal static class Proto
    {
        internal static byte[] Varint(ulong v)
        {
            var b = new List<byte>();
            while (v >= 0x80) { b.Add((byte)(v | 0x80)); v >>= 7; }
            b.Add((byte)v);
            return [.. b];
        }

        internal static byte[] Key(int field, int wire) => Varint((ulong)(field << 3 | wire));

        internal static byte[] VarintField(int field, ulong v) => [.. Key(field, 0), .. Varint(v)];

        internal static byte[] Bytes(int field, byte[] payload) => [.. Key(field, 2), .. Varint((ulong)payload.Length), .. payload];

        internal static byte[] String(int field, string s) => Bytes(field, Encoding.UTF8.GetBytes(s));

        internal static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
    }

    /// <summary>TensorProto: dims (packed), data_type, name, and the given data fields.</summary>
    internal static byte[] OnnxTensor(string name, long[] dims, int dataType, params byte[][] dataFields)
        => Proto.Concat([Proto.Bytes(1, dims.SelectMany(d => Proto.Varint((ulong)d)).ToArray()), Proto.VarintField(2, (ulong)dataType), Proto.String(8, name), .. dataFields]);

    internal static byte[] OnnxNode(string op, string[] inputs, string[] outputs, string name, params byte[][] attributes)
        => Proto.Concat([.. inputs.Select(i => Proto.String(1, i)), .. outputs.Select(o => Proto.String(2, o)), Proto.String(3, name), Proto.String(4, op), .. attributes.Select(a => Proto.Bytes(5, a))]);

    internal static byte[] OnnxAttributeTensor(string name, byte[] tensor) => Proto.Concat(Proto.String(1, name), Proto.Bytes(5, tensor), Proto.VarintField(20, 4));

    internal static byte[] OnnxAttributeGraph(string name, byte[] graph) => Proto.Concat(Proto.String(1, name), Proto.Bytes(6, graph), Proto.VarintField(20, 5));

    /// <summary>GraphProto with nodes (field 1) and initializers (field 5).</summary>
    internal static byte[] OnnxGraph(string name, IEnumerable<byte[]> nodes, IEnumerable<byte[]> initializers)
        => Proto.Concat([.. nodes.Select(n => Proto.Bytes(1, n)), Proto.String(2, name), .. initializers.Select(t => Proto.Bytes(5, t))]);

    /// <summary>ModelProto: ir_version 8, producer, graph.</summary>
    internal static byte[] OnnxModel(byte[] graph) => Proto.Concat(Proto.VarintField(1, 8), Proto.String(2, "spectral-tests"), Proto.Bytes(7, graph));

    // ---- TF.js -------------------------------------------------------------------------------------

    internal static string TfjsWeight(string name, long[] shape, string dtype, string? quantization = null)
        => $"{{\"name\":\"{name}\",\"shape\":[{string.Join(",", shape)}],\"dtype\":\"{dtype}\"{(quantization is null ? "" : $",\"quantization\":{quantization}")}}}";

    internal static string TfjsManifest(string[] paths, IEnumerable<string> weights)
        => $"[{{\"paths\":[{string.Join(",", paths.Select(p => $"\"{p}\""))}],\"weights\":[{string.Join(",", weights)}]}}]";
}

using SpectralCore.Analysis.Models.Formats;
using SpectralCore.Analysis.Models.Formats.Onnx;

namespace SpectralCore.Analysis.Models;

/// <summary>
/// Opens a model by path: a directory (see <see cref="DirectoryReader"/>) or a file whose format is told by
/// its extension (.safetensors, .safetensors.index.json, .onnx, .npy, .npz, model.json / *weights_manifest.json)
/// or, failing that, by its first bytes (.npy magic, zip signature, safetensors header, JSON).
/// </summary>
public static class ModelReader
{
    /// <summary>Opens <paramref name="path"/> (file or directory) with the matching reader.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="ModelFormatException">The file is malformed, or its format is not recognized.</exception>
    public static IModelReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) return DirectoryReader.Open(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file or directory", path);
        return OpenFile(path);
    }

    /// <summary>The format a file would be read as, or null when it is not recognized.</summary>
    public static ModelFormat? Detect(string path)
    {
        string name = Path.GetFileName(path);
        if (name.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".safetensors.index.json", StringComparison.OrdinalIgnoreCase)) return ModelFormat.Safetensors;
        if (name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) return ModelFormat.Onnx;
        if (name.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)) return ModelFormat.Npy;
        if (name.EndsWith(".npz", StringComparison.OrdinalIgnoreCase)) return ModelFormat.Npz;
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return ModelFormat.TensorFlowJs;
        Span<byte> head = stackalloc byte[16];
        int n;
        using (var stream = File.OpenRead(path)) n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        if (n >= 6 && head[0] == 0x93 && head[1..6].SequenceEqual("NUMPY"u8)) return ModelFormat.Npy;
        if (n >= 4 && head[..4].SequenceEqual("PK\x03\x04"u8)) return ModelFormat.Npz;
        if (n >= 9 && head[8] == (byte)'{' && BitConverter.ToUInt64(head[..8]) < (ulong)new FileInfo(path).Length) return ModelFormat.Safetensors;
        if (n >= 1 && (head[0] == (byte)'{' || head[0] == (byte)'[')) return ModelFormat.TensorFlowJs;
        return null;
    }

    internal static IModelReader OpenFile(string path)
    {
        string name = Path.GetFileName(path);
        return Detect(path) switch
        {
            ModelFormat.Safetensors when name.EndsWith(".index.json", StringComparison.OrdinalIgnoreCase) => SafetensorsReader.OpenIndex(path),
            ModelFormat.Safetensors => SafetensorsReader.OpenFile(path),
            ModelFormat.Onnx => OnnxReader.Open(path),
            ModelFormat.Npy => NpyReader.OpenNpy(path),
            ModelFormat.Npz => NpyReader.OpenNpz(path),
            ModelFormat.TensorFlowJs => TfjsReader.Open(path),
            _ => throw new ModelFormatException(name, null, "is not a recognized model file (safetensors, ONNX, TF.js model.json / weights manifest, .npy, .npz)"),
        };
    }

    /// <summary>The file name without model-format suffixes ("face_recognition_model-weights_manifest.json" → "face_recognition_model").</summary>
    internal static string StemOf(string path)
    {
        string name = Path.GetFileName(path);
        foreach (var suffix in new[] { "-weights_manifest.json", "_weights_manifest.json", "weights_manifest.json", ".safetensors.index.json", ".safetensors", ".onnx", ".npz", ".npy", ".json" })
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length) return name[..^suffix.Length];
        return name;
    }
}

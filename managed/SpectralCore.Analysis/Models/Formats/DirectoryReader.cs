namespace SpectralCore.Analysis.Models.Formats;

/// <summary>
/// A directory holding one or more model files. A sharded safetensors index (model.safetensors.index.json)
/// takes its shards; otherwise every *.safetensors, *.onnx, TF.js model.json / *weights_manifest.json, *.npz
/// and *.npy file directly inside is read (subdirectories are not searched). When more than one model file
/// is found, tensor names are prefixed with the file's name ("face_recognition_model/conv32_down/conv/filters").
/// </summary>
public sealed class DirectoryReader : IModelReader
{
    private readonly List<IModelReader> _readers;

    private DirectoryReader(string path, List<IModelReader> readers, List<ModelTensor> tensors, string description)
    {
        Path = path;
        _readers = readers;
        Tensors = tensors;
        Description = description;
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public IReadOnlyList<ModelTensor> Tensors { get; }

    /// <summary>The model files found in <paramref name="directory"/>, in the order they are read.</summary>
    public static IReadOnlyList<string> ModelFiles(string directory)
    {
        var files = Directory.GetFiles(directory).Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var index = files.Where(f => f.EndsWith(".safetensors.index.json", StringComparison.Ordinal)).ToList();
        var sharded = new HashSet<string>(StringComparer.Ordinal);
        var chosen = new List<string>(index);
        if (index.Count > 0)
        {
            // Shards named by an index are read through it, not again on their own.
            foreach (var f in files.Where(f => f.EndsWith(".safetensors", StringComparison.Ordinal) && f.Contains("-of-", StringComparison.Ordinal))) sharded.Add(f);
        }
        foreach (var f in files)
        {
            if (f.EndsWith(".safetensors", StringComparison.Ordinal) && !sharded.Contains(f)) chosen.Add(f);
            else if (f.EndsWith(".onnx", StringComparison.Ordinal) || f.EndsWith(".npz", StringComparison.Ordinal) || f.EndsWith(".npy", StringComparison.Ordinal)) chosen.Add(f);
            else if (f == "model.json" || f.EndsWith("weights_manifest.json", StringComparison.Ordinal)) chosen.Add(f);
        }
        return chosen.Select(f => System.IO.Path.Combine(directory, f)).ToList();
    }

    /// <summary>Opens every model file in <paramref name="directory"/>.</summary>
    public static DirectoryReader Open(string directory)
    {
        var files = ModelFiles(directory);
        if (files.Count == 0)
            throw new ModelFormatException(directory, null, "holds no model file (*.safetensors, model.safetensors.index.json, *.onnx, model.json, *weights_manifest.json, *.npz, *.npy)");
        var readers = new List<IModelReader>();
        var tensors = new List<ModelTensor>();
        try
        {
            foreach (var file in files)
            {
                var reader = ModelReader.OpenFile(file);
                readers.Add(reader);
                if (files.Count == 1) tensors.AddRange(reader.Tensors);
                else
                {
                    string prefix = ModelReader.StemOf(file);
                    tensors.AddRange(reader.Tensors.Select(t => t.WithName($"{prefix}/{t.Name}")));
                }
            }
        }
        catch
        {
            foreach (var r in readers) r.Dispose();
            throw;
        }
        string description = readers.Count == 1 ? readers[0].Description : $"directory of {readers.Count} models ({string.Join(", ", readers.Select(r => r.Description.Split(',')[0]).Distinct())})";
        return new DirectoryReader(directory, readers, tensors, description);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var reader in _readers) reader.Dispose();
    }
}

using System.Text.Json;
using SpectralCore.Analysis.Models.Internal;

namespace SpectralCore.Analysis.Models.Formats;

/// <summary>
/// Reads a safetensors model: one .safetensors file, or a sharded model through its
/// model.safetensors.index.json (whose weight_map must agree with the shards' own headers). Files are
/// memory-mapped; tensors are decoded one at a time on demand.
/// </summary>
public sealed class SafetensorsReader : IModelReader
{
    /// <summary>Largest index file accepted.</summary>
    internal const long MaxIndexBytes = 256L << 20;

    private readonly List<SafetensorsFile> _files;

    private SafetensorsReader(string path, string description, List<SafetensorsFile> files, IReadOnlyList<ModelTensor> tensors)
    {
        Path = path;
        Description = description;
        _files = files;
        Tensors = tensors;
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public IReadOnlyList<ModelTensor> Tensors { get; }

    /// <summary>Opens one .safetensors file.</summary>
    public static SafetensorsReader OpenFile(string path)
    {
        var file = SafetensorsFile.Open(path, System.IO.Path.GetFileName(path));
        return new SafetensorsReader(path, "safetensors", [file], file.Tensors);
    }

    /// <summary>Opens a sharded model through its index (model.safetensors.index.json).</summary>
    public static SafetensorsReader OpenIndex(string indexPath)
    {
        string indexName = System.IO.Path.GetFileName(indexPath);
        string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(indexPath))!;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var shardOrder = new List<string>();
        using (var document = JsonInput.ParseFile(indexPath, indexName, "the index", MaxIndexBytes))
        {
            var weightMap = JsonInput.Property(document.RootElement, "weight_map", indexName, null, JsonValueKind.Object);
            foreach (var entry in weightMap.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String) throw new ModelFormatException(indexName, entry.Name, $"weight_map value should be a shard file name, found {JsonInput.Describe(entry.Value)}");
                string shard = entry.Value.GetString()!;
                map[entry.Name] = shard;
                if (!shardOrder.Contains(shard, StringComparer.Ordinal)) shardOrder.Add(shard);
            }
        }
        shardOrder.Sort(StringComparer.Ordinal);
        var files = new List<SafetensorsFile>();
        var tensors = new List<ModelTensor>();
        try
        {
            foreach (string shard in shardOrder)
            {
                string full = PathGuard.Resolve(directory, shard, indexName, null, "shard");
                var file = SafetensorsFile.Open(full, shard);
                files.Add(file);
                foreach (var tensor in file.Tensors)
                {
                    if (!map.TryGetValue(tensor.Name, out var owner))
                        throw new ModelFormatException(shard, tensor.Name, $"is not listed in {indexName}'s weight_map");
                    if (owner != shard)
                        throw new ModelFormatException(shard, tensor.Name, $"is mapped to shard '{owner}' by {indexName} but also stored here");
                    tensors.Add(tensor);
                }
            }
            var present = new HashSet<string>(tensors.Select(t => t.Name), StringComparer.Ordinal);
            foreach (var (tensor, shard) in map)
                if (!present.Contains(tensor)) throw new ModelFormatException(shard, tensor, $"is listed in {indexName} but missing from the shard (truncated or wrong shard?)");
        }
        catch
        {
            foreach (var f in files) f.Dispose();
            throw;
        }
        return new SafetensorsReader(indexPath, $"safetensors, {files.Count} shard{(files.Count == 1 ? "" : "s")}", files, tensors);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var file in _files) file.Dispose();
    }
}

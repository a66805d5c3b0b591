using SpectralCore.IO;

namespace SpectralCore.Analysis.Models.Formats;

/// <summary>
/// Reads NumPy arrays: a single .npy file (one tensor named after the file) or an .npz archive (a zip of
/// .npy entries, stored or deflated; one tensor per entry, named after the entry without ".npy"). Headers
/// are parsed by <see cref="NpyFile"/> (C and Fortran order, either endianness); integer and boolean
/// arrays are listed but not loadable. Listing reads each array once and drops it (the .npy format has no
/// separate index), so memory holds at most one array at a time; loading reads it again.
/// </summary>
public sealed class NpyReader : IModelReader
{
    /// <summary>Largest uncompressed/compressed ratio accepted for a deflated entry (deflate's own maximum is about 1032:1).</summary>
    internal const long MaxDeflateRatio = 1040;

    private NpyReader(string path, string description, IReadOnlyList<ModelTensor> tensors)
    {
        Path = path;
        Description = description;
        Tensors = tensors;
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public IReadOnlyList<ModelTensor> Tensors { get; }

    /// <summary>Opens a single .npy file.</summary>
    public static NpyReader OpenNpy(string path)
    {
        string file = System.IO.Path.GetFileName(path);
        string name = System.IO.Path.GetFileNameWithoutExtension(path);
        // Listing reads only the header; a load reads the data straight into the result when no conversion is needed.
        var listed = Wrap(file, name, () => NpyFile.ReadHeader(path));
        var tensor = Describe(listed, name, ModelFormat.Npy, file, () => Wrap(file, name, () => NpyFile.Read(path)), path);
        return new NpyReader(path, "npy", [tensor]);
    }

    /// <summary>Opens an .npz archive.</summary>
    public static NpyReader OpenNpz(string path)
    {
        string file = System.IO.Path.GetFileName(path);
        var tensors = new List<ModelTensor>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        WithArchive(path, file, null, archive =>
        {
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue;
                string entryName = entry.FullName;
                if (!entryName.EndsWith(".npy", StringComparison.Ordinal))
                {
                    tensors.Add(new ModelTensor(entryName, [], ModelFormat.Npz, file, "?", null, null, "not a .npy entry"));
                    continue;
                }
                string name = entryName[..^4];
                if (!names.Add(name)) throw new ModelFormatException(file, name, "appears twice in the archive");
                var array = ReadEntry(entry, file, name);
                tensors.Add(Describe(array, name, ModelFormat.Npz, file, () => LoadEntry(path, file, entryName, name)));
            }
            return 0;
        });
        return new NpyReader(path, $"npz, {tensors.Count} arrays", tensors);
    }

    private static NpyArray LoadEntry(string path, string file, string entryName, string name)
        => WithArchive(path, file, name, archive =>
        {
            var entry = archive.GetEntry(entryName) ?? throw new ModelFormatException(file, name, "disappeared from the archive since it was listed");
            return ReadEntry(entry, file, name);
        });

    private static NpyArray ReadEntry(System.IO.Compression.ZipArchiveEntry entry, string file, string name)
    {
        long length = entry.Length, compressed = entry.CompressedLength;
        if (length < 0 || compressed < 0) throw new ModelFormatException(file, name, "has a negative size in the zip directory");
        if (length > compressed && length / MaxDeflateRatio > Math.Max(compressed, 1))
            throw new ModelFormatException(file, name, $"claims {length} uncompressed bytes from {compressed} compressed ones, more than deflate can produce (forged size?)");
        using var stream = entry.Open();
        return Wrap(file, name, () => NpyFile.Read(stream, $"{file}/{entry.FullName}", length));
    }

    private static ModelTensor Describe(NpyArray array, string name, ModelFormat format, string file, Func<NpyArray> reload, string? directPath = null)
    {
        string dtype = array.Descr + (array.FortranOrder ? " (Fortran order)" : "");
        string? skip = array.ElementType switch
        {
            NpyElementType.Int or NpyElementType.UInt => "integer tensor",
            NpyElementType.Bool => "boolean tensor",
            _ => null,
        };
        if (skip is not null) return new ModelTensor(name, array.Shape, format, file, dtype, null, null, skip);
        if (array.ElementType == NpyElementType.Float64)
            return new ModelTensor(name, array.Shape, format, file, dtype, null, () => Load<double>(array, name, file, reload, directPath));
        var tensor = new ModelTensor(name, array.Shape, format, file, dtype, () => Load<float>(array, name, file, reload, directPath), null);
        // A large float32 .npy (not an npz entry) is analysed straight from the page cache: no copy, no fresh memory.
        if (directPath is not null && array.ElementType == NpyElementType.Float32 && array.ElementCount * 4 >= ModelTensor.MapFromBytes)
            tensor.WithSingleMap(() => Map(array, name, file, directPath));
        return tensor;
    }

    private static SpectralCore.IO.MappedArray<float>? Map(NpyArray listed, string name, string file, string path)
    {
        NpyArray? now = null;
        var mapped = Wrap(file, name, () => { var map = NpyFile.TryMapDirect<float>(path, out var header); now = header; return map; });
        try
        {
            Checked(now!, listed, file, name);
        }
        catch
        {
            ((IDisposable?)mapped)?.Dispose();
            throw;
        }
        return mapped;
    }

    private static T[] Load<T>(NpyArray listed, string name, string file, Func<NpyArray> reload, string? directPath)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (directPath is not null)
        {
            NpyArray? now = null;
            var direct = Wrap(file, name, () => { var data = NpyFile.TryReadDirect<T>(directPath, out var header); now = header; return data; });
            Checked(now!, listed, file, name);
            if (direct is not null) return direct;
        }
        return Checked(reload(), listed, file, name).ToArray<T>();
    }

    private static NpyArray Checked(NpyArray now, NpyArray listed, string file, string name)
    {
        if (now.Descr != listed.Descr || !now.Shape.SequenceEqual(listed.Shape) || now.FortranOrder != listed.FortranOrder)
            throw new ModelFormatException(file, name, "changed on disk since the model was listed");
        return now;
    }

    private static T WithArchive<T>(string path, string file, string? tensor, Func<System.IO.Compression.ZipArchive, T> body)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var archive = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Read);
            return body(archive);
        }
        catch (ModelFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or (IOException and not FileNotFoundException and not DirectoryNotFoundException))
        {
            throw new ModelFormatException(file, tensor, $"is not a readable .npz (zip) archive: {e.Message}", e);
        }
    }

    private static TResult Wrap<TResult>(string file, string name, Func<TResult> read)
    {
        try
        {
            return read();
        }
        catch (ModelFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or (IOException and not FileNotFoundException and not DirectoryNotFoundException))
        {
            throw new ModelFormatException(file, name, e.Message, e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}

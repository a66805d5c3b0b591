using System.IO.MemoryMappedFiles;

namespace SpectralCore.Analysis.Models.Internal;

/// <summary>
/// A read-only memory map of a whole file with bounds-checked access. Tensor bytes are decoded straight
/// from the map, so the page cache (not the managed heap) holds the model and memory stays bounded by the
/// tensors being decoded. Every access checks offset and length against the file length taken at open.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private byte* _base;
    private int _disposed;

    private MappedFile(string path, string displayName)
    {
        Path = path;
        DisplayName = displayName;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        Length = stream.Length;
        if (Length == 0) return; // an empty file cannot be mapped; every access below fails the bounds check
        _map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
    }

    /// <summary>Maps <paramref name="path"/>; <paramref name="displayName"/> is what error messages call it.</summary>
    internal static MappedFile Open(string path, string displayName)
    {
        try
        {
            return new MappedFile(path, displayName);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new ModelFormatException(displayName, null, $"cannot be mapped: {e.Message}", e);
        }
    }

    internal string Path { get; }

    internal string DisplayName { get; }

    internal long Length { get; }

    /// <summary>True when [offset, offset+length) lies inside the file.</summary>
    internal bool Contains(long offset, long length) => offset >= 0 && length >= 0 && offset <= Length && length <= Length - offset;

    /// <summary>A span over [offset, offset+length); the caller has checked the range (it is checked again here).</summary>
    internal ReadOnlySpan<byte> Span(long offset, int length)
    {
        if (!Contains(offset, length)) throw new ModelFormatException(DisplayName, null, $"byte range [{offset}, {offset + (long)length}) lies outside the {Length}-byte file");
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return length == 0 ? [] : new ReadOnlySpan<byte>(_base + offset, length);
    }

    /// <summary>Pointer to byte <paramref name="offset"/> after checking [offset, offset+length) is inside the file.</summary>
    internal byte* Pointer(long offset, long length)
    {
        if (!Contains(offset, length)) throw new ModelFormatException(DisplayName, null, $"byte range [{offset}, {offset + length}) lies outside the {Length}-byte file");
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _base + offset;
    }

    /// <summary>
    /// Maps just [offset, offset+length) for the duration of <paramref name="decode"/> and unmaps it after, so the
    /// file pages a tensor load touches leave this process's resident set when the load is done (the long-lived
    /// whole-file view is only used for headers and protobuf structure). <paramref name="decode"/> gets a pointer
    /// to byte <paramref name="offset"/>.
    /// </summary>
    internal T Read<T>(long offset, long length, Func<nint, T> decode)
    {
        if (!Contains(offset, length)) throw new ModelFormatException(DisplayName, null, $"byte range [{offset}, {offset + length}) lies outside the {Length}-byte file");
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (length == 0 || _map is null) return decode(0);
        using var view = _map.CreateViewAccessor(offset, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            return decode((nint)(pointer + view.PointerOffset));
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>
    /// The <paramref name="count"/> float32 elements at byte <paramref name="offset"/> as a map of their own (read in place
    /// by the analysis; the caller disposes it), after checking the range against the file and the file against its
    /// length at open.
    /// </summary>
    internal SpectralCore.IO.MappedArray<float> MapSingles(long offset, long count)
    {
        if (count < 0 || count > long.MaxValue / 4 || !Contains(offset, count * 4))
            throw new ModelFormatException(DisplayName, null, $"byte range [{offset}, {offset + count * 4}) lies outside the {Length}-byte file");
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (stream.Length != Length) throw new ModelFormatException(DisplayName, null, $"changed on disk since it was opened ({Length} → {stream.Length} bytes)");
            return SpectralCore.IO.MappedArray<float>.Map(stream, offset, count);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new ModelFormatException(DisplayName, null, $"cannot be mapped: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _map?.Dispose();
        _base = null;
    }
}

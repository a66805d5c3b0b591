using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace SpectralCore.IO;

/// <summary>
/// Reads and writes NumPy .npy files (format versions 1.0–3.0). Input is treated as hostile: the header
/// length is capped, every field is parsed strictly, and the data size implied by dtype × shape is checked
/// against the bytes actually present before anything is allocated. Errors are
/// <see cref="InvalidDataException"/> naming the file and the problem.
/// </summary>
public static partial class NpyFile
{
    /// <summary>Largest header accepted (NumPy itself writes a few hundred bytes).</summary>
    public const int MaxHeaderLength = 1 << 16;

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a .npy file.</summary>
    public static NpyArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = OpenSequential(path);
        return Read(stream, path, stream.Length);
    }

    /// <summary>Reads a .npy image from a stream whose total remaining length is <paramref name="length"/> bytes.</summary>
    public static NpyArray Read(Stream stream, string name, long length)
    {
        var header = ReadHeader(stream, name, length, out long bytes);
        var data = new byte[bytes];
        ReadExactly(stream, data, name);
        return new NpyArray(header.Descr, header.ElementType, header.ItemSize, header.BigEndian, header.FortranOrder, header.Shape, data);
    }

    /// <summary>
    /// The header of a .npy file (descriptor, shape, order) as an array without data, after the same validation as
    /// <see cref="Read(string)"/> (the data must be present in full); the data bytes are not read.
    /// </summary>
    internal static NpyArray ReadHeader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = OpenSequential(path);
        return ReadHeader(stream, path, stream.Length, out _);
    }

    /// <summary>
    /// The elements of a C-order .npy file in this machine's byte order whose element type is exactly <typeparamref name="T"/>, read
    /// straight from the file into the result (no intermediate byte copy; large results get huge-page advice); null
    /// when the file needs conversion (other type, other byte order, Fortran order), which <see cref="NpyArray.ToArray{T}"/> does.
    /// <paramref name="header"/> is the header found now, for the caller to compare with what it listed.
    /// </summary>
    internal static T[]? TryReadDirect<T>(string path, out NpyArray header) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = OpenSequential(path);
        header = ReadHeader(stream, path, stream.Length, out long bytes);
        if (!StoredAs<T>(header)) return null;
        long count = header.ElementCount;
        var result = Kernels.Memory.LargeArray.Allocate<T>(count);
        // Large arrays are read in two halves at once (positioned reads of one handle): the copy out of the page cache
        // and the first touch of the result's pages are CPU work, and while a model is opened the other core is idle.
        // Measured on a 2-vCPU Zen 4 (page cache warm, 10 reads in one process): 180 MB 37–39 → 21–25 ms, 64 MB 14 → 8–9 ms
        // (a fresh process's first read, page faults included: 196–467 → 86–293 ms and 49–65 → 59–78 ms; noisy).
        int parts = count * Unsafe.SizeOf<T>() >= ParallelReadBytes && Environment.ProcessorCount > 1 ? 2 : 1;
        long dataStart = stream.Position, perPart = (count + parts - 1) / parts;
        var handle = stream.SafeFileHandle;
        try
        {
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            {
                const int chunk = 1 << 24;
                long end = Math.Min(count, (part + 1) * perPart);
                for (long start = part * perPart; start < end; start += chunk)
                {
                    int n = (int)Math.Min(chunk, end - start);
                    ReadAt(handle, System.Runtime.InteropServices.MemoryMarshal.AsBytes(result.AsSpan((int)start, n)), dataStart + start * Unsafe.SizeOf<T>(), path);
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The reader's own error (truncated file, I/O failure naming the path), not the loop's wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
        return result;
    }

    /// <summary>
    /// Opens <paramref name="path"/> for one front-to-back read: <see cref="FileOptions.SequentialScan"/> is
    /// posix_fadvise(SEQUENTIAL) on Linux, which doubles the kernel's readahead window. Measured on a 2-vCPU Zen 4 VM, a
    /// 180 MB .npy not in the page cache (dropped) read in 80–86 ms with it and 74–336 ms without (6 alternating runs
    /// each); 40–50 ms when cached.
    /// </summary>
    internal static FileStream OpenSequential(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);

    /// <summary>
    /// The elements of a .npy file that <see cref="TryReadDirect{T}"/> could read, memory-mapped in place instead (see
    /// <see cref="MappedArray{T}"/>); null when the file needs conversion, or when its data does not start at a multiple of
    /// the element size (a header that breaks the format's 64-byte alignment). The caller disposes the result.
    /// </summary>
    internal static MappedArray<T>? TryMapDirect<T>(string path, out NpyArray header) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = OpenSequential(path);
        header = ReadHeader(stream, path, stream.Length, out _);
        if (!StoredAs<T>(header)) return null;
        long count = header.ElementCount, dataStart = stream.Position;
        if (count == 0 || count > Array.MaxLength || dataStart % Unsafe.SizeOf<T>() != 0) return null;
        // ReadHeader checked that the file holds every element the header declares.
        return MappedArray<T>.Map(stream, dataStart, count);
    }

    /// <summary>
    /// Whether the file's elements are exactly <typeparamref name="T"/> in this machine's byte order and C order, so they can be
    /// used as stored (read straight into the result, or mapped) instead of converted.
    /// </summary>
    private static bool StoredAs<T>(NpyArray header) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var wanted = typeof(T) == typeof(double) ? NpyElementType.Float64 : typeof(T) == typeof(float) ? NpyElementType.Float32 : (NpyElementType?)null;
        return header.ElementType == wanted && header.BigEndian == !BitConverter.IsLittleEndian && !(header.FortranOrder && header.Shape.Length > 1);
    }

    /// <summary>From this many data bytes on, <see cref="TryReadDirect"/> reads in two halves at once.</summary>
    private const long ParallelReadBytes = 16L << 20;

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/> of the file (positioned reads, any thread).</summary>
    private static void ReadAt(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> buffer, long offset, string name)
    {
        while (!buffer.IsEmpty)
        {
            int read = RandomAccess.Read(handle, buffer, offset);
            if (read <= 0) throw Bad(name, "ends before the data it declares (truncated)");
            buffer = buffer[read..];
            offset += read;
        }
    }

    private static NpyArray ReadHeader(Stream stream, string name, long length, out long bytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> prefix = stackalloc byte[12];
        if (length < 10) throw Bad(name, $"is {length} bytes, too short for a .npy header");
        ReadExactly(stream, prefix[..8], name);
        if (!prefix[..6].SequenceEqual(Magic)) throw Bad(name, "does not start with the .npy magic \\x93NUMPY");
        byte major = prefix[6];
        int headerLength;
        int preamble;
        if (major == 1)
        {
            ReadExactly(stream, prefix.Slice(8, 2), name);
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix.Slice(8, 2));
            preamble = 10;
        }
        else if (major is 2 or 3)
        {
            if (length < 12) throw Bad(name, "is too short for a version 2/3 .npy header");
            ReadExactly(stream, prefix.Slice(8, 4), name);
            uint raw = BinaryPrimitives.ReadUInt32LittleEndian(prefix.Slice(8, 4));
            if (raw > MaxHeaderLength) throw Bad(name, $"declares a {raw}-byte header, more than the {MaxHeaderLength}-byte limit");
            headerLength = (int)raw;
            preamble = 12;
        }
        else
        {
            throw Bad(name, $"has unsupported .npy format version {major}.{prefix[7]}");
        }
        if (headerLength > MaxHeaderLength) throw Bad(name, $"declares a {headerLength}-byte header, more than the {MaxHeaderLength}-byte limit");
        if (preamble + (long)headerLength > length) throw Bad(name, $"declares a {headerLength}-byte header but holds only {length - preamble} bytes after the preamble");
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, name);
        string header;
        try
        {
            header = (major == 3 ? new UTF8Encoding(false, true) : Encoding.Latin1).GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw Bad(name, "has a header that is not valid UTF-8");
        }
        var (descr, fortran, shape) = ParseHeader(header, name);
        var (type, itemSize, bigEndian) = ParseDescr(descr, name);
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw Bad(name, $"has a negative dimension {d}");
            if (d != 0 && count > long.MaxValue / d) throw Bad(name, "has a shape whose element count overflows");
            count *= d;
        }
        if (count > long.MaxValue / itemSize) throw Bad(name, "has a shape whose byte size overflows");
        bytes = count * itemSize;
        long available = length - preamble - headerLength;
        if (bytes > available) throw Bad(name, $"shape ({string.Join(", ", shape)}) of {descr} needs {bytes} data bytes but only {available} are present (truncated?)");
        if (bytes > Array.MaxLength) throw Bad(name, $"holds {bytes} data bytes, more than one array can hold");
        return new NpyArray(descr, type, itemSize, bigEndian, fortran, shape, []);
    }

    /// <summary>Writes a dense row-major array of float or double with the given shape (format 1.0, little-endian).</summary>
    public static void Write<T>(string path, ReadOnlySpan<T> data, params long[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.Create(path);
        Write(stream, data, shape);
    }

    /// <summary>Writes a .npy image to a stream.</summary>
    public static void Write<T>(Stream stream, ReadOnlySpan<T> data, params long[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(shape);
        long count = shape.Aggregate(1L, (a, b) => b < 0 ? throw new ArgumentException("Negative dimension.", nameof(shape)) : checked(a * b));
        if (count != data.Length) throw new ArgumentException($"Shape ({string.Join(", ", shape)}) has {count} elements but data has {data.Length}.", nameof(data));
        string descr = typeof(T) == typeof(double) ? "<f8" : typeof(T) == typeof(float) ? "<f4" : throw new ArgumentException($"Unsupported element type {typeof(T).Name}.");
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int total = 10 + dict.Length + 1;
        int pad = (64 - total % 64) % 64;
        string header = dict + new string(' ', pad) + "\n";
        stream.Write(Magic);
        stream.WriteByte(1);
        stream.WriteByte(0);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, checked((ushort)header.Length));
        stream.Write(len);
        stream.Write(Encoding.Latin1.GetBytes(header));
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(data);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Writing .npy requires a little-endian machine.");
        stream.Write(bytes);
    }

    private static (string Descr, bool Fortran, long[] Shape) ParseHeader(string header, string name)
    {
        var match = HeaderPattern().Match(header.Trim());
        if (!match.Success) throw Bad(name, $"has a malformed header: {Shorten(header)}");
        string? descr = null;
        bool? fortran = null;
        long[]? shape = null;
        foreach (Capture entry in match.Groups["entry"].Captures)
        {
            var kv = EntryPattern().Match(entry.Value);
            if (!kv.Success) throw Bad(name, $"has a malformed header entry: {Shorten(entry.Value)}");
            string key = kv.Groups["key"].Value, value = kv.Groups["value"].Value.Trim();
            switch (key)
            {
                case "descr":
                    if (!(value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[^1] == value[0])) throw Bad(name, $"has a non-string descr {Shorten(value)} (structured dtypes are not supported)");
                    descr = value[1..^1];
                    break;
                case "fortran_order":
                    fortran = value switch { "True" => true, "False" => false, _ => throw Bad(name, $"has fortran_order = {Shorten(value)}") };
                    break;
                case "shape":
                    shape = ParseShape(value, name);
                    break;
                default:
                    throw Bad(name, $"has an unknown header key '{key}'");
            }
        }
        if (descr is null || fortran is null || shape is null) throw Bad(name, "has a header missing descr, fortran_order or shape");
        return (descr, fortran.Value, shape);
    }

    private static long[] ParseShape(string value, string name)
    {
        if (value.Length < 2 || value[0] != '(' || value[^1] != ')') throw Bad(name, $"has a malformed shape {Shorten(value)}");
        var parts = value[1..^1].Split(',', StringSplitOptions.TrimEntries);
        var dims = new List<long>();
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0)
            {
                if (i == parts.Length - 1) continue;
                throw Bad(name, $"has a malformed shape {Shorten(value)}");
            }
            if (!long.TryParse(parts[i].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out long d))
                throw Bad(name, $"has a non-integer dimension '{Shorten(parts[i])}'");
            dims.Add(d);
            if (dims.Count > 32) throw Bad(name, "has more than 32 dimensions");
        }
        return [.. dims];
    }

    private static (NpyElementType Type, int Size, bool BigEndian) ParseDescr(string descr, string name)
    {
        if (descr.Length < 2) throw Bad(name, $"has an unsupported dtype '{descr}'");
        char order = descr[0];
        string body = descr;
        bool big = false;
        if (order is '<' or '>' or '|' or '=')
        {
            big = order == '>';
            body = descr[1..];
        }
        var type = body[0] switch
        {
            'f' => NpyElementType.Float64,
            'i' => NpyElementType.Int,
            'u' => NpyElementType.UInt,
            'b' => NpyElementType.Bool,
            _ => throw Bad(name, $"has an unsupported dtype '{descr}' (floats, integers and booleans are)"),
        };
        if (!int.TryParse(body.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int size)) throw Bad(name, $"has an unsupported dtype '{descr}'");
        if (type == NpyElementType.Float64)
            type = size switch { 2 => NpyElementType.Float16, 4 => NpyElementType.Float32, 8 => NpyElementType.Float64, _ => throw Bad(name, $"has an unsupported float size in dtype '{descr}'") };
        else if (type == NpyElementType.Bool && size != 1) throw Bad(name, $"has an unsupported dtype '{descr}'");
        else if (type is NpyElementType.Int or NpyElementType.UInt && size is not (1 or 2 or 4 or 8)) throw Bad(name, $"has an unsupported integer size in dtype '{descr}'");
        return (type, size, big && size > 1);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string name)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw Bad(name, "ends before the data it declares (truncated)");
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static InvalidDataException Bad(string name, string problem) => new($"{name}: {problem}");

    [GeneratedRegex(@"^\{\s*(?:(?<entry>'[a-z_]+'\s*:\s*(?:'[^']*'|""[^""]*""|\([^)]*\)|True|False))\s*,?\s*)*\}$")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"^'(?<key>[a-z_]+)'\s*:\s*(?<value>.*)$", RegexOptions.Singleline)]
    private static partial Regex EntryPattern();
}

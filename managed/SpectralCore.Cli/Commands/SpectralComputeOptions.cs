using System.CommandLine;
using System.IO.Compression;
using System.Numerics;
using SpectralCore.IO;

namespace SpectralCore.Cli.Commands;

/// <summary>Options shared by `spectral eig`, `spectral svd` and `spectral bench`: backend, dtype, threads; and result writing.</summary>
internal sealed class SpectralComputeOptions
{
    public Option<string> Backend { get; } = new("--backend") { Description = "auto | managed | lapack | cuda (default: auto, honouring SPECTRAL_BACKEND)", DefaultValueFactory = _ => "auto" };
    public Option<string?> DType { get; } = new("--dtype") { Description = "float32 | float64 (default: the input file's type; float64 for bench)" };
    public Option<int?> Threads { get; } = new("--threads") { Description = "maximum worker threads (default: all cores)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Backend);
        command.Options.Add(DType);
        command.Options.Add(Threads);
    }

    public SpectralEngine CreateEngine(ParseResult parse)
    {
        Backend backend;
        try
        {
            backend = BackendSelector.Parse(parse.GetValue(Backend) ?? "auto", "--backend");
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        int? threads = parse.GetValue(Threads);
        if (threads is < 1) throw new UsageException($"--threads must be ≥ 1, got {threads}.");
        return SpectralEngine.Create(backend, new SpectralOptions { MaxDegreeOfParallelism = threads });
    }

    /// <summary>True for float32, false for float64; <paramref name="fallback"/> when --dtype is absent.</summary>
    public bool IsSingle(ParseResult parse, bool fallback)
    {
        string? text = parse.GetValue(DType);
        return text?.Trim().ToLowerInvariant() switch
        {
            null => fallback,
            "float32" or "f4" or "single" or "float" => true,
            "float64" or "f8" or "double" => false,
            _ => throw new UsageException($"--dtype must be float32 or float64, got '{text}'."),
        };
    }

    /// <summary>Parses a triangle name.</summary>
    public static Triangle ParseTriangle(string text) => text.Trim().ToLowerInvariant() switch
    {
        "lower" or "l" => Triangle.Lower,
        "upper" or "u" => Triangle.Upper,
        _ => throw new UsageException($"--triangle must be lower or upper, got '{text}'."),
    };
}

/// <summary>Writes named arrays as .npz (a zip of .npy entries) or, for .npy, one file per array.</summary>
internal static class ResultWriter
{
    public readonly record struct NamedArray<T>(string Name, T[] Data, long[] Shape) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// .npz: every array as an entry. .npy: the first array to <paramref name="path"/>, the others to
    /// &lt;stem&gt;.&lt;name&gt;.npy beside it. Returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> Write<T>(string path, IReadOnlyList<NamedArray<T>> arrays) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var written = new List<string>();
        if (path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
        {
            using var file = File.Create(path);
            using var zip = new ZipArchive(file, ZipArchiveMode.Create);
            foreach (var array in arrays)
            {
                var entry = zip.CreateEntry(array.Name + ".npy", CompressionLevel.NoCompression);
                using var stream = entry.Open();
                NpyFile.Write<T>(stream, array.Data, array.Shape);
            }
            written.Add(path);
            return written;
        }
        if (!path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--output must end in .npy or .npz, got '{path}'.");
        string stem = path[..^4];
        for (int i = 0; i < arrays.Count; i++)
        {
            string target = i == 0 ? path : $"{stem}.{arrays[i].Name}.npy";
            NpyFile.Write<T>(target, arrays[i].Data, arrays[i].Shape);
            written.Add(target);
        }
        return written;
    }

    /// <summary>Reads a 2-D .npy matrix; dtype from the file unless overridden.</summary>
    public static NpyArray ReadMatrixFile(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"input file '{path}' does not exist.");
        var array = NpyFile.Read(path);
        if (array.Shape.Length != 2)
            throw new InvalidDataException($"{path}: expected a 2-D matrix, found shape ({string.Join(", ", array.Shape)}).");
        return array;
    }
}

/// <summary>
/// Maps failures inside a command action to the CLI's exit codes (2 usage, 1 runtime) with one clear line.
/// System.CommandLine's default exception handler would otherwise print a stack trace before CliRunner sees
/// the exception.
/// </summary>
internal static class CommandGuard
{
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"spectral: {e.Message}");
            return CliRunner.UsageError;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"spectral: error: {e.Message}");
            if (Environment.GetEnvironmentVariable("SPECTRAL_DEBUG") == "1") Console.Error.WriteLine(e);
            return CliRunner.RuntimeFailure;
        }
    }
}

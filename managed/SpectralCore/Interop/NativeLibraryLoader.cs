using System.Reflection;
using System.Runtime.InteropServices;

namespace SpectralCore.Interop;

/// <summary>
/// Finds and loads libspectral once per process, records every path it tried, and refuses a library whose
/// ABI major version differs from the one this assembly was built for.
/// </summary>
internal static class NativeLibraryLoader
{
    /// <summary>The ABI major version this assembly speaks (spectral.h SPECTRAL_ABI_VERSION_MAJOR).</summary>
    internal const uint ExpectedAbiMajor = 1;

    /// <summary>The lowest ABI minor version with every entry point this assembly calls (1: spectral_gram_eigenvalues).</summary>
    internal const uint MinimumAbiMinor = 1;

    /// <summary>Environment variable that names the library file explicitly.</summary>
    internal const string PathVariable = "SPECTRAL_NATIVE_LIBRARY";

    private static readonly Lazy<NativeLibraryState> State = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static nint s_handle;

    static NativeLibraryLoader()
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
    }

    /// <summary>What happened when the library was loaded (cached).</summary>
    internal static NativeLibraryState Status => State.Value;

    /// <summary>True when libspectral is loaded and its ABI matches.</summary>
    internal static bool IsAvailable => Status.Loaded;

    /// <summary>Throws <see cref="BackendUnavailableException"/> unless the library is usable.</summary>
    internal static void EnsureLoaded(Backend backend)
    {
        if (!Status.Loaded) throw new BackendUnavailableException(backend, $"{backend.ToString().ToLowerInvariant()}: {Status.Problem}");
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != NativeMethods.LibraryName) return IntPtr.Zero;
        _ = State.Value;
        return s_handle;
    }

    internal static IEnumerable<string> CandidatePaths()
    {
        var env = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(env)) yield return env;
        string fileName = OperatingSystem.IsWindows() ? "spectral.dll" : OperatingSystem.IsMacOS() ? "libspectral.dylib" : "libspectral.so";
        string rid = RuntimeInformation.RuntimeIdentifier.StartsWith("linux", StringComparison.Ordinal)
            ? $"linux-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}"
            : RuntimeInformation.RuntimeIdentifier;
        string folder = AppContext.BaseDirectory;
        yield return Path.Combine(folder, fileName);
        yield return Path.Combine(folder, "runtimes", rid, "native", fileName);
    }

    private static NativeLibraryState Load()
    {
        var tried = new List<string>();
        foreach (var path in CandidatePaths())
        {
            if (!File.Exists(path))
            {
                tried.Add($"{path}: no such file");
                continue;
            }
            try
            {
                var handle = NativeLibrary.Load(path);
                return Check(handle, path, tried);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                tried.Add($"{path}: {e.Message}");
            }
        }
        // Last resort: the platform's own search (LD_LIBRARY_PATH, deps.json native assets).
        if (NativeLibrary.TryLoad(NativeMethods.LibraryName, typeof(NativeLibraryLoader).Assembly, DllImportSearchPath.SafeDirectories | DllImportSearchPath.AssemblyDirectory, out var h))
            return Check(h, "spectral (system search)", tried);
        tried.Add("spectral (system search): not found");
        return new NativeLibraryState(false, null, 0,
            "the native library libspectral was not found; tried:\n  " + string.Join("\n  ", tried) +
            $"\n(build it with `dotnet build`, or set {PathVariable} to its path)", tried);
    }

    private static NativeLibraryState Check(nint handle, string path, List<string> tried)
    {
        if (!NativeLibrary.TryGetExport(handle, "spectral_abi_version", out var export))
        {
            tried.Add($"{path}: loaded but exports no spectral_abi_version");
            return new NativeLibraryState(false, path, 0, $"{path} is not libspectral (no spectral_abi_version export)", tried);
        }
        uint version;
        unsafe { version = ((delegate* unmanaged<uint>)export)(); }
        uint major = version >> 16;
        if (major != ExpectedAbiMajor)
        {
            return new NativeLibraryState(false, path, version,
                $"{path} has ABI version {major}.{version & 0xFFFF}, but this SpectralCore needs ABI major version {ExpectedAbiMajor}; rebuild or reinstall so the two match", tried);
        }
        if ((version & 0xFFFF) < MinimumAbiMinor)
        {
            return new NativeLibraryState(false, path, version,
                $"{path} has ABI version {major}.{version & 0xFFFF}, older than the {ExpectedAbiMajor}.{MinimumAbiMinor} this SpectralCore calls; rebuild or reinstall so the two match", tried);
        }
        s_handle = handle;
        return new NativeLibraryState(true, path, version, null, tried);
    }
}

/// <summary>The outcome of loading libspectral.</summary>
/// <param name="Loaded">True when usable.</param>
/// <param name="Path">The file that was loaded (or rejected).</param>
/// <param name="AbiVersion">(major &lt;&lt; 16) | minor, or 0.</param>
/// <param name="Problem">Why it is unusable; null when loaded.</param>
/// <param name="Tried">Every path tried and why it failed.</param>
public sealed record NativeLibraryState(bool Loaded, string? Path, uint AbiVersion, string? Problem, IReadOnlyList<string> Tried)
{
    /// <summary>"major.minor", or "none".</summary>
    public string AbiText => AbiVersion == 0 ? "none" : $"{AbiVersion >> 16}.{AbiVersion & 0xFFFF}";
}

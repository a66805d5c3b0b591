using SpectralCore.Interop;

namespace SpectralCore;

/// <summary>
/// Backend discovery and selection (Math.NET-provider style): explicit Use/TryUse, the SPECTRAL_BACKEND
/// environment variable, and Auto = Cuda, else Lapack, else Managed.
/// </summary>
public static class BackendSelector
{
    /// <summary>Environment variable that overrides <see cref="Backend.Auto"/> (managed, lapack, cuda or auto).</summary>
    public const string EnvironmentVariable = "SPECTRAL_BACKEND";

    /// <summary>Describes every backend: what it is and why any is unavailable.</summary>
    public static IReadOnlyList<BackendDescription> Describe()
    {
        var list = new List<BackendDescription>
        {
            new(Backend.Managed, true,
                "pure C# kernels (Householder tridiagonalization, implicit QL/QR, divide and conquer, SIMD GEMM), always available",
                "", "", typeof(BackendSelector).Assembly.GetName().Version?.ToString() ?? "", ""),
        };
        foreach (var backend in new[] { Backend.Lapack, Backend.Cuda })
        {
            string summary = backend == Backend.Lapack
                ? "LAPACK ?syevd/?syevr/?gesdd through libspectral"
                : "cuSOLVER/cuBLAS on an NVIDIA GPU through libspectral";
            var native = NativeLibraryLoader.Status;
            if (!native.Loaded)
            {
                string first = native.Problem?.Split('\n')[0].TrimEnd(';', ':') ?? "not loaded";
                list.Add(new(backend, false, summary, $"{backend.ToString().ToLowerInvariant()}: needs libspectral — {first}", "", "", native.Problem ?? ""));
                continue;
            }
            var probe = NativeContext.Query(backend)!;
            list.Add(new(backend, probe.Available, summary, probe.Reason, probe.Library, probe.Version, probe.Details));
        }
        return list;
    }

    /// <summary>Parses SPECTRAL_BACKEND; null when unset. Throws <see cref="ArgumentException"/> on an unknown name.</summary>
    public static Backend? FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return Parse(text, EnvironmentVariable);
    }

    /// <summary>Parses a backend name (case-insensitive: auto, managed, lapack, cuda).</summary>
    public static Backend Parse(string text, string argumentName = "backend")
    {
        if (Enum.TryParse<Backend>(text.Trim(), ignoreCase: true, out var backend) && Enum.IsDefined(backend))
            return backend;
        throw new ArgumentException($"'{text}' is not a backend; use auto, managed, lapack or cuda.", argumentName);
    }

    /// <summary>Resolves Auto (after the environment override) to the concrete backend that would be used.</summary>
    public static Backend Resolve(Backend requested)
    {
        if (requested == Backend.Auto) requested = FromEnvironment() ?? Backend.Auto;
        if (requested != Backend.Auto) return requested;
        foreach (var candidate in new[] { Backend.Cuda, Backend.Lapack })
        {
            if (!NativeLibraryLoader.IsAvailable) break;
            if (NativeContext.Query(candidate) is { Available: true }) return candidate;
        }
        return Backend.Managed;
    }

    /// <summary>Creates a backend instance; an explicitly requested backend that is unavailable throws with the reason.</summary>
    public static ISpectralBackend Create(Backend backend, SpectralOptions? options = null)
    {
        options ??= SpectralOptions.Default;
        options.Validate();
        return Resolve(backend) switch
        {
            Backend.Managed => new ManagedBackend(options),
            Backend.Lapack => new LapackBackend(options),
            Backend.Cuda => new CudaBackend(options),
            var other => throw new ArgumentOutOfRangeException(nameof(backend), other, "Unknown backend."),
        };
    }

    /// <summary>Creates a backend if it is available; otherwise returns false and the reason.</summary>
    public static bool TryCreate(Backend backend, SpectralOptions? options, out ISpectralBackend? instance, out string reason)
    {
        try
        {
            instance = Create(backend, options);
            reason = "";
            return true;
        }
        catch (BackendUnavailableException e)
        {
            instance = null;
            reason = e.Message;
            return false;
        }
    }
}

using System.Runtime.InteropServices;

namespace SpectralCore.Interop;

/// <summary>Validating wrappers for backend discovery and context creation.</summary>
internal static class NativeContext
{
    /// <summary>Queries one native backend; null when the native library itself is missing.</summary>
    internal static unsafe NativeBackendProbe? Query(Backend backend)
    {
        if (!NativeLibraryLoader.IsAvailable) return null;
        var info = new NativeBackendInfo { StructSize = (uint)sizeof(NativeBackendInfo) };
        NativeStatus.ThrowIfFailed(NativeMethods.BackendQuery(ToNative(backend), &info), backend);
        return new NativeBackendProbe(
            info.Available != 0,
            Utf8(info.Reason, 512),
            Utf8(info.Library, 512),
            Utf8(info.Version, 256),
            Utf8(info.Details, 2048));
    }

    /// <summary>Creates a context; throws <see cref="BackendUnavailableException"/> with the native reason.</summary>
    internal static unsafe NativeContextHandle Create(Backend backend, SpectralOptions options)
    {
        NativeLibraryLoader.EnsureLoaded(backend);
        NativeContextOptions native;
        NativeStatus.ThrowIfFailed(NativeMethods.ContextOptionsInit(&native), backend);
        native.NumThreads = options.MaxDegreeOfParallelism ?? 0;
        native.DeviceOrdinal = options.DeviceOrdinal;
        int status = NativeMethods.ContextCreate(ToNative(backend), &native, out nint raw);
        NativeStatus.ThrowIfFailed(status, backend);
        return new NativeContextHandle(raw);
    }

    internal static int ToNative(Backend backend) => backend switch
    {
        Backend.Lapack => NativeMethods.BackendLapack,
        Backend.Cuda => NativeMethods.BackendCuda,
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Only Lapack and Cuda are native backends."),
    };

    private static unsafe string Utf8(byte* text, int capacity)
    {
        int length = 0;
        while (length < capacity && text[length] != 0) length++;
        return Marshal.PtrToStringUTF8((nint)text, length) ?? "";
    }
}

/// <summary>What libspectral reports about one backend.</summary>
internal sealed record NativeBackendProbe(bool Available, string Reason, string Library, string Version, string Details);

using System.Runtime.InteropServices;

namespace SpectralCore.Interop;

/// <summary>The one place native status codes become exceptions.</summary>
internal static class NativeStatus
{
    internal const int Ok = 0;
    internal const int InvalidArgument = 1;
    internal const int Unavailable = 2;
    internal const int OutOfMemory = 3;
    internal const int NotConverged = 4;
    internal const int BackendError = 5;
    internal const int Unsupported = 6;
    internal const int Internal = 7;

    /// <summary>Throws the exception that <paramref name="status"/> maps to, with the thread's native message.</summary>
    internal static void ThrowIfFailed(int status, Backend backend = Backend.Lapack)
    {
        if (status == Ok) return;
        throw ToException(status, LastError(), backend);
    }

    internal static Exception ToException(int status, string message, Backend backend, string? argumentName = null) => status switch
    {
        InvalidArgument => new ArgumentException(message, argumentName),
        Unavailable => new BackendUnavailableException(backend, message),
        OutOfMemory => new OutOfMemoryException(message),
        NotConverged => new NonConvergenceException(message),
        Unsupported => new BackendNotSupportedException(message),
        _ => new NativeBackendException(status, $"{StatusName(status)}: {message}"),
    };

    internal static string LastError() => Marshal.PtrToStringUTF8(NativeMethods.LastError()) ?? "";

    internal static string StatusName(int status) => Marshal.PtrToStringUTF8(NativeMethods.StatusString(status)) ?? $"status {status}";
}

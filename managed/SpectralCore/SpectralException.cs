namespace SpectralCore;

/// <summary>Base type of SpectralCore's errors other than argument errors.</summary>
public class SpectralException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpectralException(string message) : base(message) { }

    /// <summary>Creates the exception with an inner exception.</summary>
    public SpectralException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>An iterative eigen/SVD solver did not converge.</summary>
public sealed class NonConvergenceException : SpectralException
{
    /// <summary>Creates the exception.</summary>
    public NonConvergenceException(string message) : base(message) { }
}

/// <summary>A backend that was asked for explicitly is not available; the message says why.</summary>
public sealed class BackendUnavailableException : SpectralException
{
    /// <summary>Creates the exception.</summary>
    public BackendUnavailableException(Backend backend, string reason) : base(reason)
    {
        Backend = backend;
    }

    /// <summary>The backend that is unavailable.</summary>
    public Backend Backend { get; }
}

/// <summary>A backend does not support an operation for these arguments (Auto may fall back and say so).</summary>
public sealed class BackendNotSupportedException : SpectralException
{
    /// <summary>Creates the exception.</summary>
    public BackendNotSupportedException(string message) : base(message) { }
}

/// <summary>The native library or the library under it (LAPACK, CUDA) reported a failure.</summary>
public sealed class NativeBackendException : SpectralException
{
    /// <summary>Creates the exception.</summary>
    public NativeBackendException(int status, string message) : base(message)
    {
        Status = status;
    }

    /// <summary>The native spectral_status code.</summary>
    public int Status { get; }
}

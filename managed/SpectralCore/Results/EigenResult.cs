using System.Numerics;

namespace SpectralCore;

/// <summary>The result of a symmetric eigendecomposition.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class EigenResult<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a result.</summary>
    public EigenResult(T[] values, Matrix<T>? vectors, Backend backend, string algorithm, string? fallbackNote = null)
    {
        Values = values ?? throw new ArgumentNullException(nameof(values));
        Vectors = vectors;
        Backend = backend;
        Algorithm = algorithm;
        FallbackNote = fallbackNote;
    }

    /// <summary>Eigenvalues in ascending order (of the requested index range, if any).</summary>
    public T[] Values { get; }

    /// <summary>n × k matrix whose column j is the unit eigenvector of <c>Values[j]</c>; null when not requested.</summary>
    public Matrix<T>? Vectors { get; }

    /// <summary>The backend that produced this result.</summary>
    public Backend Backend { get; }

    /// <summary>The algorithm that produced it (e.g. "Householder tridiagonalization + implicit QL", "LAPACK dsyevd").</summary>
    public string Algorithm { get; }

    /// <summary>When Auto fell back to another backend for this operation: why. Null otherwise.</summary>
    public string? FallbackNote { get; }
}

using System.Numerics;

namespace SpectralCore;

/// <summary>The result of a (thin) singular value decomposition A = U diag(S) Vᵀ.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class SvdResult<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a result.</summary>
    public SvdResult(T[] singularValues, Matrix<T>? u, Matrix<T>? vt, Backend backend, string algorithm, string? fallbackNote = null)
    {
        SingularValues = singularValues ?? throw new ArgumentNullException(nameof(singularValues));
        U = u;
        Vt = vt;
        Backend = backend;
        Algorithm = algorithm;
        FallbackNote = fallbackNote;
    }

    /// <summary>Singular values, descending (k = min(m, n) of them, or the requested top k).</summary>
    public T[] SingularValues { get; }

    /// <summary>m × k left singular vectors (columns); null when not requested.</summary>
    public Matrix<T>? U { get; }

    /// <summary>k × n right singular vectors (rows); null when not requested.</summary>
    public Matrix<T>? Vt { get; }

    /// <summary>The backend that produced this result.</summary>
    public Backend Backend { get; }

    /// <summary>The algorithm that produced it.</summary>
    public string Algorithm { get; }

    /// <summary>When Auto fell back to another backend for this operation: why. Null otherwise.</summary>
    public string? FallbackNote { get; }
}

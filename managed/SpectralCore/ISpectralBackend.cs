using System.Numerics;

namespace SpectralCore;

/// <summary>
/// The contract every backend implements (managed, LAPACK, CUDA). Implementations validate their inputs
/// (non-finite values and non-square inputs give <see cref="ArgumentException"/> naming the argument),
/// throw <see cref="NonConvergenceException"/> for single calls that do not converge, and report
/// per-matrix status in batches. <see cref="BackendNotSupportedException"/> means "not for these arguments":
/// Auto may fall back on it; an explicitly chosen backend surfaces it.
/// </summary>
public interface ISpectralBackend
{
    /// <summary>Which backend this is.</summary>
    Backend Kind { get; }

    /// <summary>A one-line description (library, version, device).</summary>
    string Description { get; }

    /// <summary>Symmetric eigendecomposition (values ascending; optional vectors; optional index range).</summary>
    EigenResult<T> EigenSymmetric<T>(MatrixView<T> matrix, EigenOptions options) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Thin SVD or singular values.</summary>
    SvdResult<T> Svd<T>(MatrixView<T> matrix, SvdOptions options) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Symmetric eigendecomposition of many matrices of mixed sizes.</summary>
    BatchResult<EigenResult<T>> EigenSymmetricBatch<T>(IReadOnlyList<MatrixView<T>> matrices, EigenOptions options) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>SVD of many matrices of mixed shapes.</summary>
    BatchResult<SvdResult<T>> SvdBatch<T>(IReadOnlyList<MatrixView<T>> matrices, SvdOptions options) where T : unmanaged, IFloatingPointIeee754<T>;
}

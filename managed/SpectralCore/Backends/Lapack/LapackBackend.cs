using System.Numerics;
using SpectralCore.Interop;

namespace SpectralCore;

/// <summary>The Lapack backend: libspectral's LAPACK (?syevd/?syevr/?gesdd) path.</summary>
public sealed class LapackBackend : ISpectralBackend, IDisposable
{
    private readonly NativeContextHandle _context;

    /// <summary>Creates a native context; throws <see cref="BackendUnavailableException"/> with the reason when unavailable.</summary>
    public LapackBackend(SpectralOptions? options = null)
    {
        Options = options ?? SpectralOptions.Default;
        Options.Validate();
        _context = NativeContext.Create(Backend.Lapack, Options);
        var probe = NativeContext.Query(Backend.Lapack)!;
        Description = $"{probe.Library} {probe.Version}".Trim();
    }

    /// <summary>Options in force.</summary>
    public SpectralOptions Options { get; }

    /// <inheritdoc />
    public Backend Kind => Backend.Lapack;

    /// <inheritdoc />
    public string Description { get; }

    internal NativeContextHandle Context => _context;

    /// <inheritdoc />
    public EigenResult<T> EigenSymmetric<T>(MatrixView<T> matrix, EigenOptions options) where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new BackendNotSupportedException("lapack: eigen is not wired yet");

    /// <inheritdoc />
    public SvdResult<T> Svd<T>(MatrixView<T> matrix, SvdOptions options) where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new BackendNotSupportedException("lapack: SVD is not wired yet");

    /// <inheritdoc />
    public BatchResult<EigenResult<T>> EigenSymmetricBatch<T>(IReadOnlyList<MatrixView<T>> matrices, EigenOptions options) where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new BackendNotSupportedException("lapack: batched eigen is not wired yet");

    /// <inheritdoc />
    public BatchResult<SvdResult<T>> SvdBatch<T>(IReadOnlyList<MatrixView<T>> matrices, SvdOptions options) where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new BackendNotSupportedException("lapack: batched SVD is not wired yet");

    /// <inheritdoc />
    public void Dispose() => _context.Dispose();
}

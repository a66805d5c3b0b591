using System.Numerics;

namespace SpectralCore;

/// <summary>The pure C# backend (always available). Kernels live in SpectralCore.Kernels.</summary>
public sealed class ManagedBackend : ISpectralBackend
{
    /// <summary>Creates the managed backend.</summary>
    public ManagedBackend(SpectralOptions? options = null)
    {
        Options = options ?? SpectralOptions.Default;
        Options.Validate();
    }

    /// <summary>Options in force.</summary>
    public SpectralOptions Options { get; }

    /// <inheritdoc />
    public Backend Kind => Backend.Managed;

    /// <inheritdoc />
    public string Description => $"managed ({Options.EffectiveThreads} threads, Vector512 {(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "yes" : "no")})";

    /// <inheritdoc />
    public EigenResult<T> EigenSymmetric<T>(MatrixView<T> matrix, EigenOptions options) where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new BackendNotSupportedException("managed: eigen kernels are not built yet");

    /// <inheritdoc />
    public SvdResult<T> Svd<T>(MatrixView<T> matrix, SvdOptions options) where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new BackendNotSupportedException("managed: SVD kernels are not built yet");

    /// <inheritdoc />
    public BatchResult<EigenResult<T>> EigenSymmetricBatch<T>(IReadOnlyList<MatrixView<T>> matrices, EigenOptions options) where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new BackendNotSupportedException("managed: batched eigen kernels are not built yet");

    /// <inheritdoc />
    public BatchResult<SvdResult<T>> SvdBatch<T>(IReadOnlyList<MatrixView<T>> matrices, SvdOptions options) where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new BackendNotSupportedException("managed: batched SVD kernels are not built yet");
}

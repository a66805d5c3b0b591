using System.Numerics;
using SpectralCore.Kernels;

namespace SpectralCore;

/// <summary>
/// The pure C# backend (always available). Kernels live in SpectralCore.Kernels and compute in float64
/// (float32 inputs are widened on the way in and results rounded once on the way out):
/// symmetric eigen by Householder tridiagonalization (two-stage from order 384 for values) + Pal–Walker–Kahan
/// root-free QL or, from order 512, values-only divide and conquer (values), implicit QL with rotation accumulation,
/// inverse iteration or divide and conquer (vectors); SVD by Golub–Kahan bidiagonalization + implicit-shift bidiagonal QR,
/// or the Gram route (float64 SYRK + symmetric eigen) on request; batches of small matrices by SIMD across
/// matrices. Threads honour <see cref="SpectralOptions.MaxDegreeOfParallelism"/> with fixed partitions, so the
/// same input and thread count give the same bits.
/// </summary>
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
    public EigenResult<T> EigenSymmetric<T>(MatrixView<T> matrix, EigenOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        return ManagedKernels.EigenSymmetric(matrix, options, Options.EffectiveThreads);
    }

    /// <inheritdoc />
    public SvdResult<T> Svd<T>(MatrixView<T> matrix, SvdOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        return ManagedKernels.Svd(matrix, options, Options.EffectiveThreads);
    }

    /// <inheritdoc />
    public BatchResult<EigenResult<T>> EigenSymmetricBatch<T>(IReadOnlyList<MatrixView<T>> matrices, EigenOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(matrices);
        ArgumentNullException.ThrowIfNull(options);
        return ManagedKernels.EigenSymmetricBatch(matrices, options, Options.EffectiveThreads);
    }

    /// <inheritdoc />
    public BatchResult<SvdResult<T>> SvdBatch<T>(IReadOnlyList<MatrixView<T>> matrices, SvdOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(matrices);
        ArgumentNullException.ThrowIfNull(options);
        return ManagedKernels.SvdBatch(matrices, options, Options.EffectiveThreads);
    }
}

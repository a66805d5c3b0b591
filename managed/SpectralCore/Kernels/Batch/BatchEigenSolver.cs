using System.Numerics;

namespace SpectralCore.Kernels.Batch;

/// <summary>Batched symmetric eigen dispatcher.</summary>
internal static class BatchEigenSolver
{
    /// <summary>Fills <paramref name="items"/> with one result or status per matrix.</summary>
    public static void Solve<T>(IReadOnlyList<MatrixView<T>> matrices, EigenOptions options, int threads, BatchItem<EigenResult<T>>[] items)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Parallelism.For(matrices.Count, threads, 1, (from, to) =>
        {
            for (int i = from; i < to; i++)
                items[i] = ManagedKernels.Guard(i, () => ManagedKernels.EigenSymmetric(matrices[i], options, 1));
        });
    }
}

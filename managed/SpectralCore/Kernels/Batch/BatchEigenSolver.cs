using System.Numerics;
using System.Runtime.Intrinsics;
using SpectralCore.Kernels.Common;
using SpectralCore.Kernels.Eigen;

namespace SpectralCore.Kernels.Batch;

/// <summary>
/// Batched symmetric eigen. Matrices of the same size n (2 ≤ n ≤ <see cref="MaxPackedSize"/>) are grouped into
/// packs of L = 16/4/2 (two Vector512 / one Vector256 / one Vector128 per element) and tridiagonalized together by
/// <see cref="InterleavedHouseholder"/> — SIMD across matrices, not a loop of single solves; a partial last pack
/// is padded with zero matrices. Values: the lanes' tridiagonal problems are solved together by the lockstep
/// Pal–Walker–Kahan QL (<see cref="InterleavedRootFreeQL"/>); vectors: each lane's Qᵀ (formed SIMD across
/// lanes) is finished by the scalar implicit QL with rotation accumulation. Every matrix is first scaled by a power of two to
/// unit max-norm (exact). Other sizes are solved one by one. Packs are spread over threads; a pack's bits do not
/// depend on the thread count. A matrix that is rejected or does not converge gets its own status.
/// </summary>
internal static class BatchEigenSolver
{
    /// <summary>Largest n solved by the packed path.</summary>
    public const int MaxPackedSize = 64;

    /// <summary>Fills <paramref name="items"/> with one result or status per matrix.</summary>
    public static void Solve<T>(IReadOnlyList<MatrixView<T>> matrices, EigenOptions options, int threads, BatchItem<EigenResult<T>>[] items)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 2;
        var packs = new List<int[]>();
        var singles = new List<int>();
        foreach (var group in Enumerable.Range(0, matrices.Count).GroupBy(i => matrices[i].Rows == matrices[i].Columns ? matrices[i].Rows : -1))
        {
            int n = group.Key;
            var members = group.ToArray();
            if (n < 2 || n > MaxPackedSize || members.Length < 2)
            {
                singles.AddRange(members);
                continue;
            }
            for (int s = 0; s < members.Length; s += lanes)
                packs.Add(members.AsSpan(s, Math.Min(lanes, members.Length - s)).ToArray());
        }
        int total = packs.Count + singles.Count;
        Parallelism.For(total, threads, 1, (from, to) =>
        {
            PackWorkspace? workspace = null;
            for (int w = from; w < to; w++)
            {
                if (w < packs.Count)
                {
                    if (lanes == 16) SolvePack<T, Lanes512x2, Pair512>(matrices, packs[w], options, items, ref workspace);
                    else if (lanes == 8) SolvePack<T, Lanes256x2, Pair256>(matrices, packs[w], options, items, ref workspace);
                    else SolvePack<T, Lanes128, Vector128<double>>(matrices, packs[w], options, items, ref workspace);
                }
                else
                {
                    int i = singles[w - packs.Count];
                    items[i] = ManagedKernels.Guard(i, () => ManagedKernels.EigenSymmetric(matrices[i], options, 1));
                }
            }
        });
    }

    /// <summary>
    /// Copies the declared triangle of one matrix into the lower triangle of lane <paramref name="lane"/>,
    /// rejecting non-finite elements, and scales it by a power of two to unit max-norm (exact); returns the factor.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double PackLane<T>(MatrixView<T> view, Triangle triangle, int n, double[] packed, int lanes, int lane)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (triangle is not (Triangle.Lower or Triangle.Upper))
            throw new ArgumentException($"Unknown triangle {(int)triangle}.", nameof(triangle));
        var span = view.Data.Span;
        double max = 0;
        if (typeof(T) == typeof(double) && view.Layout == MatrixLayout.RowMajor && triangle == Triangle.Lower)
        {
            // Fast path: contiguous rows of the lower triangle, no generic conversion.
            // The scale is found on the contiguous source first, so the strided (one cache line per element)
            // writes into the interleaved pack happen once, already scaled — exactly, the factor is a power of two.
            var data = System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(span);
            int ld = view.LeadingDimension;
            for (int i = 0; i < n; i++)
            {
                var row = data.Slice(i * ld, i + 1);
                for (int j = 0; j <= i; j++)
                {
                    double value = row[j];
                    if (!double.IsFinite(value)) throw KernelInput.NonFinite("matrix", i, j, value);
                    max = Math.Max(max, Math.Abs(value));
                }
            }
            double scale = max > 0 ? Math.ScaleB(1.0, -Math.ILogB(max)) : 1.0;
            for (int i = 0; i < n; i++)
            {
                var row = data.Slice(i * ld, i + 1);
                int baseIndex = i * n * lanes + lane;
                for (int j = 0; j <= i; j++) packed[baseIndex + j * lanes] = row[j] * scale;
            }
            return scale;
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j <= i; j++)
                {
                    // Lower: element (i, j); upper: its mirror (j, i). Either way it lands at (i, j), i ≥ j.
                    int row = triangle == Triangle.Lower ? i : j, column = triangle == Triangle.Lower ? j : i;
                    double value = double.CreateTruncating(span[view.Index(row, column)]);
                    if (!double.IsFinite(value)) throw KernelInput.NonFinite("matrix", row, column, value);
                    packed[(i * n + j) * lanes + lane] = value;
                    max = Math.Max(max, Math.Abs(value));
                }
            }
        }
        double factor = max > 0 ? Math.ScaleB(1.0, -Math.ILogB(max)) : 1.0;
        if (factor != 1.0)
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++) packed[(i * n + j) * lanes + lane] *= factor;
        return factor;
    }

    /// <summary>One worker's buffers for packs of order n, reused across its packs (the batch path is allocation-bound otherwise).</summary>
    private sealed class PackWorkspace(int n, int lanes)
    {
        public readonly int N = n;
        public readonly double[] Packed = new double[n * n * lanes];
        public readonly double[] D = new double[n * lanes];
        public readonly double[] E = new double[n * lanes];
        public readonly double[] Tau = new double[n * lanes];
        public readonly double[] Scratch = new double[n * lanes];
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void SolvePack<T, TL, TV>(IReadOnlyList<MatrixView<T>> matrices, int[] members, EigenOptions options, BatchItem<EigenResult<T>>[] items, ref PackWorkspace? workspace)
        where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV> where TV : struct
    {
        int lanes = TL.Count;
        int n = matrices[members[0]].Rows;
        if (workspace is null || workspace.N != n) workspace = new PackWorkspace(n, lanes);
        var packed = workspace.Packed;
        Array.Clear(packed); // padding lanes of a partial pack must be zero matrices
        var factors = new double[lanes];
        var ranges = new (int First, int Last)[lanes];
        var live = new bool[lanes];
        for (int l = 0; l < members.Length; l++)
        {
            int index = members[l];
            try
            {
                ranges[l] = ManagedKernels.ResolveRange(options, n);
                factors[l] = PackLane(matrices[index], options.Triangle, n, packed, lanes, l);
                live[l] = true;
            }
            catch (ArgumentException e)
            {
                items[index] = new BatchItem<EigenResult<T>>(BatchItemStatus.Rejected, null, $"matrix {index}: {e.Message}");
                for (int i = 0; i < n * n; i++) packed[i * lanes + l] = 0;
            }
        }
        var d = workspace.D;
        var e2 = workspace.E;
        var tau = workspace.Tau;
        var scratch = workspace.Scratch;
        InterleavedHouseholder.Reduce<TL, TV>(packed, n, d, e2, tau, scratch);
        double[]? qt = null;
        if (options.ComputeVectors)
        {
            qt = new double[n * n * lanes];
            InterleavedHouseholder.FormQTransposed<TL, TV>(packed, n, tau, qt);
        }
        var failed = new bool[lanes];
        if (qt is null) InterleavedRootFreeQL.Solve<TL, TV>(d, e2, n, failed);
        string algorithm = options.ComputeVectors
            ? $"batched: SIMD-across-matrices Householder tridiagonalization ({lanes} lanes) + implicit QL with rotation accumulation (float64)"
            : $"batched: SIMD-across-matrices Householder tridiagonalization + lockstep Pal–Walker–Kahan root-free QL ({lanes} lanes, float64)";
        for (int l = 0; l < members.Length; l++)
        {
            if (!live[l]) continue;
            int index = members[l];
            var dl = new double[n];
            for (int i = 0; i < n; i++) dl[i] = d[i * lanes + l];
            double[]? zt = null, el = null;
            if (qt is not null)
            {
                el = new double[n];
                for (int i = 0; i < n; i++) el[i] = e2[i * lanes + l];
                zt = new double[n * n];
                for (int i = 0; i < n * n; i++) zt[i] = qt[i * lanes + l];
            }
            try
            {
                if (failed[l]) throw new NonConvergenceException($"Lockstep root-free QL did not converge within {30 * n} sweeps (n = {n}).");
                if (zt is not null) TridiagonalQL.ValuesAndVectors(dl, el!, n, zt, 1);
            }
            catch (NonConvergenceException e)
            {
                items[index] = new BatchItem<EigenResult<T>>(BatchItemStatus.NotConverged, null, $"matrix {index}: {e.Message}");
                continue;
            }
            for (int i = 0; i < n; i++) dl[i] /= factors[l];
            SymmetricEigenSolver.SortAscending(dl, zt, n);
            var (first, last) = ranges[l];
            items[index] = new BatchItem<EigenResult<T>>(BatchItemStatus.Ok, ManagedKernels.Package<T>(dl, zt, n, first, last, algorithm), null);
        }
    }
}

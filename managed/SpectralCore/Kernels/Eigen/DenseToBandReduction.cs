using System.Runtime.CompilerServices;
using SpectralCore.Kernels.Blas;

namespace SpectralCore.Kernels.Eigen;

/// <summary>
/// Stage one of the two-stage tridiagonalization (the dsytrd_sy2sb scheme): a full symmetric row-major float64
/// matrix is reduced to a symmetric band matrix of lower bandwidth b by Householder QR of b-column panels. Each
/// panel A[k+b.., k..k+b) = Q R leaves R in the band and updates the trailing matrix two-sidedly,
/// A₂₂ ← Qᵀ A₂₂ Q, entirely with level-3 products: with Q = I − V T Vᵀ (compact WY), X = A₂₂ V T,
/// Z = X − ½ V (Tᵀ Vᵀ X) and A₂₂ −= Z Vᵀ + V Zᵀ (a SYMM and a lower-triangle SYR2K through the packed GEMM).
/// Unlike the one-stage reduction, no memory-bound SYMV runs per column, which is why values-only work on large
/// orders takes this route. Q is not kept: the route serves eigenvalues only.
/// </summary>
internal static class DenseToBandReduction
{
    /// <summary>
    /// Rows per block of the fused trailing pass: a block's strip of A stays in cache for its three products. A multiple
    /// of the GEMM's register tile (48 = 6·8 on AVX-512, 8·6 on AVX2), so no product ends on a partial tile. Measured on a
    /// 2-vCPU Zen 5 (1 MiB L2) at n = 4096: the pass took 0.71–0.78 s with 48 rows, 0.89–0.95 s with 64 (a 64-row strip
    /// of a 4096-wide trailing matrix is 2 MiB), 0.75–0.92 s with 32 (more, smaller products).
    /// </summary>
    private static readonly int BlockRows = 48 / Gemm.TileRows * Gemm.TileRows;

    /// <summary>
    /// Trailing orders from which a helper updates A₂₂'s bottom blocks while the panel is factored (below it, the chain is
    /// too short to be worth a task).
    /// </summary>
    private const int LookAheadMinimum = 384;

    /// <summary>
    /// Tests only: blocks the helper updates before it looks at whether the chain is done (0 in use; when positive the
    /// caller also waits for the helper to start), so that tests exercise its path on orders where the chain would finish
    /// before the helper starts. Any value gives the same bits.
    /// </summary>
    internal static int ForcedLookAheadBlocks;

    /// <summary>
    /// Tests only: blocks each worker of the pass updates out of order before it takes a chunk (0 in use), as a worker with
    /// no chunk left does, so tests exercise the owner's skip. Any value gives the same bits.
    /// </summary>
    internal static int ForcedStolenBlocks;

    /// <summary>
    /// The leading dimension to store an n×n operand of this reduction at: n rounded up to whole cache lines (8 doubles)
    /// and then to an odd number of them, so consecutive rows start in different cache sets. At n = 4096 (rows 32 KiB
    /// apart) the 48-row strips of the pass and the strided reads of its transposed product all fell into the same few
    /// sets; with 4104 the pass's three products ran 8–10 % faster on one thread (2-vCPU Zen 4, 3 alternating runs).
    /// </summary>
    public static int PaddedLeadingDimension(int n)
    {
        int lines = (n + 7) / 8;
        return (lines % 2 == 0 ? lines + 1 : lines) * 8;
    }

    /// <summary>Fixed number of accumulation chunks of the fused pass (independent of the thread count, so are the bits).</summary>
    private const int Chunks = 8;

    /// <summary>Reduces a dense n×n row-major <paramref name="a"/> (leading dimension n); see the overload with a leading dimension.</summary>
    public static void Reduce(double[] a, int n, int b, int threads) => Reduce(a, n, n, b, threads);

    /// <summary>
    /// Reduces <paramref name="a"/> (n×n row-major, row i at i·<paramref name="lda"/>; only the lower triangle is read and
    /// kept current; the upper triangle is used as scratch) so that its lower triangle holds, within bandwidth
    /// <paramref name="b"/>, a band matrix orthogonally similar to A. Entries below the band are left undefined.
    /// A leading dimension that is not a multiple of 512 (see <see cref="PaddedLeadingDimension"/>) keeps the rows of a
    /// block out of each other's cache sets.
    /// </summary>
    /// <remarks>
    /// The SYR2K of panel k and the SYMM of panel k+1 share one pass over the trailing matrix (look-ahead): panel
    /// k+1's columns are brought up to date first, factored, and then each block of rows is updated by panel k's
    /// rank-2b correction and immediately multiplied by panel k+1's V while it is in cache, so the trailing matrix
    /// streams through memory once per panel instead of three times. The panel's QR and T are a serial chain between two
    /// passes; with two or more threads, a helper task meanwhile applies the pending update to A₂₂'s bottom blocks (which
    /// the pass then skips): n = 4096 on a 2-vCPU Zen 4, medians of 9 alternating runs 0.026–0.059 s less (of ~1.4 s).
    /// </remarks>
    public static void Reduce(double[] a, int n, int lda, int b, int threads)
    {
        if (b < 1) throw new ArgumentOutOfRangeException(nameof(b), b, "The bandwidth must be at least 1.");
        if (lda < n) throw new ArgumentOutOfRangeException(nameof(lda), lda, $"The leading dimension must be at least the order {n}.");
        if ((long)(n - 1) * lda + n > a.Length && n > 0) throw new ArgumentException($"{a.Length} elements do not hold {n} rows at a leading dimension of {lda}.", nameof(a));
        int maxM = Math.Max(0, n - b);
        var panel = new double[maxM * b];
        var v = new double[maxM * b];
        var x1 = new double[maxM * b];
        var partials = new double[Chunks][];
        var left = new double[(maxM + b) * 2 * b];
        var right = new double[(maxM + b) * 2 * b];
        var tau = new double[b];
        var gram = new double[b * b];
        var t = new double[b * b];
        var y = new double[b * b];
        var w = new double[b * b];
        double[][] yParts = [new double[b * b], new double[b * b]];
        int pending = 0; // width r of the update [Z V]·[V Z]ᵀ not yet applied (0: none); it covers A[k.., k..]
        int k = 0;
        for (; k + b < n; k += b)
        {
            int s = k + b, m = n - s;
            int r = Math.Min(m, b);
            // 0. Bring the panel's block column A[k.., k..k+b) up to date with the pending update.
            if (pending > 0)
                Gemm.Multiply(n - k, b, 2 * pending, -1.0, left, 0, 2 * pending, 1, right, 0, 1, 2 * pending, 1.0, a, k * lda + k, lda, threads);
            // While this thread runs steps 1–2 (a serial chain: the panel's QR, V and T), a helper applies the
            // pending update to A₂₂'s blocks from the bottom up — work the pass below would otherwise do — until the
            // chain is done. Disjoint columns (the panel's < s, A₂₂'s ≥ s); the same products either way, so the same bits.
            int blocks = (m + BlockRows - 1) / BlockRows;
            Gemm.PackedMatrix? rightT = null;
            int updatedFrom = blocks;
            Task<(Gemm.PackedMatrix? Packed, int From)>? helper = null;
            var chainDone = new StrongBox<bool>(false);
            // 0: the helper has not started; 1: it runs; 2: the chain ended first and the caller moved on without it (so
            // the caller never waits for a task the thread pool has not started yet).
            var helperState = new StrongBox<int>(0);
            if (pending > 0 && threads > 1 && m >= LookAheadMinimum)
            {
                int ldPending = 2 * pending;
                helper = Task.Run(() =>
                {
                    if (Interlocked.CompareExchange(ref helperState.Value, 1, 0) != 0) return ((Gemm.PackedMatrix?)null, blocks);
                    var packed = Gemm.Pack(ldPending, m, right, b * ldPending, 1, ldPending);
                    int from = blocks;
                    try
                    {
                        while (from > 0 && (blocks - from < ForcedLookAheadBlocks || !Volatile.Read(ref chainDone.Value)))
                            UpdateBlock(a, lda, s, m, --from, left, ldPending, b, packed);
                    }
                    catch
                    {
                        packed.Dispose();
                        throw;
                    }
                    return (packed, from);
                });
            }
            bool chainDoneNormally = false;
            try
            {
                FactorPanel(a, lda, k, s, m, r, b, panel, tau, v, gram, t, helper is null ? threads : 1);
                chainDoneNormally = true;
            }
            finally
            {
                Volatile.Write(ref chainDone.Value, true);
                bool helperStarted = helper is not null
                    && (ForcedLookAheadBlocks > 0 || Interlocked.CompareExchange(ref helperState.Value, 2, 0) != 0);
                if (helperStarted && chainDoneNormally)
                    (rightT, updatedFrom) = helper!.GetAwaiter().GetResult();
                else if (helperStarted)
                    // The chain's exception is the one to report; the helper only has to stop and give its buffer back.
                    try { helper!.GetAwaiter().GetResult().Packed?.Dispose(); } catch (Exception) { }
            }
            // 3. One pass over A₂₂: apply the pending update (rows/columns from s on: offset b into its factors) to the
            //    blocks not yet updated, then X₁ = A₂₂ V (SYMM from the lower triangle).
            using (rightT)
                FusedTrailingPass(a, lda, s, m, pending, left, right, b, v, r, x1, partials, rightT, updatedFrom, threads);
            // 4. X = X₁ T, Y = Vᵀ X, W = Tᵀ Y, Z = X − ½ V W; X and then Z live in the left half of [Z V] (row stride 2r).
            //    Rows go in two fixed halves, one per worker, and Y = Y₀ + Y₁ in that order, so the bits do not depend on
            //    the thread count (a single Vᵀ X product has one output row block: it ran on one core).
            int half = Math.Min(m, (m / 2 + 7) / 8 * 8);
            ForHalves(m, half, threads, (lo, hi, part) =>
            {
                Gemm.Multiply(hi - lo, r, r, 1.0, x1, lo * r, r, 1, t, 0, r, 1, 0.0, left, lo * 2 * r, 2 * r, 1);
                Array.Clear(yParts[part], 0, r * r);
                Gemm.Multiply(r, r, hi - lo, 1.0, v, lo * r, 1, r, left, lo * 2 * r, 2 * r, 1, 0.0, yParts[part], 0, r, 1);
            });
            for (int i = 0; i < r * r; i++) y[i] = yParts[0][i] + yParts[1][i];
            Array.Clear(w, 0, r * r);
            for (int i = 0; i < r; i++)
                for (int q = 0; q <= i; q++)
                {
                    double tqi = t[q * r + i];
                    if (tqi == 0) continue;
                    for (int j = 0; j < r; j++) w[i * r + j] += tqi * y[q * r + j];
                }
            // 5. The update A₂₂ −= Z Vᵀ + V Zᵀ = [Z V] · [V Z]ᵀ is left pending for the next pass.
            ForHalves(m, half, threads, (lo, hi, part) =>
            {
                Gemm.Multiply(hi - lo, r, r, -0.5, v, lo * r, r, 1, w, 0, r, 1, 1.0, left, lo * 2 * r, 2 * r, 1);
                for (int i = lo; i < hi; i++)
                {
                    v.AsSpan(i * r, r).CopyTo(left.AsSpan(i * 2 * r + r, r));
                    v.AsSpan(i * r, r).CopyTo(right.AsSpan(i * 2 * r, r));
                    left.AsSpan(i * 2 * r, r).CopyTo(right.AsSpan(i * 2 * r + r, r));
                }
            });
            pending = r;
        }
        // The last update on its own (the lower triangle of the final, at most b-wide, trailing block).
        if (pending > 0)
            for (int i = k; i < n; i++)
                Gemm.Multiply(1, i - k + 1, 2 * pending, -1.0, left, (i - k) * 2 * pending, 2 * pending, 1, right, 0, 1, 2 * pending, 1.0, a, i * lda + k, lda, 1);
    }

    /// <summary>
    /// Steps 1–2 of a panel, the serial chain between two passes: Householder QR of A[s.., k..k+b) in a column-major copy
    /// (R into the band, the reflectors kept in <paramref name="panel"/>), then V (m×r row-major, unit lower trapezoidal)
    /// and T (r×r upper triangular, dlarft) from VᵀV on up to <paramref name="threads"/> workers (one while the
    /// look-ahead helper holds the other core).
    /// </summary>
    private static void FactorPanel(double[] a, int lda, int k, int s, int m, int r, int b, double[] panel, double[] tau,
        double[] v, double[] gram, double[] t, int threads)
    {
        // 1. Householder QR of the panel A[s.., k..k+b) in a column-major copy (columns contiguous).
        CopyToColumnMajor(a, s * lda + k, lda, m, b, panel);
        for (int j = 0; j < r; j++)
        {
            var col = panel.AsSpan(j * m + j, m - j);
            tau[j] = Svd.GolubKahanBidiagonalization.MakeReflector(col, out double beta);
            for (int c = j + 1; c < b; c++)
            {
                var target = panel.AsSpan(c * m + j, m - j);
                if (tau[j] != 0) VectorOps.Axpy(-tau[j] * VectorOps.Dot(col, target), col, target);
            }
            // R's diagonal goes straight into the band; the reflector stays in the panel copy.
            a[(s + j) * lda + k + j] = beta;
        }
        // R's strictly upper part into the band: R[i, c] = panel[c·m + i], i < c.
        for (int c = 1; c < b; c++)
            for (int i = 0; i < Math.Min(c, r); i++) a[(s + i) * lda + k + c] = panel[c * m + i];
        // 2. V (m×r row-major, unit lower trapezoidal) and T (r×r upper triangular, dlarft).
        Array.Clear(v, 0, m * r);
        for (int j = 0; j < r; j++)
        {
            v[j * r + j] = 1.0;
            for (int i = j + 1; i < m; i++) v[i * r + j] = panel[j * m + i];
        }
        Gemm.Multiply(r, r, m, 1.0, v, 0, 1, r, v, 0, r, 1, 0.0, gram, 0, r, threads);
        Array.Clear(t, 0, r * r);
        for (int j = 0; j < r; j++)
        {
            double tj = tau[j];
            t[j * r + j] = tj;
            if (tj == 0) continue;
            for (int i = 0; i < j; i++)
            {
                double sum = 0;
                for (int q = i; q < j; q++) sum += t[i * r + q] * gram[q * r + j];
                t[i * r + j] = -tj * sum;
            }
        }
    }

    /// <summary>
    /// body(0, half, 0) and body(half, m, 1): on two workers when there are threads and rows enough to pay for a task.
    /// </summary>
    private static void ForHalves(int m, int half, int threads, Action<int, int, int> body)
    {
        if (threads > 1 && m >= 256)
            Parallel.Invoke(() => body(0, half, 0), () => body(half, m, 1));
        else
        {
            body(0, half, 0);
            body(half, m, 1);
        }
    }

    /// <summary>
    /// Block I (rows s + I·48 ..) of A₂₂: A[I, ..I] −= L_I R[..I]ᵀ with the pending factors (when there are any: rightT
    /// not null), then the diagonal block's upper half mirrored from its lower half for the SYMM that reads it.
    /// </summary>
    private static void UpdateBlock(double[] a, int lda, int s, int m, int block, double[] left, int ld, int b, Gemm.PackedMatrix? rightT)
    {
        int r0 = block * BlockRows, rb = Math.Min(BlockRows, m - r0), width = r0 + rb;
        int rowStart = (s + r0) * lda + s;
        if (rightT is not null)
            Gemm.Multiply(rb, width, ld, -1.0, left, (b + r0) * ld, ld, 1, rightT, 1.0, a, rowStart, lda, 1);
        for (int i = 0; i < rb; i++)
            for (int j = i + 1; j < rb; j++) a[rowStart + i * lda + r0 + j] = a[rowStart + j * lda + r0 + i];
    }

    /// <summary>
    /// panel[j·m + i] = a[offset + i·n + j] (i &lt; m, j &lt; b) in 8-row tiles: each tile writes whole cache lines of eight
    /// panel columns at once instead of one element of every column per source row (measured 0.046 s per n = 4096
    /// reduction row by row).
    /// </summary>
    private static void CopyToColumnMajor(double[] a, int offset, int lda, int m, int b, double[] panel)
    {
        const int tile = 8;
        int i0 = 0;
        for (; i0 + tile <= m; i0 += tile)
        {
            ref double source = ref a[offset + i0 * lda];
            for (int j = 0; j < b; j++)
            {
                ref double target = ref panel[j * m + i0];
                for (int i = 0; i < tile; i++) Unsafe.Add(ref target, i) = Unsafe.Add(ref source, i * lda + j);
            }
        }
        for (int i = i0; i < m; i++)
            for (int j = 0; j < b; j++) panel[j * m + i] = a[offset + i * lda + j];
    }

    /// <summary>
    /// For the m×m trailing block at (s, s): A₂₂ −= L Rᵀ with L, R the rows b.. of the pending factors (when
    /// <paramref name="pending"/> &gt; 0), then X (m×r) = A₂₂ V from the updated lower triangle. Per block of rows
    /// I: A[I, ..I] −= L_I R[..I]ᵀ, mirror the diagonal block, X[I] += A[I, ..I] V[..I], X[before I] += A[I, before I]ᵀ V[I],
    /// all while the strip is in cache. Blocks are cut into a fixed number of equal-area chunks, each accumulating its
    /// own partial X, summed in chunk order: the bits do not depend on the thread count.
    /// </summary>
    private static void FusedTrailingPass(double[] a, int lda, int s, int m, int pending, double[] left, double[] right, int b,
        double[] v, int r, double[] x, double[][] partials, Gemm.PackedMatrix? packedRightT, int updatedFrom, int threads)
    {
        int blocks = (m + BlockRows - 1) / BlockRows;
        int chunks = Math.Min(Chunks, blocks);
        var bounds = new int[chunks + 1];
        for (int c = 0; c <= chunks; c++) bounds[c] = (int)Math.Round(blocks * Math.Sqrt((double)c / chunks));
        bounds[chunks] = blocks;
        for (int c = 0; c < chunks; c++) partials[c] ??= new double[x.Length];
        int ld = 2 * pending;
        // Every block multiplies by leading columns of Rᵀ and leading rows of V: pack both once for the whole pass
        // instead of once per block (on all workers: serial, the packing and the partial sums below took ~0.13 s of a
        // 0.8 s pass at n = 4096).
        using var ownRightT = pending > 0 && packedRightT is null ? Gemm.Pack(ld, m, right, b * ld, 1, ld, threads) : null;
        var rightT = packedRightT ?? ownRightT;
        using var packedV = Gemm.Pack(m, r, v, 0, r, 1, threads);
        // Block states for the update (product 1): 0 to do, 1 in progress, 2 done. Chunks go to the workers one at a time;
        // a worker that finds none left updates the highest blocks still to do — the far ends of the chunks in progress —
        // so both finish nearly together (the owner skips such blocks, or waits while one is in progress). With 8 chunks
        // and no stealing, one of two workers idled ~7 % of the pass at n = 4096. The same products either way: same bits.
        var state = new int[blocks];
        for (int i = updatedFrom; i < blocks; i++) state[i] = 2;
        int nextChunk = 0, failed = 0;
        void Update(int block)
        {
            try
            {
                UpdateBlock(a, lda, s, m, block, left, ld, b, rightT);
            }
            catch
            {
                Volatile.Write(ref failed, 1);
                throw;
            }
            Volatile.Write(ref state[block], 2);
        }
        void Steal(int most)
        {
            for (int block = blocks - 1; block >= 0 && most > 0; block--)
                if (Volatile.Read(ref state[block]) == 0 && Interlocked.CompareExchange(ref state[block], 1, 0) == 0)
                {
                    Update(block);
                    most--;
                }
        }
        void Work()
        {
            Steal(ForcedStolenBlocks);
            for (int c; (c = Interlocked.Increment(ref nextChunk) - 1) < chunks;)
            {
                var xc = partials[c];
                Array.Clear(xc, 0, m * r);
                for (int block = bounds[c]; block < bounds[c + 1]; block++)
                {
                    int r0 = block * BlockRows, rb = Math.Min(BlockRows, m - r0), width = r0 + rb;
                    int rowStart = (s + r0) * lda + s;
                    if (Interlocked.CompareExchange(ref state[block], 1, 0) == 0)
                        Update(block);
                    else
                        for (var spin = new SpinWait(); Volatile.Read(ref state[block]) != 2; spin.SpinOnce())
                            if (Volatile.Read(ref failed) != 0) throw new OperationCanceledException("Another worker of the pass failed.");
                    Gemm.Multiply(rb, r, width, 1.0, a, rowStart, lda, 1, packedV, 1.0, xc, r0 * r, r, 1);
                    if (r0 > 0)
                        Gemm.Multiply(r0, r, rb, 1.0, a, rowStart, 1, lda, v, r0 * r, r, 1, 1.0, xc, 0, r, 1);
                }
            }
            Steal(int.MaxValue);
        }
        int workers = Math.Max(1, Math.Min(threads, chunks));
        if (workers == 1) Work();
        else Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work());
        // X = Σ partials in chunk order, rows split over the workers.
        Parallelism.For(m, threads, 64, (from, to) =>
        {
            var target = x.AsSpan(from * r, (to - from) * r);
            partials[0].AsSpan(from * r, target.Length).CopyTo(target);
            for (int c = 1; c < chunks; c++) VectorOps.Axpy(1.0, partials[c].AsSpan(from * r, target.Length), target);
        });
    }
}

using SpectralCore.Kernels.Blas;

namespace SpectralCore.Kernels.Eigen;

/// <summary>
/// Householder tridiagonalization A = Q T Qᵀ of a full symmetric row-major float64 matrix: blocked panels
/// (dsytrd/dlatrd, see ReduceBlocked: SYMV on the lower triangle four rows at a time, the deferred update as a
/// lower-triangle GEMM) for large orders, then the unblocked dsytd2 scheme for the tail on full storage: the
/// reflector of the current row, a SIMD SYMV p = τ·A₂₂·v, the correction w = p − ½τ(pᵀv)v and the SIMD rank-2
/// update A₂₂ −= v wᵀ + w vᵀ, so every inner loop runs along contiguous rows. Rows are split over threads in fixed contiguous ranges, so the bits do not depend on
/// scheduling. The reflectors stay in the rows of A: row k holds v_k in columns k+1..n−1 (v_k[0] = 1).
/// </summary>
internal static class HouseholderTridiagonalization
{
    /// <summary>
    /// Reduces <paramref name="a"/> (n×n, both triangles, overwritten by the reflectors) to tridiagonal form:
    /// diagonal <paramref name="d"/> (n), off-diagonal <paramref name="e"/> (n; e[k] couples k and k+1,
    /// e[n−1] = 0) and reflector scalars <paramref name="tau"/> (n).
    /// </summary>
    public static void Reduce(double[] a, int n, double[] d, double[] e, double[] tau, int threads)
    {
        int start = n >= BlockedThreshold ? ReduceBlocked(a, n, d, e, tau, threads) : 0;
        var p = new double[Math.Max(n, 1)];
        for (int k = start; k < n - 1; k++)
        {
            int m = n - k - 1;
            var x = a.AsSpan(k * n + k + 1, m);
            d[k] = a[k * n + k];
            tau[k] = 0;
            if (m == 1)
            {
                e[k] = x[0];
                continue;
            }
            double alpha = x[0];
            // The shared reflector (it rescales columns of subnormal size: an inline copy here made NaN of the noise
            // columns of an exactly rank-one matrix).
            double t = MakeReflector(x, out double beta);
            if (t == 0)
            {
                x[0] = alpha;
                e[k] = beta;
                continue;
            }
            e[k] = beta;
            tau[k] = t;
            ApplyTwoSided(a, n, k, t, p, threads);
        }
        if (n > 0)
        {
            d[n - 1] = a[(n - 1) * n + n - 1];
            e[n - 1] = 0;
            tau[n - 1] = 0;
        }
    }

    /// <summary>Panel width of the blocked reduction.</summary>
    private const int PanelWidth = 32;

    /// <summary>Row block of the lower-triangular trailing update.</summary>
    private const int TrailingBlockRows = 480;

    /// <summary>Below this order the unblocked reduction is used throughout.</summary>
    private const int BlockedThreshold = 160;

    /// <summary>
    /// Blocked reduction (the dsytrd/dlatrd scheme) of the leading columns: each panel of
    /// <see cref="PanelWidth"/> columns is reduced with the trailing update deferred — column j is brought up to
    /// date from the panel's V and W, its reflector formed, and w_j = τ(A₂₂v − V(Wᵀv) − W(Vᵀv)) − ½τ(wᵀv)v
    /// computed with one SIMD SYMV over the not-yet-updated trailing matrix — and then the trailing matrix gets
    /// the rank-2·nb update A₂₂ −= [V W][W V]ᵀ from the packed GEMM (the SYR2K, level 3). Returns the first
    /// column left for the unblocked tail.
    /// </summary>
    private static int ReduceBlocked(double[] a, int n, double[] d, double[] e, double[] tau, int threads)
    {
        const int nb = PanelWidth;
        var vPanel = new double[n * nb];
        var wPanel = new double[n * nb];
        var y1 = new double[nb];
        var y2 = new double[nb];
        var wv = new double[n];
        var left = new double[n * 2 * nb];
        var partials = new double[Math.Max(1, threads) * n];
        var right = new double[n * 2 * nb];
        int k0 = 0;
        for (; n - k0 > BlockedThreshold; k0 += nb)
        {
            Array.Clear(vPanel);
            Array.Clear(wPanel);
            // The trailing updates keep only the lower triangle current, but the panel forms and stores its
            // reflectors in rows k0..k0+nb−1: refresh their upper parts from the block column, walking rows
            // of the lower triangle (contiguous reads) rather than columns.
            for (int i = k0 + 1; i < n; i++)
            {
                int width = Math.Min(nb, i - k0);
                for (int j = 0; j < width; j++) a[(k0 + j) * n + i] = a[i * n + k0 + j];
            }
            for (int j = 0; j < nb; j++)
            {
                int c = k0 + j;
                // 1. Bring row c (= column c) up to date with the panel's earlier reflectors.
                if (j > 0)
                {
                    var row = a.AsSpan(c * n, n);
                    var vc = vPanel.AsSpan(c * nb, j);
                    var wc = wPanel.AsSpan(c * nb, j);
                    for (int i = c; i < n; i++)
                        row[i] -= VectorOps.Dot(vPanel.AsSpan(i * nb, j), wc) + VectorOps.Dot(wPanel.AsSpan(i * nb, j), vc);
                }
                d[c] = a[c * n + c];
                // 2. Reflector of row c's trailing part.
                int m = n - c - 1;
                var x = a.AsSpan(c * n + c + 1, m);
                double t = MakeReflector(x, out double beta);
                e[c] = beta;
                tau[c] = t;
                for (int i = 0; i < m; i++) vPanel[(c + 1 + i) * nb + j] = x[i];
                if (t == 0) continue;
                // 3. w = τ (A₂₂ v − V (Wᵀ v) − W (Vᵀ v)), then w −= ½ τ (wᵀ v) v.
                int offset = c + 1;
                LowerSymv(a, n, offset, m, a.AsMemory(c * n + offset, m), wv, partials, threads);
                var v = a.AsMemory(c * n + offset, m);
                if (j > 0)
                {
                    Array.Clear(y1, 0, j);
                    Array.Clear(y2, 0, j);
                    var vs = v.Span;
                    for (int i = 0; i < m; i++)
                    {
                        VectorOps.Axpy(vs[i], wPanel.AsSpan((offset + i) * nb, j), y1.AsSpan(0, j));
                        VectorOps.Axpy(vs[i], vPanel.AsSpan((offset + i) * nb, j), y2.AsSpan(0, j));
                    }
                    for (int i = 0; i < m; i++)
                        wv[offset + i] -= VectorOps.Dot(vPanel.AsSpan((offset + i) * nb, j), y1.AsSpan(0, j)) + VectorOps.Dot(wPanel.AsSpan((offset + i) * nb, j), y2.AsSpan(0, j));
                }
                var ws = wv.AsSpan(offset, m);
                VectorOps.Scale(t, ws);
                double alpha = -0.5 * t * VectorOps.Dot(ws, v.Span);
                VectorOps.Axpy(alpha, v.Span, ws);
                for (int i = 0; i < m; i++) wPanel[(offset + i) * nb + j] = ws[i];
            }
            // 4. Trailing update A₂₂ −= V Wᵀ + W Vᵀ = [V W] · [W V]ᵀ through GEMM.
            int s = k0 + nb, rows = n - s;
            for (int i = 0; i < rows; i++)
            {
                vPanel.AsSpan((s + i) * nb, nb).CopyTo(left.AsSpan(i * 2 * nb, nb));
                wPanel.AsSpan((s + i) * nb, nb).CopyTo(left.AsSpan(i * 2 * nb + nb, nb));
                wPanel.AsSpan((s + i) * nb, nb).CopyTo(right.AsSpan(i * 2 * nb, nb));
                vPanel.AsSpan((s + i) * nb, nb).CopyTo(right.AsSpan(i * 2 * nb + nb, nb));
            }
            // Lower triangle only (block rows up to their diagonal block): half the flops, and the upper triangle
            // stays out of the cache the next panels' SYMVs need.
            for (int r0 = 0; r0 < rows; r0 += TrailingBlockRows)
            {
                int rb = Math.Min(TrailingBlockRows, rows - r0);
                Gemm.Multiply(rb, r0 + rb, 2 * nb, -1.0, left, r0 * 2 * nb, 2 * nb, 1, right, 0, 1, 2 * nb, 1.0, a, (s + r0) * n + s, n, threads);
            }
        }
        // The unblocked tail works on full symmetric storage: mirror its lower triangle.
        for (int i = k0; i < n; i++)
            for (int j = i + 1; j < n; j++) a[i * n + j] = a[j * n + i];
        return k0;
    }

    /// <summary>
    /// y[offset + i] = Σ_j A[offset + i, offset + j] v_j for the m×m trailing block, reading only its lower
    /// triangle (half the memory traffic of a full SYMV): row i contributes a dot product to y_i and an axpy to
    /// y_0..y_{i−1}. Rows are split into fixed chunks of equal triangle area, each chunk accumulates into its
    /// own buffer, and the buffers are summed in chunk order, so the bits depend only on the thread count.
    /// </summary>
    private static void LowerSymv(double[] a, int n, int offset, int m, ReadOnlyMemory<double> v, double[] y, double[] partials, int threads)
    {
        int chunks = Math.Max(1, Math.Min(threads, m / 64));
        Parallelism.For(chunks, chunks, 1, (cFrom, cTo) =>
        {
            var vs = v.Span;
            Span<double> dots = stackalloc double[4];
            for (int chunk = cFrom; chunk < cTo; chunk++)
            {
                // Equal-area split of the triangle: row bounds at m·√(c/chunks).
                int from = (int)(m * Math.Sqrt((double)chunk / chunks));
                int to = chunk == chunks - 1 ? m : (int)(m * Math.Sqrt((double)(chunk + 1) / chunks));
                var acc = partials.AsSpan(chunk * n, m);
                acc.Clear();
                int i = from;
                // Four rows at a time share their common columns 0..i−1 (v and the accumulator loaded once),
                // then the 4×4 diagonal block's lower triangle is finished scalar.
                for (; i + 3 < to; i += 4)
                {
                    int r0 = (offset + i) * n + offset;
                    VectorOps.DotAndAxpy4(a.AsSpan(r0, i), a.AsSpan(r0 + n, i), a.AsSpan(r0 + 2 * n, i), a.AsSpan(r0 + 3 * n, i),
                        vs[..i], vs[i], vs[i + 1], vs[i + 2], vs[i + 3], acc[..i], dots);
                    for (int r = 0; r < 4; r++)
                    {
                        var row = a.AsSpan(r0 + r * n + i, r + 1);
                        double vr = vs[i + r], sum = dots[r];
                        for (int c = 0; c < r; c++)
                        {
                            sum = Math.FusedMultiplyAdd(row[c], vs[i + c], sum);
                            acc[i + c] = Math.FusedMultiplyAdd(row[c], vr, acc[i + c]);
                        }
                        acc[i + r] += Math.FusedMultiplyAdd(row[r], vr, sum);
                    }
                }
                for (; i < to; i++)
                {
                    var row = a.AsSpan((offset + i) * n + offset, i + 1);
                    double vi = vs[i];
                    acc[i] += VectorOps.DotAndAxpy(row[..i], vs[..i], vi, acc[..i]) + row[i] * vi;
                }
            }
        });
        var target = y.AsSpan(offset, m);
        partials.AsSpan(0, m).CopyTo(target);
        for (int chunk = 1; chunk < chunks; chunk++) VectorOps.Axpy(1.0, partials.AsSpan(chunk * n, m), target);
    }

    /// <summary>
    /// Qᵀ ← Qᵀ·H_{k0+nb−1}···H_{k0} for the block of reflectors k0..k0+nb−1 in compact WY form: with
    /// H_{k0}···H_{k0+nb−1} = I − V T Vᵀ (T upper triangular, built column by column as in dlarft), the
    /// product applied is I − V Tᵀ Vᵀ, so Qᵀ₂₂ −= ((Qᵀ₂₂ V) Tᵀ) Vᵀ with two packed GEMMs (level 3).
    /// </summary>
    private static void ApplyBlockWY(double[] a, int n, double[] tau, double[] qt, int k0, int nb, int threads) =>
        ApplyBlockWY(a, n, tau, qt, k0 + 1, n - k0 - 1, k0, nb, threads);

    /// <summary>
    /// X[rowStart..rowStart+rowCount, k0+1..n] ← X·(I − V Tᵀ Vᵀ) for the reflectors k0..k0+nb−1 (see above); X is
    /// n columns wide. Backward accumulation from the identity needs only the trailing rows (rowStart = k0+1);
    /// a general X needs all of them.
    /// </summary>
    private static void ApplyBlockWY(double[] a, int n, double[] tau, double[] qt, int rowStart, int rowCount, int k0, int nb, int threads)
    {
        int c0 = k0 + 1, len = n - c0;
        var v = new double[len * nb];
        for (int j = 0; j < nb; j++)
        {
            int k = k0 + j;
            if (tau[k] == 0)
            {
                v[j * nb + j] = 1.0; // a zero reflector contributes nothing (its row and column of T vanish)
                continue;
            }
            // v_k lives in row k, columns k+1..n−1, i.e. rows j.. of V (first element 1).
            for (int i = j; i < len; i++) v[i * nb + j] = a[k * n + c0 + i];
        }
        // S = VᵀV by GEMM (V is zero above its unit diagonal, so S[q, j] = v_qᵀ v_j exactly as dlarft needs).
        var gram = new double[nb * nb];
        Gemm.Multiply(nb, nb, len, 1.0, v, 0, 1, nb, v, 0, nb, 1, 0.0, gram, 0, nb, threads);
        var t = new double[nb * nb];
        for (int j = 0; j < nb; j++)
        {
            double tj = tau[k0 + j];
            t[j * nb + j] = tj;
            if (tj == 0 || j == 0) continue;
            // T[0..j−1, j] = −τ_j T[0..j−1, 0..j−1] S[0..j−1, j].
            for (int r = 0; r < j; r++)
            {
                double sum = 0;
                for (int q = r; q < j; q++) sum += t[r * nb + q] * gram[q * nb + j];
                t[r * nb + j] = -tj * sum;
            }
        }
        var x = new double[rowCount * nb];
        Gemm.Multiply(rowCount, nb, len, 1.0, qt, rowStart * n + c0, n, 1, v, 0, nb, 1, 0.0, x, 0, nb, threads);
        // Y = X Tᵀ (T upper triangular, zero below): Y[r, i] = Σ_p X[r, p] T[i, p], as one GEMM.
        var y = new double[rowCount * nb];
        Gemm.Multiply(rowCount, nb, nb, 1.0, x, 0, nb, 1, t, 0, 1, nb, 0.0, y, 0, nb, threads);
        Gemm.Multiply(rowCount, len, nb, -1.0, y, 0, nb, 1, v, 0, 1, nb, 1.0, qt, rowStart * n + c0, n, threads);
    }

    /// <summary>Reflectors per block in <see cref="MultiplyByQTransposed"/>: wider than a panel so its GEMMs have depth.</summary>
    private const int BackTransformBlock = 96;

    /// <summary>
    /// X ← X·Qᵀ in place for a row-major n×n <paramref name="x"/> (the dormtr back-transformation): with X = Zᵀ
    /// (rows = eigenvectors of T) the rows become the eigenvectors of A. Blocked WY, two GEMMs per block of
    /// reflectors over all n rows: 2n³ flops, and Q is never formed.
    /// </summary>
    public static void MultiplyByQTransposed(double[] a, int n, double[] tau, double[] x, int threads)
    {
        int reflectors = n - 2;
        if (reflectors <= 0) return;
        // Same order as the backward accumulation of Qᵀ from the identity (highest block first).
        for (int k0 = (reflectors - 1) / BackTransformBlock * BackTransformBlock; k0 >= 0; k0 -= BackTransformBlock)
            ApplyBlockWY(a, n, tau, x, 0, n, k0, Math.Min(BackTransformBlock, reflectors - k0), threads);
    }

    /// <summary>Householder vector of x in place (x[0] = 1 on return); returns τ and β (see the Golub–Kahan kernel).</summary>
    private static double MakeReflector(Span<double> x, out double beta) => Svd.GolubKahanBidiagonalization.MakeReflector(x, out beta);

    /// <summary>A₂₂ ← H A₂₂ H with H = I − τ v vᵀ, v in row k of a.</summary>
    private static void ApplyTwoSided(double[] a, int n, int k, double t, double[] pArray, int threads)
    {
        int m = n - k - 1;
        int offset = k + 1;
        var v = a.AsMemory(k * n + offset, m);
        // SYMV: p = τ A₂₂ v (row dot products of the full symmetric trailing block).
        Parallelism.For(m, threads, 32, (from, to) =>
        {
            var vs = v.Span;
            for (int i = from; i < to; i++)
                pArray[i] = t * VectorOps.Dot(a.AsSpan((offset + i) * n + offset, m), vs);
        });
        var vSpan = v.Span;
        double kappa = -0.5 * t * VectorOps.Dot(pArray.AsSpan(0, m), vSpan);
        VectorOps.Axpy(kappa, vSpan, pArray.AsSpan(0, m));
        // SYR2: A₂₂ −= v wᵀ + w vᵀ, row by row.
        Parallelism.For(m, threads, 32, (from, to) =>
        {
            var vs = v.Span;
            for (int i = from; i < to; i++)
                VectorOps.Rank2Row(vs[i], pArray, pArray[i], vs, a.AsSpan((offset + i) * n + offset, m));
        });
    }

    /// <summary>
    /// Forms Qᵀ (row j = column j of Q) by backward accumulation of the reflectors, Qᵀ = H_{n−3}…H₀: blocked
    /// WY with GEMMs for large orders (see ApplyBlockWY), row operations on an identity for small ones.
    /// </summary>
    public static double[] FormQTransposed(double[] a, int n, double[] tau, int threads)
    {
        var qt = new double[n * n];
        for (int i = 0; i < n; i++) qt[i * n + i] = 1.0;
        int firstUnblocked = n - 3;
        if (n >= BlockedThreshold)
        {
            // Blocked WY back-transformation of the highest reflectors; the lowest block (starting at 0) included.
            int reflectors = n - 2;
            int lastBlockStart = (reflectors - 1) / PanelWidth * PanelWidth;
            for (int k0 = lastBlockStart; k0 >= 0; k0 -= PanelWidth)
                ApplyBlockWY(a, n, tau, qt, k0, Math.Min(PanelWidth, reflectors - k0), threads);
            firstUnblocked = -1;
        }
        for (int k = firstUnblocked; k >= 0; k--)
        {
            double t = tau[k];
            if (t == 0) continue;
            int offset = k + 1, m = n - offset;
            var v = a.AsMemory(k * n + offset, m);
            Parallelism.For(m, threads, 16, (from, to) =>
            {
                var vs = v.Span;
                for (int r = offset + from; r < offset + to; r++)
                {
                    var row = qt.AsSpan(r * n + offset, m);
                    VectorOps.Axpy(-t * VectorOps.Dot(row, vs), vs, row);
                }
            });
        }
        return qt;
    }
}

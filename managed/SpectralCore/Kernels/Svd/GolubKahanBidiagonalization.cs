using SpectralCore.Kernels.Blas;

namespace SpectralCore.Kernels.Svd;

/// <summary>
/// Golub–Kahan Householder bidiagonalization A = U B Vᵀ of a row-major m×n float64 matrix with m ≥ n (the
/// dgebd2 scheme, its passes fused into one per column): alternately a left reflector on column k (rows k..m−1) and a right reflector on
/// row k (columns k+1..n−1). B is upper bidiagonal (d on the diagonal, e above it). Left reflectors stay in
/// the columns of A, right ones in its rows (first element 1 stored explicitly). All inner loops run along
/// rows with SIMD dot/axpy; the row chunks per thread are fixed, so the bits depend only on the thread count.
/// </summary>
internal static class GolubKahanBidiagonalization
{
    /// <summary>Reduces <paramref name="a"/> in place; fills d (n), e (n; e[n−1] = 0), tauq (n) and taup (n).</summary>
    /// <remarks>
    /// One pass over the trailing matrix per column (the unblocked scheme takes three: uᵀA, the rank-1 left update and
    /// the right reflector's dot + update, each memory-bound). Step k, with the left reflector u of column k and
    /// w = uᵀA[k.., k+1..] known: row k is updated and gives the right reflector v; then every row i &gt; k gets its
    /// left update, its right update (dot with v while the row is in cache), hands over its new column-(k+1) entry
    /// xᵢ, and adds xᵢ·row into S. Once the column's reflector u′ = (x − βe₁)/(α − β) is made from x, the next step's
    /// w′ = u′ᵀA = row(k+1) + S/(α − β) needs no pass of its own. Rows are cut into fixed per-thread chunks whose S
    /// partials are summed in chunk order, so the bits depend only on the thread count.
    /// </remarks>
    public static void Reduce(double[] a, int m, int n, double[] d, double[] e, double[] tauq, double[] taup, int threads)
    {
        if (n == 0) return;
        var u = new double[m];
        var w = new double[n];
        var next = new double[m];
        // Column 0's reflector and its w = uᵀA[0.., 1..] (the only separate pass).
        tauq[0] = ColumnReflector(a, n, 0, m, u, out d[0]);
        if (tauq[0] != 0 && n > 1) LeftProduct(a, n, 0, m, u, w, threads);
        var partials = new double[Math.Max(1, threads)][];
        for (int k = 0; k < n; k++)
        {
            int cols = n - k - 1;
            taup[k] = 0;
            e[k] = 0;
            if (cols == 0) break;
            double tq = tauq[k];
            // Row k: left update (u[0] = 1), then its right reflector v (kept in the row, v[0] = 1).
            var rowK = a.AsSpan(k * n + k + 1, cols);
            if (tq != 0) VectorOps.Axpy(-tq, w.AsSpan(0, cols), rowK);
            double tp = MakeReflector(rowK, out double betaR);
            e[k] = betaR;
            taup[k] = tp;
            int rows = m - k - 1;
            if (rows == 0) break;
            // Fused pass over rows k+1.. (columns k+1..): left update, right update, next column, S.
            int chunks = Math.Max(1, Math.Min(threads, (int)Math.Min(int.MaxValue, (long)rows * cols / 65536)));
            for (int c = 0; c < chunks; c++)
            {
                if (partials[c] is null || partials[c].Length < cols) partials[c] = new double[n];
                partials[c].AsSpan(0, cols).Clear();
            }
            int kk = k;
            Parallelism.For(chunks, chunks, 1, (cFrom, cTo) =>
            {
                for (int c = cFrom; c < cTo; c++)
                {
                    int from = (int)((long)rows * c / chunks), to = (int)((long)rows * (c + 1) / chunks);
                    var v = a.AsSpan(kk * n + kk + 1, cols);
                    var ws = w.AsSpan(0, cols);
                    var sum = partials[c].AsSpan(0, cols);
                    for (int r = from; r < to; r++)
                    {
                        int i = kk + 1 + r;
                        var row = a.AsSpan(i * n + kk + 1, cols);
                        if (tq != 0) VectorOps.Axpy(-tq * u[i - kk], ws, row);
                        if (tp != 0) VectorOps.Axpy(-tp * VectorOps.Dot(row, v), v, row);
                        next[r] = row[0];
                        // Row k+1 is u′'s unit entry; the others enter w′ through S (columns k+2..).
                        if (r > 0 && cols > 1) VectorOps.Axpy(row[0], row[1..], sum[1..]);
                    }
                }
            });
            // Column k+1's left reflector (rows k+1..) from the handed-over entries, stored back into A.
            int k1 = k + 1;
            var x = next.AsSpan(0, rows);
            double alpha = x[0];
            double tqNext = MakeReflector(x, out double beta);
            d[k1] = beta;
            tauq[k1] = tqNext;
            for (int r = 0; r < rows; r++) a[(k1 + r) * n + k1] = x[r];
            x.CopyTo(u);
            if (tqNext != 0 && cols > 1)
            {
                // w′ = row(k+1)[k+2..] + S/(α − β), S summed over the chunks in order.
                var ws = w.AsSpan(0, cols - 1);
                a.AsSpan(k1 * n + k1 + 1, cols - 1).CopyTo(ws);
                var total = partials[0].AsSpan(1, cols - 1);
                for (int c = 1; c < chunks; c++) VectorOps.Axpy(1.0, partials[c].AsSpan(1, cols - 1), total);
                double divisor = alpha - beta;
                if (Math.Abs(divisor) >= ReflectorFloor) VectorOps.Axpy(1.0 / divisor, total, ws);
                else for (int i = 0; i < ws.Length; i++) ws[i] += total[i] / divisor; // 1/divisor would overflow
            }
        }
    }

    /// <summary>Makes the reflector of column k (rows k..m−1) in <paramref name="u"/>, stores it back into A and returns τ.</summary>
    private static double ColumnReflector(double[] a, int n, int k, int m, double[] u, out double beta)
    {
        int len = m - k;
        for (int i = 0; i < len; i++) u[i] = a[(k + i) * n + k];
        double tau = MakeReflector(u.AsSpan(0, len), out beta);
        for (int i = 0; i < len; i++) a[(k + i) * n + k] = u[i];
        return tau;
    }

    /// <summary>w = uᵀ A[k.., k+1..] (rows accumulated in fixed per-thread chunks, summed in chunk order).</summary>
    private static void LeftProduct(double[] a, int n, int k, int m, double[] u, double[] w, int threads)
    {
        int len = m - k, cols = n - k - 1;
        int chunks = Math.Max(1, Math.Min(threads, (int)Math.Min(int.MaxValue, (long)len * cols / 65536)));
        var partial = new double[chunks][];
        Parallelism.For(chunks, chunks, 1, (cFrom, cTo) =>
        {
            for (int c = cFrom; c < cTo; c++)
            {
                var acc = new double[cols];
                int from = (int)((long)len * c / chunks), to = (int)((long)len * (c + 1) / chunks);
                for (int i = from; i < to; i++)
                    VectorOps.Axpy(u[i], a.AsSpan((k + i) * n + k + 1, cols), acc);
                partial[c] = acc;
            }
        });
        var ws = w.AsSpan(0, cols);
        partial[0].CopyTo(ws);
        for (int c = 1; c < chunks; c++) VectorOps.Axpy(1.0, partial[c], ws);
    }

    /// <summary>
    /// Overwrites x with the Householder vector v (v[0] = 1) such that (I − τ v vᵀ) x = β e₁ and returns τ
    /// (0 when x[1..] is already zero, leaving x and β = x[0]).
    /// </summary>
    internal static double MakeReflector(Span<double> x, out double beta)
    {
        double alpha = x[0];
        double xnorm = x.Length > 1 ? VectorOps.Norm2(x[1..]) : 0;
        if (xnorm == 0)
        {
            beta = alpha;
            x[0] = 1.0;
            return 0;
        }
        // A column of subnormal size (rounding noise deep in a rank-deficient matrix) is first brought near 1 by an exact
        // power of two, as dlarfg rescales: otherwise 1/(α − β) overflows and the reflector turned to ∞ and NaN
        // (the dense → band reduction of a 400×400 matrix of ones did). v and τ do not depend on the scale; β is
        // scaled back.
        int exponent = 0;
        double size = Math.Max(Math.Abs(alpha), xnorm); // within √2 of ‖x‖, without a second Hypot on the hot path
        if (size < ReflectorFloor)
        {
            exponent = Math.Min(-Math.ILogB(size), 1074);
            ScaleByPowerOfTwo(x, exponent);
            alpha = x[0];
            xnorm = VectorOps.Norm2(x[1..]);
        }
        beta = -Math.CopySign(double.Hypot(alpha, xnorm), alpha);
        double tau = (beta - alpha) / beta;
        VectorOps.Scale(1.0 / (alpha - beta), x[1..]);
        x[0] = 1.0;
        beta = Math.ScaleB(beta, -exponent);
        return tau;
    }

    /// <summary>Columns below this size (2^−1000) are rescaled before their reflector is formed.</summary>
    private static readonly double ReflectorFloor = Math.ScaleB(1.0, -1000);

    /// <summary>x ← 2^e·x exactly, in steps of at most 2^1000 (2^e itself may be beyond float64's range).</summary>
    private static void ScaleByPowerOfTwo(Span<double> x, int exponent)
    {
        while (exponent > 0)
        {
            int step = Math.Min(exponent, 1000);
            VectorOps.Scale(Math.ScaleB(1.0, step), x);
            exponent -= step;
        }
    }

    /// <summary>Forms Uᵀ (n×m; row j = left vector j of the reduction) by backward accumulation.</summary>
    public static double[] FormUTransposed(double[] a, int m, int n, double[] tauq, int threads)
    {
        var ut = new double[(long)n * m];
        for (int i = 0; i < n; i++) ut[(long)i * m + i] = 1.0;
        var u = new double[m];
        for (int k = n - 1; k >= 0; k--)
        {
            double tau = tauq[k];
            if (tau == 0) continue;
            int len = m - k;
            for (int i = 0; i < len; i++) u[i] = a[(k + i) * n + k];
            Parallelism.For(n - k, threads, 16, (from, to) =>
            {
                var us = u.AsSpan(0, len);
                for (int r = k + from; r < k + to; r++)
                {
                    var row = ut.AsSpan(r * m + k, len);
                    VectorOps.Axpy(-tau * VectorOps.Dot(row, us), us, row);
                }
            });
        }
        return ut;
    }

    /// <summary>Forms Vᵀ (n×n; row j = right vector j of the reduction) by backward accumulation.</summary>
    public static double[] FormVTransposed(double[] a, int n, double[] taup, int threads)
    {
        var vt = new double[n * n];
        for (int i = 0; i < n; i++) vt[i * n + i] = 1.0;
        for (int k = n - 3; k >= 0; k--)
        {
            double tau = taup[k];
            if (tau == 0) continue;
            int offset = k + 1, len = n - offset;
            Parallelism.For(len, threads, 16, (from, to) =>
            {
                var v = a.AsSpan(k * n + offset, len);
                for (int r = offset + from; r < offset + to; r++)
                {
                    var row = vt.AsSpan(r * n + offset, len);
                    VectorOps.Axpy(-tau * VectorOps.Dot(row, v), v, row);
                }
            });
        }
        return vt;
    }
}

using SpectralCore.Kernels.Blas;

namespace SpectralCore.Kernels.Svd;

/// <summary>
/// Golub–Kahan Householder bidiagonalization A = U B Vᵀ of a row-major m×n float64 matrix with m ≥ n (the
/// unblocked dgebd2 scheme): alternately a left reflector on column k (rows k..m−1) and a right reflector on
/// row k (columns k+1..n−1). B is upper bidiagonal (d on the diagonal, e above it). Left reflectors stay in
/// the columns of A, right ones in its rows (first element 1 stored explicitly). All inner loops run along
/// rows with SIMD dot/axpy; the row chunks per thread are fixed, so the bits depend only on the thread count.
/// </summary>
internal static class GolubKahanBidiagonalization
{
    /// <summary>Reduces <paramref name="a"/> in place; fills d (n), e (n; e[n−1] = 0), tauq (n) and taup (n).</summary>
    public static void Reduce(double[] a, int m, int n, double[] d, double[] e, double[] tauq, double[] taup, int threads)
    {
        var u = new double[m];
        var w = new double[n];
        for (int k = 0; k < n; k++)
        {
            // Left reflector on column k, rows k..m−1.
            int len = m - k;
            for (int i = 0; i < len; i++) u[i] = a[(k + i) * n + k];
            double tq = MakeReflector(u.AsSpan(0, len), out double beta);
            d[k] = beta;
            tauq[k] = tq;
            for (int i = 0; i < len; i++) a[(k + i) * n + k] = u[i];
            if (tq != 0 && k < n - 1) ApplyLeft(a, n, k, len, u, tq, w, threads);
            // Right reflector on row k, columns k+1..n−1.
            taup[k] = 0;
            e[k] = 0;
            if (k < n - 1)
            {
                var x = a.AsSpan(k * n + k + 1, n - k - 1);
                double tp = MakeReflector(x, out double betaR);
                e[k] = betaR;
                taup[k] = tp;
                if (tp != 0) ApplyRight(a, m, n, k, tp, threads);
            }
        }
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
        beta = -Math.CopySign(double.Hypot(alpha, xnorm), alpha);
        double tau = (beta - alpha) / beta;
        VectorOps.Scale(1.0 / (alpha - beta), x[1..]);
        x[0] = 1.0;
        return tau;
    }

    /// <summary>A[k:, k+1:] ← (I − τ u uᵀ) A[k:, k+1:] with w = uᵀ A accumulated row by row.</summary>
    private static void ApplyLeft(double[] a, int n, int k, int len, double[] u, double tau, double[] w, int threads)
    {
        int cols = n - k - 1;
        int chunks = Math.Max(1, Math.Min(threads, (len * cols) / 65536));
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
        Parallelism.For(len, threads, 64, (from, to) =>
        {
            for (int i = from; i < to; i++)
                VectorOps.Axpy(-tau * u[i], w.AsSpan(0, cols), a.AsSpan((k + i) * n + k + 1, cols));
        });
    }

    /// <summary>A[k+1:, k+1:] ← A[k+1:, k+1:] (I − τ v vᵀ), v in row k.</summary>
    private static void ApplyRight(double[] a, int m, int n, int k, double tau, int threads)
    {
        int cols = n - k - 1;
        Parallelism.For(m - k - 1, threads, 64, (from, to) =>
        {
            var v = a.AsSpan(k * n + k + 1, cols);
            for (int i = k + 1 + from; i < k + 1 + to; i++)
            {
                var row = a.AsSpan(i * n + k + 1, cols);
                VectorOps.Axpy(-tau * VectorOps.Dot(row, v), v, row);
            }
        });
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

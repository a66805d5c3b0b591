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
    /// <summary>Row block of the blocked SYMM and of the lower-triangle SYR2K.</summary>
    private const int BlockRows = 480;

    /// <summary>
    /// Reduces <paramref name="a"/> (n×n row-major; only the lower triangle is read and kept current; the upper
    /// triangle is used as scratch) so that its lower triangle holds, within bandwidth <paramref name="b"/>, a band
    /// matrix orthogonally similar to A. Entries below the band are left undefined.
    /// </summary>
    public static void Reduce(double[] a, int n, int b, int threads)
    {
        if (b < 1) throw new ArgumentOutOfRangeException(nameof(b), b, "The bandwidth must be at least 1.");
        int maxM = Math.Max(0, n - b);
        var panel = new double[maxM * b];
        var v = new double[maxM * b];
        var x1 = new double[maxM * b];
        var left = new double[maxM * 2 * b];
        var right = new double[maxM * 2 * b];
        var tau = new double[b];
        var gram = new double[b * b];
        var t = new double[b * b];
        var y = new double[b * b];
        var w = new double[b * b];
        for (int k = 0; k + b < n; k += b)
        {
            int s = k + b, m = n - s;
            int r = Math.Min(m, b);
            // 1. Householder QR of the panel A[s.., k..k+b) in a column-major copy (columns contiguous).
            for (int i = 0; i < m; i++)
            {
                int row = (s + i) * n + k;
                for (int j = 0; j < b; j++) panel[j * m + i] = a[row + j];
            }
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
                a[(s + j) * n + k + j] = beta;
            }
            // R's strictly upper part into the band: R[i, c] = panel[c·m + i], i < c.
            for (int c = 1; c < b; c++)
                for (int i = 0; i < Math.Min(c, r); i++) a[(s + i) * n + k + c] = panel[c * m + i];
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
            // 3. X₁ = A₂₂ V (SYMM from the lower triangle), X = X₁ T.
            LowerSymm(a, n, s, m, v, r, x1, threads);
            var x = left; // X, then Z, lives in the left half of [Z V]; reuse its storage with row stride 2r.
            Gemm.Multiply(m, r, r, 1.0, x1, 0, r, 1, t, 0, r, 1, 0.0, x, 0, 2 * r, threads);
            // 4. Y = Vᵀ X, W = Tᵀ Y, Z = X − ½ V W.
            Gemm.Multiply(r, r, m, 1.0, v, 0, 1, r, x, 0, 2 * r, 1, 0.0, y, 0, r, threads);
            Array.Clear(w, 0, r * r);
            for (int i = 0; i < r; i++)
                for (int q = 0; q <= i; q++)
                {
                    double tqi = t[q * r + i];
                    if (tqi == 0) continue;
                    for (int j = 0; j < r; j++) w[i * r + j] += tqi * y[q * r + j];
                }
            Gemm.Multiply(m, r, r, -0.5, v, 0, r, 1, w, 0, r, 1, 1.0, x, 0, 2 * r, threads);
            // 5. A₂₂ −= Z Vᵀ + V Zᵀ = [Z V] · [V Z]ᵀ on the lower triangle (block rows up to their diagonal block).
            for (int i = 0; i < m; i++)
            {
                v.AsSpan(i * r, r).CopyTo(left.AsSpan(i * 2 * r + r, r));
                v.AsSpan(i * r, r).CopyTo(right.AsSpan(i * 2 * r, r));
                left.AsSpan(i * 2 * r, r).CopyTo(right.AsSpan(i * 2 * r + r, r));
            }
            for (int r0 = 0; r0 < m; r0 += BlockRows)
            {
                int rb = Math.Min(BlockRows, m - r0);
                Gemm.Multiply(rb, r0 + rb, 2 * r, -1.0, left, r0 * 2 * r, 2 * r, 1, right, 0, 1, 2 * r, 1.0, a, (s + r0) * n + s, n, threads);
            }
        }
    }

    /// <summary>
    /// X (m×r row-major) = A₂₂ V for the m×m trailing block at (s, s) of a symmetric row-major matrix whose lower
    /// triangle is current: per block of rows R, X[R] = A[R, ..R] V[..R] (the diagonal block mirrored first so
    /// it is read whole) and X[before R] += A[R, before R]ᵀ V[R]. Block order is fixed, so the bits are too.
    /// </summary>
    private static void LowerSymm(double[] a, int n, int s, int m, double[] v, int r, double[] x, int threads)
    {
        for (int r0 = 0; r0 < m; r0 += BlockRows)
        {
            int rb = Math.Min(BlockRows, m - r0);
            for (int i = 0; i < rb; i++)
            {
                int row = (s + r0 + i) * n + s + r0;
                for (int j = i + 1; j < rb; j++) a[row + j] = a[(s + r0 + j) * n + s + r0 + i];
            }
            Gemm.Multiply(rb, r, r0 + rb, 1.0, a, (s + r0) * n + s, n, 1, v, 0, r, 1, 0.0, x, r0 * r, r, threads);
            if (r0 > 0)
                Gemm.Multiply(r0, r, rb, 1.0, a, (s + r0) * n + s, 1, n, v, r0 * r, r, 1, 1.0, x, 0, r, threads);
        }
    }
}

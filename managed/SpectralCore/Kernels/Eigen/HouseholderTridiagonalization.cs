using SpectralCore.Kernels.Blas;

namespace SpectralCore.Kernels.Eigen;

/// <summary>
/// Householder tridiagonalization A = Q T Qᵀ of a full symmetric row-major float64 matrix (the unblocked
/// dsytd2 scheme). Each step forms the reflector of the current row, a SIMD SYMV p = τ·A₂₂·v, the correction
/// w = p − ½τ(pᵀv)v and the SIMD rank-2 update A₂₂ −= v wᵀ + w vᵀ on full storage, so every inner loop runs
/// along contiguous rows. Rows are split over threads in fixed contiguous ranges, so the bits do not depend on
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
        var p = new double[Math.Max(n, 1)];
        for (int k = 0; k < n - 1; k++)
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
            double xnorm = VectorOps.Norm2(x[1..]);
            if (xnorm == 0)
            {
                e[k] = alpha;
                continue;
            }
            double beta = -Math.CopySign(double.Hypot(alpha, xnorm), alpha);
            double t = (beta - alpha) / beta;
            VectorOps.Scale(1.0 / (alpha - beta), x[1..]);
            x[0] = 1.0;
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
    /// Forms Qᵀ (row j = column j of Q) by backward accumulation of the reflectors: Qᵀ = H_{n−3}…H₀ applied
    /// as row operations on an identity.
    /// </summary>
    public static double[] FormQTransposed(double[] a, int n, double[] tau, int threads)
    {
        var qt = new double[n * n];
        for (int i = 0; i < n; i++) qt[i * n + i] = 1.0;
        for (int k = n - 3; k >= 0; k--)
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

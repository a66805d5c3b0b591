using SpectralCore.Kernels.Blas;

namespace SpectralCore.Kernels.Svd;

/// <summary>
/// Singular values (and optionally vectors) of an upper bidiagonal matrix by the Golub–Kahan implicit QR
/// iteration with a Wilkinson shift from the trailing 2×2 of BᵀB. Negligible off-diagonals
/// (|e_i| ≤ ε(|d_i| + |d_{i+1}|)) split the matrix; a negligible diagonal (|d_i| ≤ ε‖B‖) is set to zero and its
/// row (or last column) is chased out with Givens rotations. Rotations are applied to the rows of Uᵀ and Vᵀ
/// (SIMD along contiguous rows). Accuracy is norm-wise (absolute errors O(ε‖B‖)), like LAPACK's dbdsqr in its
/// absolute-tolerance mode. Singular values end up non-negative and unsorted.
/// </summary>
internal static class BidiagonalQR
{
    private const double Epsilon = 1.1102230246251565e-16;

    /// <summary>
    /// Runs the iteration on d (n) and e (n−1 used). <paramref name="ut"/> (n rows of length
    /// <paramref name="uLength"/>) and <paramref name="vt"/> (n rows of length <paramref name="vLength"/>) are
    /// rotated along (either may be null).
    /// </summary>
    public static void Solve(double[] d, double[] e, int n, double[]? ut, int uLength, double[]? vt, int vLength)
    {
        if (n == 0) return;
        double norm = 0;
        for (int i = 0; i < n; i++) norm = Math.Max(norm, Math.Max(Math.Abs(d[i]), i < n - 1 ? Math.Abs(e[i]) : 0));
        if (n > 1) e[n - 1] = 0;
        if (norm == 0) return;
        // Normalize B to unit max-norm so the squares in the shift neither overflow nor underflow.
        double inverse = 1.0 / norm;
        for (int i = 0; i < n; i++) d[i] *= inverse;
        for (int i = 0; i < n - 1; i++) e[i] *= inverse;
        double zeroTolerance = Epsilon;
        int budget = 60 * n + 60;
        while (true)
        {
            for (int i = 0; i < n - 1; i++)
                if (Math.Abs(e[i]) <= Epsilon * (Math.Abs(d[i]) + Math.Abs(d[i + 1]))) e[i] = 0;
            int hi = n - 1;
            while (hi > 0 && e[hi - 1] == 0) hi--;
            if (hi == 0) break;
            int lo = hi - 1;
            while (lo > 0 && e[lo - 1] != 0) lo--;
            if (ChaseZeroDiagonal(d, e, lo, hi, zeroTolerance, ut, uLength, vt, vLength)) continue;
            if (budget-- <= 0)
                throw new NonConvergenceException($"Bidiagonal QR did not converge within {60 * n + 60} sweeps (n = {n}).");
            Sweep(d, e, lo, hi, ut, uLength, vt, vLength);
        }
        for (int i = 0; i < n; i++)
        {
            d[i] *= norm;
            if (d[i] < 0)
            {
                d[i] = -d[i];
                if (vt is not null) VectorOps.Scale(-1.0, vt.AsSpan(i * vLength, vLength));
            }
        }
    }

    private static (double C, double S, double R) Rotation(double f, double g)
    {
        if (g == 0) return (1, 0, f);
        if (f == 0) return (0, 1, g);
        double r = double.Hypot(f, g);
        return (f / r, g / r, r);
    }

    /// <summary>One implicit-shift Golub–Kahan sweep on the unreduced block lo..hi.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Sweep(double[] d, double[] e, int lo, int hi, double[]? ut, int uLength, double[]? vt, int vLength)
    {
        double dm = d[hi - 1], dn = d[hi], em = e[hi - 1];
        double el = hi - 1 > lo ? e[hi - 2] : 0;
        double t11 = dm * dm + el * el, t12 = dm * em, t22 = dn * dn + em * em;
        double delta = 0.5 * (t11 - t22);
        // t12·(t12/denominator) rather than t12²/denominator: t12² can overflow at the top of the safe range.
        double mu = t12 == 0 ? t22 : t22 - t12 * (t12 / (delta + Math.CopySign(double.Hypot(delta, t12), delta)));
        double y = d[lo] * d[lo] - mu;
        double z = d[lo] * e[lo];
        if (y == 0 && z == 0) y = d[lo] * d[lo]; // degenerate shift: fall back to a zero shift
        for (int k = lo; k < hi; k++)
        {
            var (c, s, r) = Rotation(y, z);
            if (k > lo) e[k - 1] = r;
            double dk = d[k], ek = e[k], dk1 = d[k + 1];
            d[k] = c * dk + s * ek;
            e[k] = c * ek - s * dk;
            double bulge = s * dk1;
            d[k + 1] = c * dk1;
            if (vt is not null) VectorOps.Rotate(vt.AsSpan(k * vLength, vLength), vt.AsSpan((k + 1) * vLength, vLength), c, s);
            (c, s, r) = Rotation(d[k], bulge);
            d[k] = r;
            ek = e[k];
            dk1 = d[k + 1];
            e[k] = c * ek + s * dk1;
            d[k + 1] = c * dk1 - s * ek;
            if (k < hi - 1)
            {
                z = s * e[k + 1];
                e[k + 1] = c * e[k + 1];
                y = e[k];
            }
            if (ut is not null) VectorOps.Rotate(ut.AsSpan(k * uLength, uLength), ut.AsSpan((k + 1) * uLength, uLength), c, s);
        }
    }

    /// <summary>
    /// If some |d_i| in lo..hi is negligible, zeroes it, rotates its off-diagonal out (row chase to the right
    /// for i &lt; hi, column chase upwards for i = hi) and returns true.
    /// </summary>
    private static bool ChaseZeroDiagonal(double[] d, double[] e, int lo, int hi, double tolerance, double[]? ut, int uLength, double[]? vt, int vLength)
    {
        for (int i = lo; i <= hi; i++)
        {
            if (Math.Abs(d[i]) > tolerance) continue;
            d[i] = 0;
            if (i < hi)
            {
                double b = e[i];
                e[i] = 0;
                for (int j = i + 1; j <= hi && b != 0; j++)
                {
                    var (c, s, r) = Rotation(d[j], b);
                    d[j] = r;
                    if (j < hi)
                    {
                        b = -s * e[j];
                        e[j] = c * e[j];
                    }
                    if (ut is not null) VectorOps.Rotate(ut.AsSpan(j * uLength, uLength), ut.AsSpan(i * uLength, uLength), c, s);
                }
            }
            else
            {
                double b = e[hi - 1];
                e[hi - 1] = 0;
                for (int j = hi - 1; j >= lo && b != 0; j--)
                {
                    var (c, s, r) = Rotation(d[j], b);
                    d[j] = r;
                    if (j > lo)
                    {
                        b = -s * e[j - 1];
                        e[j - 1] = c * e[j - 1];
                    }
                    if (vt is not null) VectorOps.Rotate(vt.AsSpan(j * vLength, vLength), vt.AsSpan(hi * vLength, vLength), c, s);
                }
            }
            return true;
        }
        return false;
    }
}

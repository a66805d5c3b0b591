using SpectralCore.Kernels.Blas;

namespace SpectralCore.Kernels.Eigen;

/// <summary>
/// Eigenvalues (and optionally eigenvectors) of a symmetric tridiagonal matrix by implicit QL iterations with
/// Wilkinson-type shifts. Values only: the Pal–Walker–Kahan root-free variant (squared off-diagonals, no square
/// root per rotation; the scheme of LAPACK's dsterf). With vectors: the implicit QL with plane rotations
/// accumulated into the rows of Zᵀ (SIMD rotations along contiguous rows). Deflation when
/// |e_m| ≤ ε·(|d_m| + |d_{m+1}|) (root-free: e_m² ≤ ε²·|d_m|·|d_{m+1}|). At most 30·n iterations in all, as
/// LAPACK allows; more raise <see cref="NonConvergenceException"/>. Input must be scaled into the safe range
/// (see MatrixScaling); the root-free variant additionally normalizes T to unit max-norm so that squared
/// off-diagonals cannot underflow; a matrix with a nonzero entry more than 2^400 below its largest (whose squares would
/// underflow anyway) goes to the rotation QL instead. Results are unsorted.
/// </summary>
internal static class TridiagonalQL
{
    private const double Epsilon = 1.1102230246251565e-16; // unit roundoff 2^-53
    private const int IterationsPerEigenvalue = 30;

    /// <summary>Range of f² + g² in which √(f² + g²) is as accurate as Hypot (2^−960 … 2^960).</summary>
    private static readonly double SquareFloor = Math.ScaleB(1.0, -960), SquareCeiling = Math.ScaleB(1.0, 960);

    /// <summary>
    /// Eigenvalues only (Pal–Walker–Kahan root-free QL). <paramref name="d"/> (n) is overwritten by the
    /// eigenvalues (unsorted); <paramref name="e"/> (n, e[k] couples k and k+1) is destroyed.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void ValuesRootFree(double[] d, double[] e, int n)
    {
        if (n <= 1) return;
        double norm = 0;
        for (int i = 0; i < n; i++) norm = Math.Max(norm, Math.Max(Math.Abs(d[i]), i < n - 1 ? Math.Abs(e[i]) : 0));
        if (norm == 0) return;
        double inverse = 1.0 / norm;
        if (SquaresMayUnderflow(d, e, n, inverse))
        {
            // Entries ≥ 2^400 below the norm: their squares (≤ 2^−800, and the deflation test's ε²·|d_m|·|d_{m+1}|
            // below 2^−900) leave the root-free recurrences to underflow, and graded matrices spanning 1 … 1e−300 then
            // never converged (measured: n = 100 and 300). The rotation QL keeps e itself, with Hypot where the
            // squares are out of range.
            Iterate(d, e, n, new NoTarget());
            return;
        }
        var e2 = new double[n];
        for (int i = 0; i < n; i++) d[i] *= inverse;
        for (int i = 0; i < n - 1; i++)
        {
            double scaled = e[i] * inverse;
            e2[i] = scaled * scaled;
        }
        e2[n - 1] = 0;
        const double eps2 = Epsilon * Epsilon;
        int budget = IterationsPerEigenvalue * n;
        int l = 0;
        while (l < n)
        {
            int m = l;
            for (; m < n - 1; m++)
            {
                double bound = eps2 * Math.Abs(d[m]) * Math.Abs(d[m + 1]);
                if (e2[m] <= bound) break;
            }
            if (m < n - 1) e2[m] = 0;
            if (m == l)
            {
                l++;
                continue;
            }
            if (m == l + 1)
            {
                // A 2×2 block: its eigenvalues directly.
                (d[l], d[l + 1]) = Eigenvalues2x2(d[l], Math.Sqrt(e2[l]), d[l + 1]);
                e2[l] = 0;
                l += 2;
                continue;
            }
            if (budget-- <= 0)
                throw new NonConvergenceException($"Root-free QL did not converge within {IterationsPerEigenvalue * n} iterations (n = {n}).");
            // Shift: the eigenvalue of the leading 2×2 closer to d[l].
            double rte = Math.Sqrt(e2[l]);
            double sigma = (d[l + 1] - d[l]) / (2 * rte);
            double r = double.Hypot(sigma, 1.0);
            sigma = d[l] - rte / (sigma + Math.CopySign(r, sigma));
            double c = 1, s = 0;
            double gamma = d[m] - sigma;
            double p = gamma * gamma;
            for (int i = m - 1; i >= l; i--)
            {
                double bb = e2[i];
                r = p + bb;
                if (i != m - 1) e2[i + 1] = s * r;
                double oldc = c;
                // One reciprocal for c and s, and γ²/c as γ²·(r/p) with r/p computed alongside it: the step's dependency
                // chain then holds one division instead of two (measured 0.176 → 0.145 s at n = 4096, Zen 4).
                double reciprocal = 1.0 / r;
                double ratio = r / p;
                c = p * reciprocal;
                s = bb * reciprocal;
                double oldgam = gamma;
                double alpha = d[i];
                gamma = c * (alpha - sigma) - s * oldgam;
                d[i + 1] = oldgam + (alpha - gamma);
                p = c == 0 ? oldc * bb : double.IsFinite(ratio) ? gamma * gamma * ratio : gamma * gamma / c;
            }
            e2[l] = s * p;
            d[l] = sigma + gamma;
        }
        for (int i = 0; i < n; i++) d[i] *= norm;
    }

    /// <summary>
    /// Eigenvalues and eigenvectors by implicit QL. <paramref name="zt"/> (n×n row-major) holds Qᵀ on entry
    /// (identity for a bare tridiagonal) and the eigenvectors as its rows on exit (row j ↔ d[j]).
    /// </summary>
    public static void ValuesAndVectors(double[] d, double[] e, int n, double[] zt, int threads) =>
        Iterate(d, e, n, new RowsOfZt(zt, n, threads));

    /// <summary>
    /// Eigenvalues and the first and last components of every eigenvector by implicit QL: the rotations go to two
    /// columns of Zᵀ only (O(1) per rotation) — what values-only divide and conquer needs of a block. On entry
    /// <paramref name="first"/> and <paramref name="last"/> (n each) hold columns 0 and n−1 of Qᵀ (e₀ and e_{n−1} for
    /// a bare tridiagonal); on exit entry j holds eigenvector j's first and last component (j ↔ d[j]).
    /// </summary>
    public static void ValuesAndEndComponents(double[] d, double[] e, int n, double[] first, double[] last) =>
        Iterate(d, e, n, new EndColumnsOfZt(first, last));

    /// <summary>Couplings at most this small (2^−1000) are deflated whatever the diagonal (see <see cref="Iterate{TTarget}"/>).</summary>
    private static readonly double DeflationFloor = Math.ScaleB(1.0, -1000);

    /// <summary>Smallest scaled |d| or |e| the root-free QL takes: 2^−400, so squares and their products with ε² stay normal.</summary>
    private static readonly double RootFreeFloor = Math.ScaleB(1.0, -400);

    /// <summary>Whether a nonzero entry of T / norm lies below <see cref="RootFreeFloor"/>.</summary>
    private static bool SquaresMayUnderflow(double[] d, double[] e, int n, double inverse)
    {
        for (int i = 0; i < n; i++)
        {
            double x = Math.Abs(d[i]) * inverse, y = i < n - 1 ? Math.Abs(e[i]) * inverse : 0;
            if ((x != 0 && x < RootFreeFloor) || (y != 0 && y < RootFreeFloor)) return true;
        }
        return false;
    }

    /// <summary>Values only: the rotations go nowhere.</summary>
    private readonly struct NoTarget : IRotationTarget
    {
        public void Reverse(int lo, int hi) { }

        public void Apply(int lo, int hi, double[] cs, double[] sn) { }
    }

    /// <summary>Where a QL sweep's rotations go: all rows of Zᵀ, or just its first and last columns.</summary>
    private interface IRotationTarget
    {
        /// <summary>Reverses the order of basis rows lo..hi of Zᵀ (row lo + j ↔ row hi − j).</summary>
        void Reverse(int lo, int hi);

        /// <summary>Applies rotations i = hi..lo (descending) to rows i, i+1 of Zᵀ (see <see cref="ApplyRotations"/>).</summary>
        void Apply(int lo, int hi, double[] cs, double[] sn);
    }

    private readonly struct RowsOfZt(double[] zt, int n, int threads) : IRotationTarget
    {
        public void Reverse(int lo, int hi)
        {
            var swap = new double[n];
            for (int i = lo, j = hi; i < j; i++, j--)
            {
                zt.AsSpan(i * n, n).CopyTo(swap);
                zt.AsSpan(j * n, n).CopyTo(zt.AsSpan(i * n, n));
                swap.CopyTo(zt.AsSpan(j * n, n));
            }
        }

        public void Apply(int lo, int hi, double[] cs, double[] sn) => ApplyRotations(zt, n, lo, hi, cs, sn, threads);
    }

    private readonly struct EndColumnsOfZt(double[] first, double[] last) : IRotationTarget
    {
        public void Reverse(int lo, int hi)
        {
            Array.Reverse(first, lo, hi - lo + 1);
            Array.Reverse(last, lo, hi - lo + 1);
        }

        public void Apply(int lo, int hi, double[] cs, double[] sn)
        {
            for (int i = hi; i >= lo; i--)
            {
                double c = cs[i], s = sn[i];
                double x = first[i + 1], y = first[i];
                first[i + 1] = c * x + s * y;
                first[i] = c * y - s * x;
                x = last[i + 1];
                y = last[i];
                last[i + 1] = c * x + s * y;
                last[i] = c * y - s * x;
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Iterate<TTarget>(double[] d, double[] e, int n, TTarget target) where TTarget : struct, IRotationTarget
    {
        if (n <= 1) return;
        e[n - 1] = 0;
        int budget = IterationsPerEigenvalue * n;
        // Rotations are recorded per sweep and applied to Zᵀ in one pass (split over columns for threads).
        var cs = new double[n];
        var sn = new double[n];
        for (int l = 0; l < n; l++)
        {
            bool fresh = true;
            while (true)
            {
                int m = l;
                for (; m < n - 1; m++)
                {
                    double dd = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    // The relative test, and an absolute floor: where the diagonal is subnormal ε·(|d_m| + |d_{m+1}|)
                    // underflows to zero and the shifts lose their digits, so a block of such entries never deflated
                    // (graded 1 … 1e-349 at n = 700). Dropping a coupling below 2^−1000 moves eigenvalues by less than
                    // that — far inside the ε·‖T‖ error of a T scaled into the safe range.
                    if (Math.Abs(e[m]) <= Epsilon * dd || Math.Abs(e[m]) <= DeflationFloor) break;
                }
                if (m == l) break;
                if (fresh)
                {
                    // QL chases bulges from the bottom up and deflates at the top: it needs the block's large end at the
                    // bottom. A block graded the other way is reversed first (P T P with P the reversal, Zᵀ's rows alike, so
                    // row j still pairs with d[j]) — where LAPACK's dsteqr switches to QR. Decided per unreduced block, as
                    // dsteqr does: entries falling from 1 to 1e-300 down the diagonal did not converge within 30n
                    // iterations otherwise, nor did such a block below a block of zeros when the whole matrix was judged.
                    fresh = false;
                    if (Math.Abs(d[m]) < Math.Abs(d[l]))
                    {
                        Array.Reverse(d, l, m - l + 1);
                        Array.Reverse(e, l, m - l);
                        target.Reverse(l, m);
                    }
                }
                if (budget-- <= 0)
                    throw new NonConvergenceException($"Implicit QL did not converge within {IterationsPerEigenvalue * n} iterations (n = {n}).");
                double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
                double r = double.Hypot(g, 1.0);
                g = d[m] - d[l] + e[l] / (g + Math.CopySign(r, g));
                double s = 1, c = 1, p = 0;
                int i = m - 1;
                bool underflow = false;
                for (; i >= l; i--)
                {
                    double f = s * e[i];
                    double b = c * e[i];
                    // √(f² + g²) directly where the squares can neither overflow nor lose the smaller one to underflow
                    // (the usual case), Hypot's rescaling otherwise; one reciprocal for s and c. Both keep the step's
                    // dependency chain short: Hypot and two divisions made the step ~3× the root-free one.
                    double squares = f * f + g * g;
                    if (squares >= SquareFloor && squares <= SquareCeiling)
                    {
                        r = Math.Sqrt(squares);
                        double reciprocal = 1.0 / r;
                        e[i + 1] = r;
                        s = f * reciprocal;
                        c = g * reciprocal;
                    }
                    else
                    {
                        // (1/r would overflow for a subnormal r.)
                        r = double.Hypot(f, g);
                        e[i + 1] = r;
                        if (r == 0)
                        {
                            // Recover from underflow: the block splits here.
                            d[i + 1] -= p;
                            e[m] = 0;
                            underflow = true;
                            break;
                        }
                        s = f / r;
                        c = g / r;
                    }
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2.0 * c * b;
                    p = s * r;
                    d[i + 1] = g + p;
                    g = c * r - b;
                    cs[i] = c;
                    sn[i] = s;
                }
                int first = underflow ? i + 1 : l;
                if (first <= m - 1) target.Apply(first, m - 1, cs, sn);
                if (underflow) continue;
                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            }
        }
    }

    /// <summary>
    /// Applies the sweep's rotations i = hi..lo (descending) to rows i, i+1 of Zᵀ:
    /// (z_{i+1}, z_i) ← (s·z_i + c·z_{i+1}, c·z_i − s·z_{i+1}).
    /// </summary>
    private static void ApplyRotations(double[] zt, int n, int lo, int hi, double[] cs, double[] sn, int threads)
    {
        if (hi < lo) return;
        Parallelism.For(n, (long)(hi - lo + 1) * n >= 16384 ? threads : 1, 256, (from, to) =>
        {
            int len = to - from;
            for (int i = hi; i >= lo; i--)
            {
                // (x, y) ← (c·x + s·y, c·y − s·x) with x = z_{i+1}, y = z_i and the sign of s flipped gives
                // z_{i+1} ← c·z_{i+1} + s·z_i,  z_i ← c·z_i − s·z_{i+1}.
                VectorOps.Rotate(zt.AsSpan((i + 1) * n + from, len), zt.AsSpan(i * n + from, len), cs[i], sn[i]);
            }
        });
    }

    /// <summary>Eigenvalues of [[a, b], [b, c]] (larger first), computed stably.</summary>
    public static (double, double) Eigenvalues2x2(double a, double b, double c)
    {
        double sum = a + c;
        double diff = a - c;
        double adf = Math.Abs(diff);
        double tb = b + b;
        double ab = Math.Abs(tb);
        var (acmx, acmn) = Math.Abs(a) > Math.Abs(c) ? (a, c) : (c, a);
        double rt = adf > ab ? adf * Math.Sqrt(1 + (ab / adf) * (ab / adf))
                  : adf < ab ? ab * Math.Sqrt(1 + (adf / ab) * (adf / ab))
                  : ab * Math.Sqrt(2.0);
        double rt1, rt2;
        if (sum < 0)
        {
            rt1 = 0.5 * (sum - rt);
            rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
        }
        else if (sum > 0)
        {
            rt1 = 0.5 * (sum + rt);
            rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
        }
        else
        {
            rt1 = 0.5 * rt;
            rt2 = -0.5 * rt;
        }
        return (rt1, rt2);
    }
}

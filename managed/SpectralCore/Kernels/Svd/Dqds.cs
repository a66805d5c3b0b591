namespace SpectralCore.Kernels.Svd;

/// <summary>
/// Singular values of an upper bidiagonal matrix B by the dqds algorithm (differential quotient-difference with
/// shifts, Fernando–Parlett 1994; the idea behind LAPACK's dlasq). B is scaled by a power of two (largest entry 2^480) and turned
/// into the qd arrays q_i = d_i², e_i = e_i² of BᵀB; each pass maps them to the qd arrays of BᵀB − τI without
/// ever forming the tridiagonal, and is accepted only if every new quantity stays positive (τ below the smallest
/// remaining eigenvalue), so no cancellation happens and every singular value — the smallest included — comes out
/// to high relative accuracy, unlike the norm-wise accuracy of bidiagonal QR. The bottom of each block deflates
/// when e_{last} ≤ tol²·(σ + q_last) (σ the accumulated shift, tol = 100ε) and blocks split at negligible interior
/// e's. Shifts: τ = ½·dmin of the last accepted pass, or once dmin sits at the bottom max(0.99·dmin, dmin − c·e_last)
/// with c adapting to rejections; ¼ of the far shift per rejection, zero after three (a zero shift always succeeds). A block with an exactly zero (or, squared, underflowing) entry has no positive qd form:
/// it goes to <see cref="BidiagonalQR"/> instead, which is exact about zeros.
/// </summary>
internal static class Dqds
{
    private const double Epsilon = 1.1102230246251565e-16;
    private const double Tolerance2 = 100 * Epsilon * 100 * Epsilon;
    private const double MinNormal = 2.2250738585072014e-308;

    /// <summary>Shift as a fraction of dmin once dmin sits at the bottom (the bottom is converging).</summary>
    private const double ShiftNearConvergence = 0.99;

    /// <summary>Shift as a fraction of dmin otherwise (dmin only bounds the smallest eigenvalue from above).</summary>
    private const double ShiftFar = 0.5;

    /// <summary>Starting margin, in units of e_last, of the near-convergence shift below dmin.</summary>
    private const double NearFactor = 4;

    /// <summary>Overwrites <paramref name="d"/> (n) with the singular values of B (unsorted, non-negative); <paramref name="e"/> (n−1 used) is destroyed.</summary>
    public static void Values(double[] d, double[] e, int n) => Values(d, e, n, out _);

    /// <summary><see cref="Values(double[], double[], int)"/>, also counting the dqds passes tried (accepted or not).</summary>
    internal static void Values(double[] d, double[] e, int n, out long passes)
    {
        passes = 0;
        if (n == 0) return;
        double norm = 0;
        for (int i = 0; i < n; i++) norm = Math.Max(norm, Math.Max(Math.Abs(d[i]), i < n - 1 ? Math.Abs(e[i]) : 0));
        if (norm == 0)
        {
            Array.Clear(d, 0, n);
            return;
        }
        // Scale by a power of two (exact) so the largest entry is 2^480: the squares then span the whole exponent
        // range, and only entries below ~2^-1500 of the largest would underflow when squared.
        int exponent = 480 - Math.ILogB(norm);
        var q = new double[n];
        var ee = new double[n];
        for (int i = 0; i < n; i++)
        {
            double di = Math.ScaleB(d[i], exponent);
            q[i] = di * di;
            double ei = i < n - 1 ? Math.ScaleB(e[i], exponent) : 0;
            ee[i] = ei * ei;
        }
        // Independent blocks at exact zeros of e (including squares that underflowed).
        for (int lo = 0; lo < n;)
        {
            int hi = lo;
            while (hi < n - 1 && ee[hi] != 0) hi++;
            bool positive = true;
            for (int i = lo; i <= hi; i++) positive &= q[i] >= MinNormal || lo == hi;
            if (positive)
            {
                passes += Block(q, ee, lo, hi);
                for (int i = lo; i <= hi; i++) d[i] = Math.ScaleB(Math.Sqrt(Math.Max(q[i], 0)), -exponent);
            }
            else
            {
                // A (numerically) zero diagonal: bidiagonal QR chases it out exactly.
                int length = hi - lo + 1;
                var db = new double[length];
                var eb = new double[length];
                for (int i = 0; i < length; i++)
                {
                    db[i] = d[lo + i];
                    eb[i] = i < length - 1 ? e[lo + i] : 0;
                }
                BidiagonalQR.Solve(db, eb, length, null, 0, null, 0);
                for (int i = 0; i < length; i++) d[lo + i] = Math.Abs(db[i]);
            }
            lo = hi + 1;
        }
    }

    /// <summary>Runs dqds on the positive qd block [lo, hi]; on return q[lo..hi] holds the eigenvalues of its BᵀB.</summary>
    private static long Block(double[] q, double[] e, int lo0, int hi0)
    {
        int length = hi0 - lo0 + 1;
        var qNew = new double[length];
        var eNew = new double[length];
        var stack = new Stack<(int Lo, int Hi, double Sigma)>();
        stack.Push((lo0, hi0, 0));
        long budget = 40L * length + 40, passes = 0;
        while (stack.Count > 0)
        {
            var (lo, hi, sigma) = stack.Pop();
            double lastDmin = 0, lastDmin2 = 0, nearMargin = NearFactor;
            bool dminAtBottom = false;
            int rejections = 0;
            while (hi >= lo)
            {
                if (hi == lo)
                {
                    q[hi] += sigma;
                    break;
                }
                // Deflate the bottom eigenvalue once its coupling is negligible at relative accuracy.
                if (e[hi - 1] <= Tolerance2 * (sigma + q[hi]))
                {
                    q[hi] += sigma;
                    hi--;
                    // The previous pass's smallest d above the bottom guides the next shift.
                    lastDmin = lastDmin2;
                    dminAtBottom = false;
                    continue;
                }
                // Split off the top part at a negligible interior coupling (it keeps the same σ).
                int split = -1;
                for (int i = hi - 2; i >= lo; i--)
                    if (e[i] <= Tolerance2 * (sigma + q[i + 1])) { split = i; break; }
                if (split >= 0)
                {
                    e[split] = 0;
                    stack.Push((lo, split, sigma));
                    lo = split + 1;
                    lastDmin = 0;
                    continue;
                }
                passes++;
                if (--budget < 0)
                    throw new NonConvergenceException($"dqds did not converge on a {length}×{length} bidiagonal block.");
                // dmin of an accepted pass bounds the smallest remaining eigenvalue from above. Once dmin sits at the
                // bottom, the bottom is converging and its eigenvalue lies within about nearMargin·e_last below dmin
                // (the margin adapts: it grows 16× whenever such a shift is rejected, and halves back on success);
                // otherwise shift by half of dmin, quartered per rejection, and by zero after three.
                bool near = dminAtBottom && rejections < 3;
                double tau = rejections >= 3 ? 0
                    : near ? Math.Max(ShiftNearConvergence * lastDmin, lastDmin - nearMargin * e[hi - 1])
                    : ShiftFar * lastDmin * Math.Pow(0.25, rejections);
                if (Pass(q, e, lo, hi, tau, qNew, eNew, out double dmin, out double dmin2))
                {
                    sigma += tau;
                    lastDmin = dmin;
                    lastDmin2 = dmin2;
                    dminAtBottom = q[hi] == dmin;
                    rejections = 0;
                    if (near) nearMargin = Math.Max(NearFactor, 0.5 * nearMargin);
                }
                else if (near && lastDmin - nearMargin * e[hi - 1] > ShiftNearConvergence * lastDmin)
                {
                    nearMargin *= 16; // the bottom's eigenvalue is further below dmin than the margin assumed
                }
                else
                {
                    if (near) dminAtBottom = false; // even 0.99·dmin was too much: fall back to the far shifts
                    rejections++;
                }
            }
        }
        return passes;
    }

    /// <summary>
    /// One dqds pass with shift τ over [lo, hi]: accepted (q, e replaced) only if every d stays non-negative;
    /// <paramref name="dmin"/> is the smallest d of the accepted pass, the next shift's guide.
    /// </summary>
    private static bool Pass(double[] q, double[] e, int lo, int hi, double tau, double[] qNew, double[] eNew, out double dmin, out double dmin2)
    {
        double dd = q[lo] - tau;
        dmin = dd;
        dmin2 = double.MaxValue;
        if (!(dd >= 0)) return false;
        for (int i = lo; i < hi; i++)
        {
            double qh = dd + e[i];
            double t = q[i + 1] / qh;
            eNew[i - lo] = e[i] * t;
            qNew[i - lo] = qh;
            if (dd < dmin2) dmin2 = dd; // min over all but the bottom d
            dd = dd * t - tau;
            if (!(dd >= 0)) return false;
            if (dd < dmin) dmin = dd;
        }
        qNew[hi - lo] = dd;
        Array.Copy(qNew, 0, q, lo, hi - lo + 1);
        Array.Copy(eNew, 0, e, lo, hi - lo);
        return true;
    }
}

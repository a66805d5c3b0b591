using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpectralCore.Kernels.Eigen;

/// <summary>
/// The rank-one modified diagonal eigenproblem D + ρ z zᵀ (‖z‖ = 1, ρ &gt; 0) at the heart of divide and conquer
/// (LAPACK's dlaed2/dlaed4): deflation of negligible z components and of nearly equal poles, and the roots of the
/// secular equation 1 + ρ Σ z_j²/(d_j − λ) = 0, one per remaining pole, each found relative to its nearer pole so that
/// λ − d_j is known to full relative accuracy. The sums over the poles are SIMD (Vector512 → 256 → scalar tail); a
/// root's sums are always taken in the same order, so results do not depend on the thread count.
/// </summary>
internal static class SecularEquation
{
    private const double Eps = 1.1102230246251565e-16;

    /// <summary>
    /// Brings a tiny merge near 1: when max(|d|, ρ) is below 2^−200, scales the poles and ρ in place by the exact power of
    /// two 2^e that makes it ≈ 1 and returns e (else 0), so the tolerance, the secular sums and the pole differences stay
    /// out of the subnormal range (deep in a graded matrix's small end they gave NaN values and zero-length vectors).
    /// Scaling up by a power of two is exact, subnormal entries included; the caller scales its values back by 2^−e.
    /// </summary>
    public static int ScaleTinyMerge(double[] d, ref double rho)
    {
        double size = rho;
        foreach (double x in d) size = Math.Max(size, Math.Abs(x));
        if (!(size > 0) || size >= TinyMerge) return 0;
        int exponent = -Math.ILogB(size);
        for (int p = 0; p < d.Length; p++) d[p] = Math.ScaleB(d[p], exponent);
        rho = Math.ScaleB(rho, exponent);
        return exponent;
    }

    private static readonly double TinyMerge = Math.ScaleB(1.0, -200);

    /// <summary>Deflation tolerance for poles <paramref name="d"/> and unit <paramref name="z"/> with weight ρ: 8·2ε·max(|d|, ρ|z|).</summary>
    public static double Tolerance(ReadOnlySpan<double> d, ReadOnlySpan<double> z, double rho)
    {
        double dmax = 0, zmax = 0;
        for (int p = 0; p < d.Length; p++)
        {
            dmax = Math.Max(dmax, Math.Abs(d[p]));
            zmax = Math.Max(zmax, Math.Abs(z[p]));
        }
        return 8 * 2 * Eps * Math.Max(dmax, rho * zmax);
    }

    /// <summary>
    /// Marks the deflated poles of D + ρ z zᵀ (<paramref name="d"/> ascending on entry): those with ρ|z_j| ≤ tol keep
    /// d_j as an eigenvalue; of two nearly equal poles, a rotation (c, s) zeroes the earlier one's z component and it
    /// is deflated when the coupling c·s·(d_a − d_b) that rotation leaves is negligible. <paramref name="onRotation"/>
    /// (a, b, c, s) is told of each such rotation, applied as (x_a, x_b) ← (c·x_a − s·x_b, s·x_a + c·x_b), so callers
    /// can rotate the basis vectors alike. Afterwards d and z hold the rotated values (z_a = 0 for deflated rotations).
    /// </summary>
    public static bool[] Deflate(double[] d, double[] z, double rho, double tol, Action<int, int, double, double>? onRotation)
    {
        int n = d.Length;
        var deflated = new bool[n];
        double zmax = 0;
        for (int p = 0; p < n; p++) zmax = Math.Max(zmax, Math.Abs(z[p]));
        if (rho * zmax <= tol)
        {
            // The coupling is negligible: the poles are the eigenvalues.
            Array.Fill(deflated, true);
            return deflated;
        }
        int previous = -1;
        for (int p = 0; p < n; p++)
        {
            if (rho * Math.Abs(z[p]) <= tol)
            {
                deflated[p] = true;
                continue;
            }
            if (previous >= 0)
            {
                double za = z[previous], zb = z[p];
                double t = double.Hypot(za, zb);
                double c = zb / t, s = za / t;
                if (Math.Abs(c * s * (d[previous] - d[p])) <= tol)
                {
                    double da = d[previous], db = d[p];
                    d[previous] = c * c * da + s * s * db;
                    d[p] = s * s * da + c * c * db;
                    z[previous] = 0;
                    z[p] = t;
                    onRotation?.Invoke(previous, p, c, s);
                    deflated[previous] = true;
                }
            }
            previous = p;
        }
        return deflated;
    }

    /// <summary>
    /// Root i of 1 + ρ Σ z_j²/(d_j − λ) = 0 (d strictly increasing, z ≠ 0, ρ &gt; 0) as λ = d[origin] + τ with the
    /// origin the nearer pole: bracketed iteration on τ with a two-pole rational (Gragg-type) model, bisection as
    /// safeguard. λ − d_j is then best computed as (d[origin] − d_j) + τ (<see cref="LambdaMinus"/>).
    /// </summary>
    public static (int Origin, double Tau) Root(ReadOnlySpan<double> d, ReadOnlySpan<double> z, double rho, int i)
    {
        int k = d.Length;
        bool last = i == k - 1;
        int o;
        double lo, hi;
        if (last)
        {
            o = i;
            double zz = 0;
            for (int j = 0; j < k; j++) zz += z[j] * z[j];
            lo = 0;
            hi = rho * zz;
        }
        else
        {
            double mid = 0.5 * (d[i + 1] - d[i]);
            // f at the midpoint decides the nearer pole (f increases across the interval).
            Sums(d, z, d[i], mid, 0, k, out double all, out _);
            if (1 + rho * all >= 0)
            {
                o = i;
                lo = 0;
                hi = mid;
            }
            else
            {
                o = i + 1;
                lo = -mid;
                hi = 0;
            }
        }
        double origin = d[o];
        double tau = 0.5 * (lo + hi);
        for (int iteration = 0; iteration < 200; iteration++)
        {
            // ψ over the poles up to i, φ over those above (each with its derivative).
            Sums(d, z, origin, tau, 0, i + 1, out double psi, out double dpsi);
            Sums(d, z, origin, tau, i + 1, k, out double phi, out double dphi);
            psi *= rho; dpsi *= rho; phi *= rho; dphi *= rho;
            double f = 1 + psi + phi;
            if (f == 0) break;
            if (f < 0) lo = tau; else hi = tau;
            // Converged when |f| is at the level of its own rounding error (dlaed4's bound: ψ and φ are sums of terms of one
            // sign each, so 8ε(|ψ| + |φ|) covers their rounding; the τ term, that of the differences d_j − λ).
            double error = Eps * (8 * (Math.Abs(psi) + Math.Abs(phi)) + 1 + Math.Abs(tau) * (dpsi + dphi));
            if (Math.Abs(f) <= error) break;
            if (hi - lo <= 4 * Eps * Math.Max(Math.Abs(lo), Math.Abs(hi))) break;
            // Two-pole model: ψ ≈ a₁ + b₁/(δ_i − x), φ ≈ a₂ + b₂/(δ_{i+1} − x), matching value and slope.
            double p = d[i] - origin;
            double dp = p - tau;
            double b1 = dpsi * dp * dp, a1 = psi - b1 / dp;
            double next;
            if (last)
            {
                double a = 1 + a1 + phi;
                next = a != 0 ? p + b1 / a : double.NaN;
            }
            else
            {
                double q = d[i + 1] - origin;
                double dq = q - tau;
                double b2 = dphi * dq * dq, a2 = phi - b2 / dq;
                double a = 1 + a1 + a2;
                // a (p − x)(q − x) + b₁ (q − x) + b₂ (p − x) = 0 → a x² − (a(p+q) + b₁ + b₂) x + (a p q + b₁ q + b₂ p) = 0.
                double bq = -(a * (p + q) + b1 + b2), cq = a * p * q + b1 * q + b2 * p;
                next = RootIn(a, bq, cq, lo, hi);
            }
            tau = next > lo && next < hi ? next : 0.5 * (lo + hi);
        }
        return (o, tau);
    }

    /// <summary>λ_i − d_j computed as (d_origin(i) − d_j) + τ_i, exact in the differences the root was found in.</summary>
    public static double LambdaMinus(ReadOnlySpan<double> d, ReadOnlySpan<int> origin, ReadOnlySpan<double> tau, int i, int j) =>
        (d[origin[i]] - d[j]) + tau[i];

    /// <summary>
    /// Gu–Eisenstat's ẑ (Löwner): the z for which the computed roots λ_i = <paramref name="originValue"/>[i] +
    /// <paramref name="tau"/>[i] are exact, ẑ_j² = (λ_j − d_j)/ρ · Π_{i≠j} (λ_i − d_j)/(d_i − d_j), with the signs of
    /// <paramref name="z"/>. Vectors built from ẑ are orthogonal to working accuracy. originValue[i] = d[origin of
    /// root i]. O(k²), SIMD over i.
    /// </summary>
    public static double[] RecomputedZ(ReadOnlySpan<double> d, ReadOnlySpan<double> z, ReadOnlySpan<double> originValue, ReadOnlySpan<double> tau, double rho)
    {
        int k = d.Length;
        var zHat = new double[k];
        for (int j = 0; j < k; j++)
        {
            double dj = d[j];
            double product = ((originValue[j] - dj) + tau[j]) / rho;
            product *= RatioProduct(d, originValue, tau, dj, 0, j) * RatioProduct(d, originValue, tau, dj, j + 1, k);
            zHat[j] = Math.CopySign(Math.Sqrt(Math.Abs(product)), z[j]);
        }
        return zHat;
    }

    /// <summary>Π over i in [from, to) of ((originValue_i − dj) + τ_i)/(d_i − dj).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double RatioProduct(ReadOnlySpan<double> d, ReadOnlySpan<double> originValue, ReadOnlySpan<double> tau, double dj, int from, int to)
    {
        double product = 1;
        int i = from;
        ref double dRef = ref MemoryMarshal.GetReference(d);
        ref double oRef = ref MemoryMarshal.GetReference(originValue);
        ref double tRef = ref MemoryMarshal.GetReference(tau);
        if (Vector512.IsHardwareAccelerated && to - i >= Vector512<double>.Count)
        {
            var x = Vector512.Create(dj);
            var p = Vector512<double>.One;
            for (; i + Vector512<double>.Count <= to; i += Vector512<double>.Count)
                p *= ((Vector512.LoadUnsafe(ref oRef, (nuint)i) - x) + Vector512.LoadUnsafe(ref tRef, (nuint)i)) / (Vector512.LoadUnsafe(ref dRef, (nuint)i) - x);
            for (int lane = 0; lane < Vector512<double>.Count; lane++) product *= p[lane];
        }
        else if (Vector256.IsHardwareAccelerated && to - i >= Vector256<double>.Count)
        {
            var x = Vector256.Create(dj);
            var p = Vector256<double>.One;
            for (; i + Vector256<double>.Count <= to; i += Vector256<double>.Count)
                p *= ((Vector256.LoadUnsafe(ref oRef, (nuint)i) - x) + Vector256.LoadUnsafe(ref tRef, (nuint)i)) / (Vector256.LoadUnsafe(ref dRef, (nuint)i) - x);
            for (int lane = 0; lane < Vector256<double>.Count; lane++) product *= p[lane];
        }
        for (; i < to; i++) product *= ((originValue[i] - dj) + tau[i]) / (d[i] - dj);
        return product;
    }

    /// <summary>
    /// Over j in [from, to): Σ z_j·t_j and Σ t_j² with t_j = z_j / ((d_j − origin) − τ). Lanes are combined in a fixed
    /// order, so the sums depend only on the inputs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sums(ReadOnlySpan<double> d, ReadOnlySpan<double> z, double origin, double tau, int from, int to, out double sum, out double sumSquares)
    {
        sum = 0;
        sumSquares = 0;
        int j = from;
        ref double dRef = ref MemoryMarshal.GetReference(d);
        ref double zRef = ref MemoryMarshal.GetReference(z);
        if (Vector512.IsHardwareAccelerated && to - j >= Vector512<double>.Count)
        {
            var o = Vector512.Create(origin);
            var t = Vector512.Create(tau);
            Vector512<double> s = default, q = default;
            for (; j + Vector512<double>.Count <= to; j += Vector512<double>.Count)
            {
                var zj = Vector512.LoadUnsafe(ref zRef, (nuint)j);
                var term = zj / ((Vector512.LoadUnsafe(ref dRef, (nuint)j) - o) - t);
                s = Vector512.FusedMultiplyAdd(zj, term, s);
                q = Vector512.FusedMultiplyAdd(term, term, q);
            }
            sum = Vector512.Sum(s);
            sumSquares = Vector512.Sum(q);
        }
        else if (Vector256.IsHardwareAccelerated && to - j >= Vector256<double>.Count)
        {
            var o = Vector256.Create(origin);
            var t = Vector256.Create(tau);
            Vector256<double> s = default, q = default;
            for (; j + Vector256<double>.Count <= to; j += Vector256<double>.Count)
            {
                var zj = Vector256.LoadUnsafe(ref zRef, (nuint)j);
                var term = zj / ((Vector256.LoadUnsafe(ref dRef, (nuint)j) - o) - t);
                s = Vector256.FusedMultiplyAdd(zj, term, s);
                q = Vector256.FusedMultiplyAdd(term, term, q);
            }
            sum = Vector256.Sum(s);
            sumSquares = Vector256.Sum(q);
        }
        for (; j < to; j++)
        {
            double term = z[j] / ((d[j] - origin) - tau);
            sum = Math.FusedMultiplyAdd(z[j], term, sum);
            sumSquares = Math.FusedMultiplyAdd(term, term, sumSquares);
        }
    }

    /// <summary>A root of a x² + b x + c in (lo, hi), or NaN.</summary>
    private static double RootIn(double a, double b, double c, double lo, double hi)
    {
        if (a == 0) return b != 0 ? -c / b : double.NaN;
        double disc = b * b - 4 * a * c;
        if (disc < 0) disc = 0;
        double sq = Math.Sqrt(disc);
        double q = -0.5 * (b + Math.CopySign(sq, b));
        double x1 = q / a, x2 = q != 0 ? c / q : double.NaN;
        if (x1 > lo && x1 < hi) return x1;
        if (x2 > lo && x2 < hi) return x2;
        return double.NaN;
    }
}

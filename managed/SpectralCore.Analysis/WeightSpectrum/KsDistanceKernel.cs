using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>
/// The Kolmogorov–Smirnov distance of one xmin candidate:
/// D = max_k |1 − (x_k/xmin)^(1−α) − k/n| over the n tail values x_0 = xmin ≤ x_1 ≤ … (k = 0…n−1),
/// evaluated as exp((1−α)(ln x_k − ln xmin)) from precomputed logarithms, SIMD (Vector512 → 256 → 128 →
/// scalar tail). The result does not depend on the hardware path beyond the last bit of exp.
/// </summary>
internal static class KsDistanceKernel
{
    private const int ExitCheckBlock = 512;

    /// <summary>
    /// D for the tail <paramref name="logTail"/> (ln of the sorted tail, first = ln xmin). Stops early and returns
    /// +∞ as soon as the running maximum exceeds <paramref name="giveUpAbove"/> (pass +∞ for the full value).
    /// </summary>
    public static double Distance(ReadOnlySpan<double> logTail, double alpha, double giveUpAbove)
    {
        int n = logTail.Length;
        if (!(alpha > 1)) return 1.0; // WeightWatcher leaves D = 1 when α ≤ 1.
        if (double.IsPositiveInfinity(alpha)) return InfiniteAlphaDistance(logTail);
        double c = 1 - alpha;
        double logMin = logTail[0];
        double dn = n;
        double max = 0;
        int k = 0;
        while (k < n)
        {
            int end = Math.Min(n, k + ExitCheckBlock);
            max = Math.Max(max, BlockMax(logTail, k, end, c, logMin, dn));
            if (max > giveUpAbove) return double.PositiveInfinity;
            k = end;
        }
        return max;
    }

    /// <summary>max |1 − exp(c(L_k − L0)) − k/n| over k in [start, end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double BlockMax(ReadOnlySpan<double> logs, int start, int end, double c, double logMin, double n)
    {
        double max = 0;
        int k = start;
        ref double baseRef = ref Unsafe.AsRef(in logs[0]);
        if (Vector512.IsHardwareAccelerated && end - k >= Vector512<double>.Count)
        {
            var vc = Vector512.Create(c);
            var vmin = Vector512.Create(logMin);
            var vn = Vector512.Create(n);
            var one = Vector512<double>.One;
            var step = Vector512.Create((double)Vector512<double>.Count);
            var kv = Vector512.Create(0.0, 1, 2, 3, 4, 5, 6, 7) + Vector512.Create((double)k);
            var vmax = Vector512<double>.Zero;
            for (; k <= end - Vector512<double>.Count; k += Vector512<double>.Count)
            {
                var l = Vector512.LoadUnsafe(ref baseRef, (nuint)k);
                var e = Vector512.Exp(vc * (l - vmin));
                var d = Vector512.Abs(one - e - kv / vn);
                vmax = Vector512.Max(vmax, d);
                kv += step;
            }
            max = Math.Max(max, Reduce(Vector256.Max(vmax.GetLower(), vmax.GetUpper())));
        }
        if (Vector256.IsHardwareAccelerated && end - k >= Vector256<double>.Count)
        {
            var vc = Vector256.Create(c);
            var vmin = Vector256.Create(logMin);
            var vn = Vector256.Create(n);
            var one = Vector256<double>.One;
            var step = Vector256.Create((double)Vector256<double>.Count);
            var kv = Vector256.Create(0.0, 1, 2, 3) + Vector256.Create((double)k);
            var vmax = Vector256<double>.Zero;
            for (; k <= end - Vector256<double>.Count; k += Vector256<double>.Count)
            {
                var l = Vector256.LoadUnsafe(ref baseRef, (nuint)k);
                var e = Vector256.Exp(vc * (l - vmin));
                var d = Vector256.Abs(one - e - kv / vn);
                vmax = Vector256.Max(vmax, d);
                kv += step;
            }
            max = Math.Max(max, Reduce(vmax));
        }
        if (Vector128.IsHardwareAccelerated && end - k >= Vector128<double>.Count)
        {
            var vc = Vector128.Create(c);
            var vmin = Vector128.Create(logMin);
            var vn = Vector128.Create(n);
            var one = Vector128<double>.One;
            var step = Vector128.Create((double)Vector128<double>.Count);
            var kv = Vector128.Create(0.0, 1) + Vector128.Create((double)k);
            var vmax = Vector128<double>.Zero;
            for (; k <= end - Vector128<double>.Count; k += Vector128<double>.Count)
            {
                var l = Vector128.LoadUnsafe(ref baseRef, (nuint)k);
                var e = Vector128.Exp(vc * (l - vmin));
                var d = Vector128.Abs(one - e - kv / vn);
                vmax = Vector128.Max(vmax, d);
                kv += step;
            }
            max = Math.Max(max, Math.Max(vmax.GetElement(0), vmax.GetElement(1)));
        }
        for (; k < end; k++)
            max = Math.Max(max, Term(logs[k], k, c, logMin, n));
        return max;
    }

    private static double Reduce(Vector256<double> v) =>
        Math.Max(Math.Max(v.GetElement(0), v.GetElement(1)), Math.Max(v.GetElement(2), v.GetElement(3)));

    /// <summary>One term |1 − exp(c(L − L0)) − k/n| (scalar; used for tails and the lower bounds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Term(double log, int k, double c, double logMin, double n) =>
        Math.Abs(1 - Math.Exp(c * (log - logMin)) - k / n);

    /// <summary>α = +∞ (a tail of equal values): (x/xmin)^(−∞) is 1 for x = xmin and 0 above it.</summary>
    private static double InfiniteAlphaDistance(ReadOnlySpan<double> logTail)
    {
        double n = logTail.Length, max = 0;
        for (int k = 0; k < logTail.Length; k++)
        {
            double cdf = logTail[k] == logTail[0] ? 0 : 1;
            max = Math.Max(max, Math.Abs(cdf - k / n));
        }
        return max;
    }
}

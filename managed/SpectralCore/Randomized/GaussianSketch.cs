using System.Numerics;

namespace SpectralCore.Randomized;

/// <summary>
/// The documented, counter-based Gaussian generator behind every random sketch (reproducible from the seed
/// alone, independent of the thread count, and cheap to split across threads).
/// </summary>
/// <remarks>
/// Entry e (row-major index i·columns + j) of the sketch for (seed, stream) is built from the 64-bit word
/// w(c) = SplitMix64Finalize(key + c·0x9E3779B97F4A7C15) with key = SplitMix64Finalize(seed ⊕ stream·0xD1B54A32D192ED03):
/// pair p = ⌊e/2⌋ uses c = 2p and 2p + 1, u₁ = (w(2p) ≫ 11 + 1)·2⁻⁵³ ∈ (0, 1], u₂ = (w(2p+1) ≫ 11)·2⁻⁵³, and the
/// Box–Muller transform gives √(−2 ln u₁)·cos(2πu₂) for even e and √(−2 ln u₁)·sin(2πu₂) for odd e, computed in
/// float64 and rounded to T.
/// </remarks>
public static class GaussianSketch
{
    /// <summary>Stream of the range-finder test matrix Ω.</summary>
    public const ulong RangeStream = 1;

    /// <summary>Stream of the a-posteriori error probes (independent of Ω).</summary>
    public const ulong ProbeStream = 2;

    /// <summary>Stream of Lanczos start vectors.</summary>
    public const ulong LanczosStream = 3;

    /// <summary>Fills <paramref name="destination"/> (rows × columns, row-major) with standard normal entries.</summary>
    public static void Fill<T>(Span<T> destination, long seed, ulong stream) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ulong key = Finalize(unchecked((ulong)seed ^ (stream * 0xD1B54A32D192ED03UL)));
        for (int e = 0; e < destination.Length; e += 2)
        {
            (double first, double second) = Pair(key, (ulong)e / 2);
            destination[e] = T.CreateChecked(first);
            if (e + 1 < destination.Length) destination[e + 1] = T.CreateChecked(second);
        }
    }

    /// <summary>A new rows × columns standard normal array (row-major), filled in parallel when large.</summary>
    internal static T[] Create<T>(int rows, int columns, long seed, ulong stream, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[checked(rows * columns)];
        ulong key = Finalize(unchecked((ulong)seed ^ (stream * 0xD1B54A32D192ED03UL)));
        int pairs = (result.Length + 1) / 2;
        ParallelRanges.For(pairs, result.Length > 1 << 16 ? threads : 1, 1024, (start, end) =>
        {
            for (int p = start; p < end; p++)
            {
                (double first, double second) = Pair(key, (ulong)p);
                result[2 * p] = T.CreateChecked(first);
                if (2 * p + 1 < result.Length) result[2 * p + 1] = T.CreateChecked(second);
            }
        });
        return result;
    }

    private static (double, double) Pair(ulong key, ulong pair)
    {
        ulong w1 = Finalize(unchecked(key + 2 * pair * 0x9E3779B97F4A7C15UL));
        ulong w2 = Finalize(unchecked(key + (2 * pair + 1) * 0x9E3779B97F4A7C15UL));
        double u1 = ((w1 >> 11) + 1) * (1.0 / (1UL << 53));
        double u2 = (w2 >> 11) * (1.0 / (1UL << 53));
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        (double sin, double cos) = Math.SinCos(2.0 * Math.PI * u2);
        return (radius * cos, radius * sin);
    }

    private static ulong Finalize(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}

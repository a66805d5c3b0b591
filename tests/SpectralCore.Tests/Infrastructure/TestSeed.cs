namespace SpectralCore.Tests.Infrastructure;

/// <summary>
/// Seeds for randomized tests. The base seed is SPECTRAL_TEST_SEED when set (decimal or 0x-hex), else a fixed
/// default, so runs are reproducible; every failure message should include the per-case seed, and setting
/// SPECTRAL_TEST_SEED to a printed base seed replays the whole run.
/// </summary>
public static class TestSeed
{
    /// <summary>Environment variable that overrides the base seed.</summary>
    public const string EnvironmentVariable = "SPECTRAL_TEST_SEED";

    /// <summary>The default base seed.</summary>
    public const ulong DefaultSeed = 0x5EC7_2A1C_0DE5_EED5UL;

    /// <summary>The base seed of this run.</summary>
    public static ulong Base { get; } = Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>A seed derived from the base seed, a test name and a case index (stable across runs).</summary>
    public static ulong For(string name, int index = 0)
    {
        ulong h = Base ^ 0x9E37_79B9_7F4A_7C15UL;
        foreach (char c in name) h = SplitMix(h ^ c);
        return SplitMix(h ^ (ulong)(uint)index);
    }

    /// <summary>Text for failure messages: the base seed and how to replay it.</summary>
    public static string Describe(ulong caseSeed) => $"case seed 0x{caseSeed:X16} (base {EnvironmentVariable}=0x{Base:X16})";

    internal static ulong SplitMix(ulong x)
    {
        x += 0x9E37_79B9_7F4A_7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return x ^ (x >> 31);
    }

    private static ulong Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return DefaultSeed;
        text = text.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) &&
            ulong.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out ulong hex)) return hex;
        if (ulong.TryParse(text, out ulong dec)) return dec;
        throw new InvalidOperationException($"{EnvironmentVariable}='{text}' is not a decimal or 0x-hex 64-bit seed.");
    }
}

/// <summary>A small, fast, seedable generator (xoshiro256**) whose streams never change across .NET versions.</summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    /// <summary>Creates a generator from a 64-bit seed (expanded with SplitMix64).</summary>
    public SeededRandom(ulong seed)
    {
        _s0 = TestSeed.SplitMix(seed);
        _s1 = TestSeed.SplitMix(_s0);
        _s2 = TestSeed.SplitMix(_s1);
        _s3 = TestSeed.SplitMix(_s2);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (0, 1].</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound).</summary>
    public int NextInt(int bound) => (int)(NextDouble() * bound);

    /// <summary>Standard normal (Box–Muller, both values used).</summary>
    public double NextNormal()
    {
        if (_spareNormal is double spare)
        {
            _spareNormal = null;
            return spare;
        }
        double u = NextOpenDouble(), v = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u));
        _spareNormal = r * Math.Sin(2 * Math.PI * v);
        return r * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>Gamma(shape, 1) by Marsaglia–Tsang (with the shape &lt; 1 boost).</summary>
    public double NextGamma(double shape)
    {
        if (shape < 1) return NextGamma(shape + 1) * Math.Pow(NextOpenDouble(), 1.0 / shape);
        double d = shape - 1.0 / 3, c = 1.0 / Math.Sqrt(9 * d);
        while (true)
        {
            double x = NextNormal(), v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = NextOpenDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return d * v;
        }
    }

    /// <summary>Student-t with ν degrees of freedom: Z / √(χ²_ν / ν).</summary>
    public double NextStudentT(double nu) => NextNormal() / Math.Sqrt(2 * NextGamma(nu / 2) / nu);

    /// <summary>Symmetric Pareto: ±U^(−1/α) (heavy tail with index α).</summary>
    public double NextSignedPareto(double alpha) => (NextDouble() < 0.5 ? -1 : 1) * Math.Pow(NextOpenDouble(), -1.0 / alpha);

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}

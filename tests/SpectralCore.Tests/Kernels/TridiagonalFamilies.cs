using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>Seeded symmetric tridiagonals that exercise each kind of divide-and-conquer deflation (and QL's hard cases).</summary>
internal static class TridiagonalFamilies
{
    /// <summary>Number of families <see cref="Create"/> knows.</summary>
    public const int Count = 8;

    /// <summary>
    /// Family 0 Gaussian; 1 tiny couplings (ρ|z| deflation); 2 three clusters; 3 Wilkinson W⁺ (close pairs); 4 glued
    /// Wilkinson; 5 repeated values with exact zero couplings; 6 zero; 7 negative couplings (the tear's sign).
    /// Returns the diagonal d (n) and off-diagonal e (n, e[n−1] = 0).
    /// </summary>
    public static (double[] D, double[] E) Create(int family, int n, SeededRandom rng)
    {
        var d = new double[n];
        var e = new double[n];
        for (int i = 0; i < n; i++)
        {
            d[i] = rng.NextNormal();
            e[i] = i < n - 1 ? rng.NextNormal() : 0;
            switch (family)
            {
                case 1: e[i] *= 1e-9; break;
                case 2: d[i] = i % 3; e[i] = i < n - 1 ? 1e-3 * e[i] : 0; break;
                case 3: d[i] = Math.Abs(i - n / 2); e[i] = i < n - 1 ? 1 : 0; break;
                case 4: d[i] = Math.Abs(i % 21 - 10); e[i] = i < n - 1 ? ((i + 1) % 21 == 0 ? 1e-12 : 1) : 0; break;
                case 5: d[i] = 2; e[i] = i < n - 1 ? (i % 2 == 0 ? 0 : 1) : 0; break;
                case 6: d[i] = 0; e[i] = 0; break;
                case 7: e[i] = i < n - 1 ? -Math.Abs(e[i]) : 0; break;
            }
        }
        return (d, e);
    }
}

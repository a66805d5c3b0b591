using Xunit;
using SpectralCore.Kernels.Eigen;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>The two tridiagonal QL variants (root-free values, rotations with vectors) against each other and known spectra.</summary>
public class TridiagonalSolverTests
{
    [Fact]
    public void RootFreeAndVectorQlAgreeOnRandomTridiagonals()
    {
        for (int t = 0; t < 200; t++)
        {
            ulong seed = TestSeed.For("tridiagonal", t);
            var rng = new SeededRandom(seed);
            int n = 1 + rng.NextInt(60);
            var d = new double[n];
            var e = new double[n];
            for (int i = 0; i < n; i++)
            {
                d[i] = t % 5 == 0 ? Math.Round(rng.NextNormal()) : rng.NextNormal();
                e[i] = i < n - 1 ? (t % 3 == 0 ? 1e-9 : 1) * rng.NextNormal() : 0;
            }
            var d1 = (double[])d.Clone();
            var e1 = (double[])e.Clone();
            TridiagonalQL.ValuesRootFree(d1, e1, n);
            var d2 = (double[])d.Clone();
            var e2 = (double[])e.Clone();
            var z = new double[n * n];
            for (int i = 0; i < n; i++) z[i * n + i] = 1;
            TridiagonalQL.ValuesAndVectors(d2, e2, n, z, 1);
            Array.Sort(d1);
            var sorted = (double[])d2.Clone();
            Array.Sort(sorted);
            double norm = d.Concat(e).Max(Math.Abs);
            for (int i = 0; i < n; i++)
                Assert.True(Math.Abs(d1[i] - sorted[i]) <= 4 * n * 2.2e-16 * norm, $"{TestSeed.Describe(seed)} n={n}: {d1[i]:R} vs {sorted[i]:R}");
            // T z_j = λ_j z_j for each row z_j of Zᵀ.
            for (int j = 0; j < n; j++)
                for (int i = 0; i < n; i++)
                {
                    double tz = d[i] * z[j * n + i] + (i > 0 ? e[i - 1] * z[j * n + i - 1] : 0) + (i < n - 1 ? e[i] * z[j * n + i + 1] : 0);
                    Assert.True(Math.Abs(tz - d2[j] * z[j * n + i]) <= 10 * n * 2.2e-16 * norm, $"{TestSeed.Describe(seed)} n={n}: residual at ({i}, {j})");
                }
        }
    }

    [Fact]
    public void RootFreeQlFindsTheKnownSpectrumOfTheSecondDifferenceMatrixAtEverySizeTo256()
    {
        // d = 0, e = 1: λ_k = 2 cos(kπ / (n + 1)), k = 1..n, known in closed form (not from any solver).
        for (int n = 1; n <= 256; n++)
        {
            var d = new double[n];
            var e = Enumerable.Range(0, n).Select(i => i < n - 1 ? 1.0 : 0.0).ToArray();
            TridiagonalQL.ValuesRootFree(d, e, n);
            Array.Sort(d);
            for (int k = 1; k <= n; k++)
            {
                double expected = 2 * Math.Cos((n + 1 - k) * Math.PI / (n + 1));
                Assert.True(Math.Abs(d[k - 1] - expected) <= 8 * n * 2.2e-16, $"n={n} k={k}: {d[k - 1]:R} vs {expected:R}");
            }
        }
    }

    [Theory]
    [InlineData(1e-30, false)]
    [InlineData(1e-160, false)]
    [InlineData(1e-300, false)]
    [InlineData(1e-30, true)]
    [InlineData(1e-160, true)]
    [InlineData(1e-300, true)]
    public void BothQlVariantsAgreeWithBisectionOnGradedTridiagonalsReachingSubnormals(double ratio, bool largeEndAtBottom)
    {
        // Entries fall geometrically from 1 to `ratio` down the diagonal; after the root-free solver's scaling the smallest
        // squares are subnormal or zero: the values must stay finite and agree with Sturm-count bisection (an independent
        // method) to the QL's norm-wise accuracy. (The rotation QL did not converge on the 1e-300 case before it learned
        // to reverse a matrix graded with its large end at the top; the root-free QL failed the 1e-160 and 1e-300 cases graded
        // the other way — its squared couplings underflow — before it handed such matrices to the rotation QL.)
        var rng = new SeededRandom(TestSeed.For("tridiagonal-graded", (int)-Math.Log10(ratio) + (largeEndAtBottom ? 1000 : 0)));
        foreach (int n in new[] { 2, 3, 17, 64, 129 })
        {
            double step = Math.Pow(ratio, 1.0 / Math.Max(1, n - 1));
            var d = new double[n];
            var e = new double[n];
            for (int i = 0; i < n; i++)
            {
                d[i] = Math.Pow(step, i) * (0.5 + rng.NextDouble()) * (rng.NextDouble() < 0.3 ? -1 : 1);
                e[i] = i < n - 1 ? Math.Pow(step, i + 0.5) * (0.5 + rng.NextDouble()) : 0;
            }
            if (largeEndAtBottom)
            {
                Array.Reverse(d, 0, n);
                Array.Reverse(e, 0, Math.Max(0, n - 1));
            }
            var d1 = (double[])d.Clone();
            TridiagonalQL.ValuesRootFree(d1, (double[])e.Clone(), n);
            Array.Sort(d1);
            double norm = d.Concat(e).Max(Math.Abs);
            var d2 = BisectionValues(d, e, n, norm);
            for (int i = 0; i < n; i++)
            {
                Assert.True(double.IsFinite(d1[i]), $"ratio={ratio} n={n}: value {i} is {d1[i]}");
                Assert.True(Math.Abs(d1[i] - d2[i]) <= 4 * n * 2.2e-16 * norm, $"ratio={ratio} n={n}: {d1[i]:R} vs {d2[i]:R}");
            }
            // The rotation QL (graded with the large end at the top: it reverses the matrix first) — values against
            // bisection, and T z = λ z with orthonormal z for every row of Zᵀ.
            var d3 = (double[])d.Clone();
            var zt = new double[n * n];
            for (int i = 0; i < n; i++) zt[i * n + i] = 1;
            TridiagonalQL.ValuesAndVectors(d3, (double[])e.Clone(), n, zt, 1);
            var sorted = (double[])d3.Clone();
            Array.Sort(sorted);
            for (int i = 0; i < n; i++)
                Assert.True(Math.Abs(sorted[i] - d2[i]) <= 4 * n * 2.2e-16 * norm, $"ratio={ratio} n={n}: rotation QL {sorted[i]:R} vs {d2[i]:R}");
            for (int j = 0; j < n; j++)
            {
                double length = 0;
                for (int i = 0; i < n; i++)
                {
                    double z = zt[j * n + i];
                    length += z * z;
                    double tz = d[i] * z + (i > 0 ? e[i - 1] * zt[j * n + i - 1] : 0) + (i < n - 1 ? e[i] * zt[j * n + i + 1] : 0);
                    Assert.True(Math.Abs(tz - d3[j] * z) <= 10 * n * 2.2e-16 * norm, $"ratio={ratio} n={n}: residual at ({i}, {j})");
                }
                Assert.True(Math.Abs(length - 1) <= 10 * n * 2.2e-16, $"ratio={ratio} n={n}: |z_{j}|² = {length:R}");
            }
        }
    }

    /// <summary>Eigenvalues (ascending) by bisection on Sturm counts, each to 1e-3·ε·‖T‖.</summary>
    internal static double[] BisectionValues(double[] d, double[] e, int n, double norm)
    {
        int CountBelow(double x)
        {
            // Sturm count through the LDLᵀ pivots of T − xI (a zero pivot nudged, as in LAPACK's dstebz).
            int count = 0;
            double q = 1;
            for (int i = 0; i < n; i++)
            {
                q = d[i] - x - (i > 0 ? e[i - 1] * e[i - 1] / q : 0);
                if (q == 0) q = -double.Epsilon;
                if (q < 0) count++;
            }
            return count;
        }
        double bound = 3 * norm;
        var values = new double[n];
        for (int k = 0; k < n; k++)
        {
            double lo = -bound, hi = bound;
            while (hi - lo > 1e-3 * 2.2e-16 * norm && (lo + hi) / 2 != lo && (lo + hi) / 2 != hi)
            {
                double mid = (lo + hi) / 2;
                if (CountBelow(mid) > k) hi = mid;
                else lo = mid;
            }
            values[k] = (lo + hi) / 2;
        }
        return values;
    }

    [Fact]
    public void TwoByTwoEigenvalues()
    {
        var (a, b) = TridiagonalQL.Eigenvalues2x2(2, 1, 2);
        Assert.Equal(3.0, a, 15);
        Assert.Equal(1.0, b, 15);
        (a, b) = TridiagonalQL.Eigenvalues2x2(1e-20, 1, -1e-20);
        Assert.Equal(1.0, Math.Abs(a), 15);
        Assert.Equal(-a, b, 15);
    }
}

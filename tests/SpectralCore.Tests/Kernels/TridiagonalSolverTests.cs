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

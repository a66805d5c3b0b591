using Xunit;
using SpectralCore.Kernels.Eigen;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>
/// Tridiagonal divide and conquer: residual, orthogonality and agreement with the root-free QL values, on spectra
/// that exercise each deflation kind (tiny couplings, repeated and clustered values, glued Wilkinson matrices).
/// </summary>
public class DivideAndConquerTests
{
    private const double Eps = 2.220446049250313e-16;

    private static void Check(double[] d, double[] e, int n, int threads, string context)
    {
        var (values, zt) = TridiagonalDivideAndConquer.Solve(d, e, n, threads);
        double norm = 0;
        for (int i = 0; i < n; i++) norm = Math.Max(norm, Math.Abs(d[i]) + (i > 0 ? Math.Abs(e[i - 1]) : 0) + (i < n - 1 ? Math.Abs(e[i]) : 0));
        var reference = (double[])d.Clone();
        TridiagonalQL.ValuesRootFree(reference, (double[])e.Clone(), n);
        Array.Sort(reference);
        double tolerance = 10 * Math.Max(n, 1) * Eps * Math.Max(norm, double.Epsilon);
        for (int j = 0; j < n; j++)
        {
            if (j > 0) Assert.True(values[j - 1] <= values[j], $"{context}: values not ascending at {j}");
            Assert.True(Math.Abs(values[j] - reference[j]) <= tolerance, $"{context}: λ[{j}] D&C {values[j]:R} vs QL {reference[j]:R}");
            for (int i = 0; i < n; i++)
            {
                double tz = d[i] * zt[j * n + i] + (i > 0 ? e[i - 1] * zt[j * n + i - 1] : 0) + (i < n - 1 ? e[i] * zt[j * n + i + 1] : 0);
                Assert.True(Math.Abs(tz - values[j] * zt[j * n + i]) <= tolerance, $"{context}: residual of vector {j} at {i}");
            }
        }
        for (int a = 0; a < n; a++)
            for (int b = a; b < n; b++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += zt[a * n + i] * zt[b * n + i];
                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) <= 10 * Math.Max(n, 1) * Eps, $"{context}: z{a}·z{b} = {dot:R}");
            }
    }

    [Fact]
    public void RandomAndStructuredTridiagonals()
    {
        int[] sizes = [0, 1, 2, 31, 32, 33, 64, 65, 100, 257];
        int index = 0;
        foreach (int n in sizes)
            for (int family = 0; family < TridiagonalFamilies.Count; family++)
            {
                ulong seed = TestSeed.For(nameof(RandomAndStructuredTridiagonals), index++);
                var (d, e) = TridiagonalFamilies.Create(family, n, new SeededRandom(seed));
                Check(d, e, n, 1 + index % 2, $"n={n} family={family} ({TestSeed.Describe(seed)})");
            }
    }

    [Fact]
    public void SameBitsForEveryThreadCount()
    {
        var rng = new SeededRandom(TestSeed.For(nameof(SameBitsForEveryThreadCount)));
        int n = 300;
        var d = Enumerable.Range(0, n).Select(_ => rng.NextNormal()).ToArray();
        var e = Enumerable.Range(0, n).Select(i => i < n - 1 ? rng.NextNormal() : 0).ToArray();
        var (v1, z1) = TridiagonalDivideAndConquer.Solve(d, e, n, 1);
        var (v2, z2) = TridiagonalDivideAndConquer.Solve(d, e, n, 2);
        Assert.Equal(v1, v2);
        Assert.Equal(z1, z2);
    }

    [Theory]
    [InlineData(1e-150)]
    [InlineData(1e+150)]
    [InlineData(1e-300)]
    public void ExtremeScales(double scale)
    {
        var rng = new SeededRandom(TestSeed.For(nameof(ExtremeScales)));
        int n = 150;
        var d = Enumerable.Range(0, n).Select(i => scale * (i % 3 + 1e-4 * rng.NextNormal())).ToArray();
        var e = Enumerable.Range(0, n).Select(i => i < n - 1 ? scale * 1e-3 * rng.NextNormal() : 0).ToArray();
        Check(d, e, n, 2, $"clustered, scale {scale:R}");
    }

    [Fact]
    public void ClusteredSpectraTakeDivideAndConquerThroughThePublicApi()
    {
        var backend = new ManagedBackend(new SpectralOptions { MaxDegreeOfParallelism = 2 });
        int index = 0;
        foreach (var kind in new[] { MatrixKind.LowRankPlusNoise, MatrixKind.RepeatedEigenvalues, MatrixKind.Zero })
        {
            var c = new MatrixCase(kind, 200, 200, TestSeed.For(nameof(ClusteredSpectraTakeDivideAndConquerThroughThePublicApi), index++));
            var data = c.Symmetric<double>();
            var result = backend.EigenSymmetric(MatrixView<double>.RowMajor(data, 200, 200), EigenOptions.WithVectors);
            if (kind != MatrixKind.Zero) Assert.Equal(SymmetricEigenSolver.DivideAndConquerAlgorithm, result.Algorithm);
            SpectralChecks.CheckEigen(data, 200, result, $"{c} ({TestSeed.Describe(c.Seed)})");
        }
        // A GOE spectrum is spread out: inverse iteration stays the route.
        var goe = new MatrixCase(MatrixKind.Gaussian, 200, 200, TestSeed.For("goe route"));
        Assert.Equal(SymmetricEigenSolver.InverseIterationAlgorithm,
            backend.EigenSymmetric(goe.SymmetricView<double>(), EigenOptions.WithVectors).Algorithm);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradedIntoTheSubnormalRangeGivesFiniteAccurateValuesAndVectors(bool largeEndAtBottom)
    {
        // d_i = 10^(−0.7 i), e_i = 10^(−0.7 (i + ½)), n = 520: entries from 1 down past 1e-308 (the last ~80 subnormal or
        // zero). Merges at the small end ran their secular equations among subnormals — NaN eigenvalues and vectors
        // before each merge was scaled near 1 — and leaves of subnormal entries never deflated in the rotation QL.
        const int n = 520;
        var d = new double[n];
        var e = new double[n];
        for (int i = 0; i < n; i++)
        {
            d[i] = Math.Pow(10, -0.7 * i);
            e[i] = i < n - 1 ? Math.Pow(10, -0.7 * (i + 0.5)) : 0;
        }
        if (largeEndAtBottom)
        {
            Array.Reverse(d, 0, n);
            Array.Reverse(e, 0, n - 1);
        }
        Check(d, e, n, 2, $"graded to 1e-364, large end at the {(largeEndAtBottom ? "bottom" : "top")}");
        // Values only: the split divide and conquer against the QL.
        var values = (double[])d.Clone();
        TridiagonalSplitValues.Values(values, (double[])e.Clone(), n, 2);
        var reference = (double[])d.Clone();
        TridiagonalQL.ValuesRootFree(reference, (double[])e.Clone(), n);
        Array.Sort(reference);
        for (int j = 0; j < n; j++)
            Assert.True(double.IsFinite(values[j]) && Math.Abs(values[j] - reference[j]) <= 10 * n * Eps * 2,
                $"values-only λ[{j}] {values[j]:R} vs QL {reference[j]:R}");
    }
}

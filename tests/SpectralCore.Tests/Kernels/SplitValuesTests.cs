using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using SpectralCore.Kernels.Eigen;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>
/// Values-only tridiagonal divide and conquer (<see cref="TridiagonalSplitValues"/>) against Sturm-count bisection (an
/// independent method) on spectra that exercise each deflation kind, at orders and leaf sizes that give trees from one
/// leaf to seven levels, plus the QL that carries only its eigenvectors' end components.
/// </summary>
public class SplitValuesTests
{
    private const double Eps = 2.220446049250313e-16;

    private static void CheckAgainstBisection(double[] d, double[] e, int n, int threads, int leaf, double tolerancePerOrder, string context)
    {
        var values = (double[])d.Clone();
        TridiagonalSplitValues.Values(values, (double[])e.Clone(), n, threads, leaf);
        double norm = 0;
        for (int i = 0; i < n; i++) norm = Math.Max(norm, Math.Abs(d[i]) + (i > 0 ? Math.Abs(e[i - 1]) : 0) + (i < n - 1 ? Math.Abs(e[i]) : 0));
        var reference = TridiagonalSolverTests.BisectionValues(d, e, n, norm);
        for (int j = 0; j < n; j++)
        {
            Assert.True(double.IsFinite(values[j]), $"{context}: λ[{j}] = {values[j]}");
            if (j > 0) Assert.True(values[j - 1] <= values[j], $"{context}: values not ascending at {j}");
            Assert.True(Math.Abs(values[j] - reference[j]) <= tolerancePerOrder * Math.Max(n, 1) * Eps * norm,
                $"{context}: λ[{j}] = {values[j]:R}, bisection {reference[j]:R}");
        }
    }

    [Fact]
    public void AgreesWithBisectionOnEveryFamilyAtEveryTreeDepth()
    {
        int index = 0;
        foreach (int leaf in new[] { 2, 5, 64 })
            foreach (int n in new[] { 0, 1, 2, 3, 4, 7, 31, 64, 65, 129, 300 })
                for (int family = 0; family < TridiagonalFamilies.Count; family++)
                {
                    ulong seed = TestSeed.For(nameof(AgreesWithBisectionOnEveryFamilyAtEveryTreeDepth), index++);
                    var (d, e) = TridiagonalFamilies.Create(family, n, new SeededRandom(seed));
                    CheckAgainstBisection(d, e, n, 1 + index % 3, leaf, 4, $"n={n} leaf={leaf} family={family} ({TestSeed.Describe(seed)})");
                }
    }

    [Property(MaxTest = 40)]
    public Property AgreesWithTheRootFreeQlOnTridiagonalsOfEveryMatrixFamily() => Prop.ForAll(
        (from c in MatrixGenerators.SymmetricCases(160, [1.0, 1e-120, 1e+120])
         from leaf in Gen.Choose(2, 64)
         from threads in Gen.Choose(1, 3)
         select (c, leaf, threads)).ToArbitrary(),
        t =>
        {
            // The tridiagonal of a random symmetric matrix of each generator family (Gaussian, heavy-tailed, repeated
            // eigenvalues, low rank, zero, …) by the one-stage Householder reduction, then both value solvers.
            int n = t.c.Rows;
            var a = MatrixGenerators.SymmetricDouble(t.c);
            var d = new double[n];
            var e = new double[n];
            HouseholderTridiagonalization.Reduce(a, n, d, e, new double[n], 1);
            var values = (double[])d.Clone();
            TridiagonalSplitValues.Values(values, (double[])e.Clone(), n, t.threads, t.leaf);
            var reference = (double[])d.Clone();
            TridiagonalQL.ValuesRootFree(reference, (double[])e.Clone(), n);
            Array.Sort(reference);
            double norm = d.Concat(e).Select(Math.Abs).DefaultIfEmpty(0).Max();
            for (int j = 0; j < n; j++)
                Assert.True(Math.Abs(values[j] - reference[j]) <= 10 * Math.Max(n, 1) * Eps * norm,
                    $"{t.c} leaf={t.leaf} threads={t.threads} ({TestSeed.Describe(t.c.Seed)}): λ[{j}] {values[j]:R} vs QL {reference[j]:R}");
        });

    [Fact]
    public void FindsTheKnownSpectrumOfTheSecondDifferenceMatrix()
    {
        // T = tridiag(1, 0, 1) has eigenvalues 2 cos(kπ/(n+1)), k = 1..n.
        foreach (int n in new[] { 512, 777, 1024 })
        {
            var d = new double[n];
            var e = Enumerable.Range(0, n).Select(i => i < n - 1 ? 1.0 : 0).ToArray();
            TridiagonalSplitValues.Values(d, e, n, 2);
            for (int k = 1; k <= n; k++)
            {
                double expected = 2 * Math.Cos((n + 1 - k) * Math.PI / (n + 1));
                Assert.True(Math.Abs(d[k - 1] - expected) <= 8 * n * Eps, $"n={n} k={k}: {d[k - 1]:R} vs {expected:R}");
            }
        }
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e-150)]
    [InlineData(1e+150)]
    [InlineData(1e+300)]
    public void ExtremeScales(double scale)
    {
        var rng = new SeededRandom(TestSeed.For(nameof(ExtremeScales), (int)Math.Log10(scale)));
        int n = 200;
        var d = Enumerable.Range(0, n).Select(i => scale * (i % 3 + 1e-4 * rng.NextNormal())).ToArray();
        var e = Enumerable.Range(0, n).Select(i => i < n - 1 ? scale * 1e-3 * rng.NextNormal() : 0).ToArray();
        // (Bisection's Sturm pivots square the couplings, which under- or overflow at these scales: the root-free QL,
        // which normalizes first, is the reference here.)
        var values = (double[])d.Clone();
        TridiagonalSplitValues.Values(values, (double[])e.Clone(), n, 2, 16);
        var reference = (double[])d.Clone();
        TridiagonalQL.ValuesRootFree(reference, (double[])e.Clone(), n);
        Array.Sort(reference);
        double norm = d.Concat(e).Max(Math.Abs);
        for (int j = 0; j < n; j++)
            Assert.True(Math.Abs(values[j] - reference[j]) <= 4 * n * Eps * norm, $"scale {scale:R}: λ[{j}] = {values[j]:R}, QL {reference[j]:R}");
    }

    [Theory]
    [InlineData(1e-30)]
    [InlineData(1e-300)]
    public void GradedTridiagonals(double ratio)
    {
        // Entries fall geometrically from 1 to `ratio` down the diagonal (and, reversed, up it): halves of very different
        // size meet at every tear.
        var rng = new SeededRandom(TestSeed.For(nameof(GradedTridiagonals), (int)-Math.Log10(ratio)));
        int n = 257;
        double step = Math.Pow(ratio, 1.0 / (n - 1));
        var d = new double[n];
        var e = new double[n];
        for (int i = 0; i < n; i++)
        {
            d[i] = Math.Pow(step, i) * (0.5 + rng.NextDouble()) * (rng.NextDouble() < 0.3 ? -1 : 1);
            e[i] = i < n - 1 ? Math.Pow(step, i + 0.5) * (0.5 + rng.NextDouble()) : 0;
        }
        CheckAgainstBisection(d, e, n, 2, 8, 4, $"graded to {ratio:R}");
        var dr = d.Reverse().ToArray();
        var er = e.Take(n - 1).Reverse().Append(0).ToArray();
        CheckAgainstBisection(dr, er, n, 2, 8, 4, $"graded to {ratio:R}, reversed");
    }

    [Fact]
    public void SameBitsForEveryThreadCount()
    {
        var rng = new SeededRandom(TestSeed.For(nameof(SameBitsForEveryThreadCount)));
        int n = 1100;
        var d = Enumerable.Range(0, n).Select(_ => rng.NextNormal()).ToArray();
        var e = Enumerable.Range(0, n).Select(i => i < n - 1 ? rng.NextNormal() : 0).ToArray();
        double[] Run(int threads)
        {
            var values = (double[])d.Clone();
            TridiagonalSplitValues.Values(values, (double[])e.Clone(), n, threads);
            return values;
        }
        var one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
        Assert.Equal(one, Run(8));
    }

    [Fact]
    public void QlEndComponentsAreTheEndColumnsOfTheFullEigenvectors()
    {
        // The same rotations reach two columns of Zᵀ or all of it: the values must be the same bits, the end columns equal to
        // rounding; and each
        // reversal case (graded either way) must carry them along.
        var rng = new SeededRandom(TestSeed.For(nameof(QlEndComponentsAreTheEndColumnsOfTheFullEigenvectors)));
        foreach (int n in new[] { 1, 2, 3, 17, 64 })
            foreach (bool graded in new[] { false, true })
            {
                var d = Enumerable.Range(0, n).Select(i => (graded ? Math.Pow(0.5, i) : 1) * rng.NextNormal()).ToArray();
                var e = Enumerable.Range(0, n).Select(i => i < n - 1 ? (graded ? Math.Pow(0.5, i + 0.5) : 1) * rng.NextNormal() : 0).ToArray();
                var dFull = (double[])d.Clone();
                var zt = new double[n * n];
                for (int i = 0; i < n; i++) zt[i * n + i] = 1;
                TridiagonalQL.ValuesAndVectors(dFull, (double[])e.Clone(), n, zt, 1);
                var dEnds = (double[])d.Clone();
                var first = new double[n];
                var last = new double[n];
                first[0] = 1;
                last[n - 1] = 1;
                TridiagonalQL.ValuesAndEndComponents(dEnds, (double[])e.Clone(), n, first, last);
                Assert.Equal(dFull, dEnds);
                // (The full path rotates rows with SIMD FMAs, the end path with scalar products: equal to rounding.)
                for (int j = 0; j < n; j++)
                {
                    Assert.True(Math.Abs(zt[j * n] - first[j]) <= 4 * n * Eps, $"n={n} graded={graded}: first[{j}] {first[j]:R} vs {zt[j * n]:R}");
                    Assert.True(Math.Abs(zt[j * n + n - 1] - last[j]) <= 4 * n * Eps, $"n={n} graded={graded}: last[{j}] {last[j]:R} vs {zt[j * n + n - 1]:R}");
                }
            }
    }
}

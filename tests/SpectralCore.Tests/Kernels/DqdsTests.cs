using Xunit;
using Xunit.Abstractions;
using SpectralCore.Kernels.Svd;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>
/// dqds singular values of bidiagonals against bidiagonal QR (norm-wise accurate) and against matrices whose
/// singular values are known to high relative accuracy (graded diagonals, where QR would lose the small ones).
/// </summary>
public class DqdsTests(ITestOutputHelper output)
{
    private const double Eps = 2.220446049250313e-16;

    private static double[] Sorted(double[] x)
    {
        var copy = (double[])x.Clone();
        Array.Sort(copy);
        return copy;
    }

    [Fact]
    public void AgreesWithBidiagonalQrOnRandomBidiagonals()
    {
        for (int t = 0; t < 300; t++)
        {
            ulong seed = TestSeed.For(nameof(AgreesWithBidiagonalQrOnRandomBidiagonals), t);
            var rng = new SeededRandom(seed);
            int n = t < 60 ? t : 1 + rng.NextInt(t % 10 == 0 ? 400 : 80);
            var d = new double[n];
            var e = new double[n];
            for (int i = 0; i < n; i++)
            {
                d[i] = rng.NextNormal();
                e[i] = i < n - 1 ? rng.NextNormal() : 0;
                // Families: exact zeros on the diagonal or off it, tiny couplings, repeated values.
                if (t % 7 == 1 && rng.NextInt(5) == 0) d[i] = 0;
                if (t % 7 == 2 && rng.NextInt(4) == 0) e[i] = 0;
                if (t % 7 == 3) e[i] *= 1e-9;
                if (t % 7 == 4) d[i] = 1 + (i % 2);
                if (t % 7 == 5) { d[i] *= 1e-200; e[i] *= 1e-200; }
            }
            var d1 = (double[])d.Clone();
            var e1 = (double[])e.Clone();
            Dqds.Values(d1, e1, n);
            var d2 = (double[])d.Clone();
            var e2 = (double[])e.Clone();
            BidiagonalQR.Solve(d2, e2, n, null, 0, null, 0);
            double norm = 0;
            for (int i = 0; i < n; i++) norm = Math.Max(norm, Math.Abs(d[i]) + Math.Abs(e[i]));
            var s1 = Sorted(d1);
            var s2 = Sorted(d2.Select(Math.Abs).ToArray());
            for (int i = 0; i < n; i++)
            {
                Assert.True(s1[i] >= 0, $"{TestSeed.Describe(seed)} n={n}: negative σ {s1[i]:R}");
                Assert.True(Math.Abs(s1[i] - s2[i]) <= 8 * Math.Max(n, 1) * Eps * norm,
                    $"{TestSeed.Describe(seed)} n={n}: σ[{i}] dqds {s1[i]:R} vs QR {s2[i]:R}");
            }
        }
    }

    [Fact]
    public void GradedBidiagonalsKeepTheirSmallSingularValuesToRelativeAccuracy()
    {
        // B = D·(I + N) with D = diag(10^{-k}) graded over 200 decades and N a small nilpotent coupling: relative
        // perturbation theory (Demmel–Kahan) makes σ_i = d_i (1 + O(n·0.01)) and dqds must find each to high
        // relative accuracy; checked against the same matrix solved with the coupling scaled by t → 0.
        int n = 40;
        var d = new double[n];
        var e = new double[n];
        for (int i = 0; i < n; i++)
        {
            d[i] = Math.Pow(10, -5.0 * i);
            e[i] = i < n - 1 ? 1e-3 * d[i + 1] : 0;
        }
        var s = (double[])d.Clone();
        Dqds.Values(s, (double[])e.Clone(), n);
        var sorted = Sorted(s);
        var expected = Sorted(d);
        for (int i = 0; i < n; i++)
            Assert.True(Math.Abs(sorted[i] - expected[i]) <= 1e-5 * expected[i], $"σ[{i}] {sorted[i]:R} vs ≈ {expected[i]:R}");
        // The product of singular values is |det B| = Π|d_i| exactly (to rounding): a sharp relative check.
        double logDet = d.Sum(x => Math.Log(Math.Abs(x)));
        double logProduct = s.Sum(Math.Log);
        Assert.True(Math.Abs(logDet - logProduct) <= 100 * n * Eps * Math.Abs(logDet) + 1e-12, $"log Πσ {logProduct:R} vs log|det| {logDet:R}");
    }

    [Theory]
    [InlineData(MatrixKind.Gaussian)]
    [InlineData(MatrixKind.StudentT1_5)]
    [InlineData(MatrixKind.LowRankPlusNoise)]
    public void ShiftsKeepThePassesPerValueFew(MatrixKind kind)
    {
        // The bidiagonal of a real 600×300 matrix (the route's actual input); with working shifts dqds needs a
        // handful of passes per value (measured ≈ 5.5), a zero-shift-only iteration needs hundreds.
        var c = new MatrixCase(kind, 600, 300, TestSeed.For(nameof(ShiftsKeepThePassesPerValueFew), (int)kind));
        var a = MatrixGenerators.GeneralDouble(c);
        int n = c.Columns;
        var d = new double[n];
        var e = new double[n];
        GolubKahanBidiagonalization.Reduce(a, c.Rows, n, d, e, new double[n], new double[n], 1);
        var reference = (double[])d.Clone();
        BidiagonalQR.Solve(reference, (double[])e.Clone(), n, null, 0, null, 0);
        Dqds.Values(d, e, n, out long passes);
        output.WriteLine($"{c}: {passes} passes for {n} values");
        Assert.True(passes <= 8 * n, $"{c} ({TestSeed.Describe(c.Seed)}): {passes} passes for {n} values");
        var s1 = Sorted(d);
        var s2 = Sorted(reference.Select(Math.Abs).ToArray());
        for (int i = 0; i < n; i++)
            Assert.True(Math.Abs(s1[i] - s2[i]) <= 8 * n * Eps * s2[^1], $"{c}: σ[{i}] {s1[i]:R} vs {s2[i]:R}");
    }

    [Fact]
    public void NearlyRepeatedSingularValuesConverge()
    {
        // Regression: a float32-rounded 2×38 matrix with (nearly) equal singular values gave a bidiagonal whose
        // bottom eigenvalue sat ~3e7·e_last below dmin, and the near-convergence shift kept being rejected.
        var repro = new MatrixCase(MatrixKind.RepeatedEigenvalues, 2, 38, 0x4DB73623212B3523, 1e-18);
        var managed = new ManagedBackend(new SpectralOptions { MaxDegreeOfParallelism = 1 });
        Assert.Equal(2, managed.Svd(repro.GeneralView<float>(), SvdOptions.ValuesOnly).SingularValues.Length);
        // A sweep of the families with repeated or clustered singular values, float32-rounded and not.
        int index = 0;
        foreach (var kind in new[] { MatrixKind.RepeatedEigenvalues, MatrixKind.Diagonal, MatrixKind.LowRankPlusNoise, MatrixKind.Wishart })
            for (int t = 0; t < 60; t++)
            {
                var rng = new SeededRandom(TestSeed.For(nameof(NearlyRepeatedSingularValuesConverge), index));
                int rows = 1 + rng.NextInt(40), cols = 1 + rng.NextInt(40);
                var c = new MatrixCase(kind, rows, cols, TestSeed.For(nameof(NearlyRepeatedSingularValuesConverge), index++), t % 3 == 0 ? 1e-18 : 1);
                var single = managed.Svd(c.GeneralView<float>(), SvdOptions.ValuesOnly).SingularValues;
                var exact = managed.Svd(c.GeneralView<double>(), SvdOptions.ValuesOnly).SingularValues;
                var reference = managed.Svd(c.GeneralView<double>(), SvdOptions.WithVectors).SingularValues; // bidiagonal QR
                for (int i = 0; i < exact.Length; i++)
                    Assert.True(Math.Abs(exact[i] - reference[i]) <= 8 * Math.Max(rows, cols) * Eps * reference[0],
                        $"{c} ({TestSeed.Describe(c.Seed)}): σ[{i}] dqds {exact[i]:R} vs QR {reference[i]:R}");
                Assert.Equal(exact.Length, single.Length);
            }
    }
}

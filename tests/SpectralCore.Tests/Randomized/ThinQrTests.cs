using FsCheck.Xunit;
using SpectralCore.Randomized;
using Xunit;

namespace SpectralCore.Tests.Randomized;

public sealed class ThinQrTests
{
    /// <summary>Q has orthonormal columns and Q·R reproduces Y, for well-conditioned, ill-conditioned and rank-deficient Y.</summary>
    [Property(MaxTest = 30)]
    public void OrthonormalAndReproducesInput(int seed)
    {
        seed += TestMatrices.SeedOffset;
        var random = new Random(seed);
        int m = random.Next(2, 400), l = random.Next(1, Math.Min(m, 40) + 1);
        int kind = random.Next(3); // 0: Gaussian, 1: cond 1e12 (Householder fallback), 2: rank deficient
        var sigma = new double[l];
        for (int i = 0; i < l; i++) sigma[i] = kind switch { 0 => 1 + i, 1 => Math.Pow(1e-12, i / Math.Max(1.0, l - 1)), _ => i < l / 2 ? 1 : 0 };
        var y = TestMatrices.WithSpectrum(m, l, sigma, random);
        var q = (double[])y.Clone();
        var (r, method) = ThinQr.Orthonormalize(q, m, l, 2);
        if (kind == 1 && l > 2) Assert.Equal(ThinQrMethod.Householder, method);
        if (kind == 0) Assert.Equal(ThinQrMethod.CholeskyQr2, method);
        double scale = sigma.Max();
        for (int a = 0; a < l; a++)
            for (int b = 0; b < l; b++)
            {
                double dot = 0, qr = 0;
                for (int i = 0; i < m; i++) dot += q[i * l + a] * q[i * l + b];
                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) < 1e-13 * Math.Sqrt(m), $"seed={seed} {m}×{l} kind={kind} {method}: QᵀQ[{a},{b}] = {dot:R}");
                if (b < a) Assert.Equal(0, r[a * l + b]);
                for (int i = 0; i < Math.Min(m, 5); i++)
                {
                    qr = 0;
                    for (int c = 0; c < l; c++) qr += q[i * l + c] * r[c * l + b];
                    Assert.True(Math.Abs(qr - y[i * l + b]) <= 1e-13 * scale * Math.Sqrt(l), $"seed={seed} {method}: (QR)[{i},{b}] = {qr:R} vs {y[i * l + b]:R}");
                }
            }
    }

    /// <summary>
    /// Many row chunks (the in-place Y·R⁻¹ passes and the fused second Gram): orthonormal, Q·R = Y, the same bits on
    /// one and two threads, also when the first pass leaves Q₁ too far from orthonormal and the original Y must be
    /// restored for the Householder fallback.
    /// </summary>
    [Theory]
    [InlineData(1e3, false)]
    [InlineData(3e8, true)]  // the first Cholesky succeeds, Q₁ is far from orthonormal: Y restored, then Householder
    [InlineData(1e11, true)] // the first Cholesky fails
    public void ManyChunksAreThreadCountIndependent(double condition, bool expectHouseholder)
    {
        int m = 5000, l = 24;
        var y = TestMatrices.GradedColumns(m, l, condition, new Random(57 + TestMatrices.SeedOffset));
        var one = (double[])y.Clone();
        var two = (double[])y.Clone();
        var (r1, method1) = ThinQr.Orthonormalize(one, m, l, 1);
        var (r2, method2) = ThinQr.Orthonormalize(two, m, l, 2);
        Assert.Equal(expectHouseholder ? ThinQrMethod.Householder : ThinQrMethod.CholeskyQr2, method1);
        Assert.Equal(method1, method2);
        Assert.Equal(one, two);
        Assert.Equal(r1, r2);
        for (int a = 0; a < l; a++)
            for (int b = 0; b < l; b++)
            {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += one[i * l + a] * one[i * l + b];
                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) < 1e-12, $"cond {condition}: QᵀQ[{a},{b}] = {dot:R}");
            }
        for (int i = 0; i < m; i += 97)
            for (int b = 0; b < l; b++)
            {
                double qr = 0;
                for (int c = 0; c < l; c++) qr += one[i * l + c] * r1[c * l + b];
                Assert.True(Math.Abs(qr - y[i * l + b]) <= 1e-13 * Math.Sqrt(l), $"cond {condition}: (QR)[{i},{b}] = {qr:R} vs {y[i * l + b]:R}");
            }
    }

    [Fact]
    public void Float32UsesFloat64Gram()
    {
        var random = new Random(4 + TestMatrices.SeedOffset);
        int m = 500, l = 30;
        var sigma = Enumerable.Range(0, l).Select(i => Math.Pow(1e-3, i / (l - 1.0))).ToArray();
        var y = TestMatrices.ToFloat(TestMatrices.WithSpectrum(m, l, sigma, random));
        ThinQr.Orthonormalize(y, m, l, 1);
        for (int a = 0; a < l; a++)
        {
            double dot = 0;
            for (int i = 0; i < m; i++) dot += (double)y[i * l + a] * y[i * l + a];
            Assert.InRange(dot, 1 - 1e-5, 1 + 1e-5);
        }
    }
}

public sealed class ThinQrConditionTests
{
    [Theory]
    [InlineData(1e2, 0)]
    [InlineData(1e4, 0)]
    [InlineData(1e12, 1)]
    public void IntermediateBasisIsWellConditionedAndSpansY(double condition, int expectFallback)
    {
        int m = 300, l = 20;
        var y = TestMatrices.GradedColumns(m, l, condition, new Random(31 + TestMatrices.SeedOffset));
        var q = (double[])y.Clone();
        var method = ThinQr.Condition(q, m, l, 1);
        Assert.Equal(expectFallback == 1, method != ThinQrMethod.CholeskyQr);
        double worst = 0;
        for (int a = 0; a < l; a++)
            for (int b = 0; b < l; b++)
            {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += q[i * l + a] * q[i * l + b];
                worst = Math.Max(worst, Math.Abs(dot - (a == b ? 1 : 0)));
            }
        Assert.True(worst < 1e-6, $"cond {condition}: ‖QᵀQ − I‖max = {worst:G3} ({method})");
        // Same span: Y − Q(QᵀY) vanishes.
        var c = new double[l * l];
        for (int a = 0; a < l; a++)
            for (int b = 0; b < l; b++)
                for (int i = 0; i < m; i++) c[a * l + b] += q[i * l + a] * y[i * l + b];
        for (int i = 0; i < m; i++)
            for (int b = 0; b < l; b++)
            {
                double back = 0;
                for (int a = 0; a < l; a++) back += q[i * l + a] * c[a * l + b];
                Assert.True(Math.Abs(back - y[i * l + b]) < 1e-10, $"cond {condition}: span residual at ({i},{b})");
            }
    }
}

using FsCheck.Xunit;
using SpectralCore.Randomized;
using Xunit;

namespace SpectralCore.Tests.Randomized;

public sealed class SmallDenseTests
{
    [Property(MaxTest = 30)]
    public void JacobiSvdRecoversKnownSpectrum(int seed)
    {
        seed += TestMatrices.SeedOffset;
        var random = new Random(seed);
        int n = random.Next(1, 40), m = n + random.Next(0, 20);
        var kind = (SpectrumKind)random.Next(4);
        var sigma = TestMatrices.Spectrum(kind, n, lowRank: Math.Max(1, n / 3));
        var a = TestMatrices.WithSpectrum(m, n, sigma, random);
        var (s, u, v) = SmallDense.Svd(a, m, n);
        for (int j = 0; j < n; j++) Assert.True(Math.Abs(s[j] - sigma[j]) <= 1e-13 * sigma[0] * n, $"seed={seed} {kind}: s[{j}] = {s[j]:R} vs {sigma[j]:R}");
        for (int i = 0; i < m; i++)
            for (int c = 0; c < n; c++)
            {
                double back = 0;
                for (int j = 0; j < n; j++) back += u[i * n + j] * s[j] * v[c * n + j];
                Assert.True(Math.Abs(back - a[i * n + c]) <= 1e-13 * sigma[0] * n, $"seed={seed}: reconstruction ({i},{c})");
            }
        for (int x = 0; x < n; x++)
            for (int y = 0; y < n; y++)
            {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += u[i * n + x] * u[i * n + y];
                Assert.True(Math.Abs(dot - (x == y ? 1 : 0)) < 1e-12, $"seed={seed}: UᵀU[{x},{y}] = {dot:R}");
            }
    }

    [Property(MaxTest = 30)]
    public void JacobiEigenRecoversKnownSpectrum(int seed)
    {
        seed += TestMatrices.SeedOffset;
        var random = new Random(seed);
        int n = random.Next(1, 40);
        var lambda = Enumerable.Range(0, n).Select(_ => TestMatrices.Gaussian(random) * 5).OrderBy(x => x).ToArray();
        var q = TestMatrices.RandomOrthonormal(n, n, random);
        var a = TestMatrices.ToRowMajor(q * MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfDiagonalArray(lambda) * q.Transpose());
        var (values, vectors) = SmallDense.SymmetricEigen(a, n);
        double scale = lambda.Max(Math.Abs);
        for (int j = 0; j < n; j++) Assert.True(Math.Abs(values[j] - lambda[j]) <= 1e-13 * scale * n, $"seed={seed}: λ[{j}] = {values[j]:R} vs {lambda[j]:R}");
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
            {
                double av = 0;
                for (int c = 0; c < n; c++) av += a[i * n + c] * vectors[c * n + j];
                Assert.True(Math.Abs(av - values[j] * vectors[i * n + j]) <= 1e-12 * scale * n, $"seed={seed}: residual ({i},{j})");
            }
    }
}

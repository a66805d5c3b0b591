using Xunit;
using SpectralCore.Kernels.Svd;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>
/// The fused one-pass Golub–Kahan reduction against its defining properties: A = U B Vᵀ with U, V orthogonal and
/// B upper bidiagonal, on shapes that exercise one and several row chunks, zero columns and rows (τ = 0 steps),
/// repeated columns (rank deficiency), and 1 or 2 threads.
/// </summary>
public class BidiagonalizationTests
{
    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(5, 1, 0)]
    [InlineData(2, 2, 0)]
    [InlineData(7, 7, 0)]
    [InlineData(300, 40, 0)]
    [InlineData(41, 40, 1)]
    [InlineData(520, 520, 0)]
    [InlineData(700, 513, 1)]
    [InlineData(260, 200, 2)]
    public void ReconstructsTheMatrixWithOrthogonalFactors(int m, int n, int structure)
    {
        ulong seed = TestSeed.For(nameof(ReconstructsTheMatrixWithOrthogonalFactors), m * 1000 + n + structure);
        var rng = new SeededRandom(seed);
        var a0 = Enumerable.Range(0, m * n).Select(_ => rng.NextNormal()).ToArray();
        if (structure == 1)
            for (int i = 0; i < m; i++) { a0[i * n + n / 2] = 0; a0[i * n + n - 1] = a0[i * n]; } // a zero and a repeated column
        if (structure == 2)
            for (int j = 0; j < n; j++) a0[(m / 3) * n + j] = 0; // a zero row
        double norm = Math.Sqrt(a0.Sum(x => x * x));
        foreach (int threads in new[] { 1, 2 })
        {
            var a = (double[])a0.Clone();
            var d = new double[n];
            var e = new double[n];
            var tauq = new double[n];
            var taup = new double[n];
            GolubKahanBidiagonalization.Reduce(a, m, n, d, e, tauq, taup, threads);
            var ut = GolubKahanBidiagonalization.FormUTransposed(a, m, n, tauq, threads); // n×m
            var vt = GolubKahanBidiagonalization.FormVTransposed(a, n, taup, threads);    // n×n
            Assert.Equal(0.0, e[n - 1]);
            // A = U B Vᵀ: A[i, j] = Σ_k U[i, k] (d_k V[j, k] + e_k V[j, k+1]).
            double worst = 0;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (int k = 0; k < n; k++)
                    {
                        double bv = d[k] * vt[k * n + j] + (k + 1 < n ? e[k] * vt[(k + 1) * n + j] : 0);
                        sum += ut[(long)k * m + i] * bv;
                    }
                    worst = Math.Max(worst, Math.Abs(sum - a0[i * n + j]));
                }
            Assert.True(worst <= 50 * n * 2.2e-16 * norm, $"{m}×{n} s={structure} threads={threads} ({TestSeed.Describe(seed)}): max |A − UBVᵀ| = {worst:E3}, ‖A‖F = {norm:E3}");
            double orthogonality = 0;
            for (int p = 0; p < n; p++)
                for (int q = p; q < n; q++)
                {
                    double uu = 0, vv = 0;
                    for (int i = 0; i < m; i++) uu += ut[(long)p * m + i] * ut[(long)q * m + i];
                    for (int j = 0; j < n; j++) vv += vt[p * n + j] * vt[q * n + j];
                    double target = p == q ? 1 : 0;
                    orthogonality = Math.Max(orthogonality, Math.Max(Math.Abs(uu - target), Math.Abs(vv - target)));
                }
            Assert.True(orthogonality <= 50 * n * 2.2e-16, $"{m}×{n} s={structure} threads={threads}: orthogonality loss {orthogonality:E3}");
        }
    }
}

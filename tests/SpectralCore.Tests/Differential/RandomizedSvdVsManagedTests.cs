using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using SpectralCore.Interop;
using SpectralCore.Tests.Infrastructure;
using Xunit;

namespace SpectralCore.Tests.Differential;

/// <summary>
/// LAPACK's randomized SVD (spectral_gesvdr) against the managed full SVD on the shared generator families:
/// with a sketch as wide as min(m, n) it must reproduce the top singular values to rounding; with a narrow
/// sketch its values are Ritz values of a projection, so never above the true ones (beyond rounding); on
/// low-rank-plus-noise matrices with k = the signal rank, two power iterations get within the noise level.
/// </summary>
public sealed class RandomizedSvdVsManagedTests
{
    private static LapackBackend CreateLapack()
    {
        Skip.IfNot(NativeLibraryLoader.IsAvailable, $"differential tests skipped: libspectral not loaded ({NativeLibraryLoader.Status.Problem})");
        var probe = NativeContext.Query(Backend.Lapack);
        Skip.If(probe is null || !probe.Available, $"differential tests skipped: LAPACK unavailable ({probe?.Reason})");
        return new LapackBackend();
    }

    private static void Check<T>(LapackBackend lapack, ManagedBackend managed, MatrixCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = c.Rows, n = c.Columns, min = Math.Min(m, n);
        if (min == 0) return;
        var data = c.General<T>();
        var view = (c.Seed & 2) == 0
            ? MatrixView<T>.RowMajor(data, m, n)
            : MatrixView<T>.ColumnMajor(MatrixView<T>.RowMajor(data, m, n).ToColumnMajorArray(), m, n);
        var exact = BackendAgreement.ToDouble(managed.Svd(view, new SvdOptions { Method = SvdMethod.Bidiagonal }).SingularValues);
        double norm = BackendAgreement.Frobenius(BackendAgreement.ToDouble(data));
        double eps = BackendAgreement.Epsilon<T>(), tolerance = 50 * Math.Max(m, n) * eps * norm;
        string context = $"rsvd<{typeof(T).Name}> on {c} ({TestSeed.Describe(c.Seed)})";
        int k = 1 + (int)(c.Seed % (ulong)min);

        // Full-width sketch: exact up to rounding.
        var full = lapack.RandomizedSvd(view, k, oversample: min - k, powerIterations: 1, seed: c.Seed, computeVectors: false);
        for (int i = 0; i < k; i++)
            Assert.True(Math.Abs(double.CreateTruncating(full.SingularValues[i]) - exact[i]) <= tolerance,
                $"{context}, k={k}, full sketch: σ̂[{i}] {full.SingularValues[i]} vs σ[{i}] {exact[i]:R} (tolerance {tolerance:E3})");

        // Narrow sketch: Ritz values never exceed the true singular values.
        int p = Math.Min(2, min - k);
        var narrow = lapack.RandomizedSvd(view, k, oversample: p, powerIterations: 2, seed: c.Seed ^ 0x55, computeVectors: true);
        for (int i = 0; i < k; i++)
            Assert.True(double.CreateTruncating(narrow.SingularValues[i]) <= exact[i] + tolerance,
                $"{context}, k={k}, p={p}: Ritz value σ̂[{i}] {narrow.SingularValues[i]} exceeds σ[{i}] {exact[i]:R}");
        // Its vectors are orthonormal.
        var u = narrow.U!;
        for (int a = 0; a < k; a++)
            for (int b = 0; b <= a; b++)
            {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += double.CreateTruncating(u[i, a]) * double.CreateTruncating(u[i, b]);
                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) <= 100 * m * eps, $"{context}: UᵀU[{a},{b}] = {dot}");
            }

        if (c.Kind == MatrixKind.LowRankPlusNoise && c.Scale == 1.0)
        {
            int rank = Math.Max(1, min / 8);
            if (rank + 2 > min) return;
            var signal = lapack.RandomizedSvd(view, rank, oversample: 2, powerIterations: 2, seed: c.Seed, computeVectors: false);
            double noise = exact.Length > rank ? exact[rank] : 0;
            for (int i = 0; i < rank; i++)
                Assert.True(Math.Abs(double.CreateTruncating(signal.SingularValues[i]) - exact[i]) <= 2 * noise + tolerance,
                    $"{context}: signal σ̂[{i}] {signal.SingularValues[i]} vs σ[{i}] {exact[i]:R}, noise level {noise:E3}");
        }
    }

    [SkippableFact]
    public void RandomizedSvdDoubleAgreesWithTheManagedSvd()
    {
        using var lapack = CreateLapack();
        var managed = new ManagedBackend();
        Prop.ForAll(MatrixGenerators.GeneralCases(40, 40, MatrixGenerators.DoubleScales).ToArbitrary(), c => Check<double>(lapack, managed, c))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    [SkippableFact]
    public void RandomizedSvdFloatAgreesWithTheManagedSvd()
    {
        using var lapack = CreateLapack();
        var managed = new ManagedBackend();
        Prop.ForAll(MatrixGenerators.GeneralCases(40, 40, MatrixGenerators.SingleScales).ToArbitrary(), c => Check<float>(lapack, managed, c))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }
}

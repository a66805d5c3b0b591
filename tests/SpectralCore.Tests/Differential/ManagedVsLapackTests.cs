using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using SpectralCore.Interop;
using SpectralCore.Tests.Infrastructure;
using Xunit;

namespace SpectralCore.Tests.Differential;

/// <summary>
/// Differential properties: the managed kernels and LAPACK (through libspectral) must agree on eigenvalues,
/// singular values and their subspaces within norm-scaled tolerances (see <see cref="BackendAgreement"/>),
/// in float32 and float64, single and batched, on the shared generator families (Gaussian, Wishart,
/// heavy-tailed, low-rank, repeated eigenvalues, diagonal, zero; sizes 0..40; scales 1e±150 / 1e±18).
/// Failures print the matrix case (family, shape, seed, scale) and the base seed (SPECTRAL_TEST_SEED).
/// Skipped, with the reason, where LAPACK is not available.
/// </summary>
public sealed class ManagedVsLapackTests
{
    private const int MaxSize = 40;

    private static LapackBackend CreateLapack()
    {
        Skip.IfNot(NativeLibraryLoader.IsAvailable, $"differential tests skipped: libspectral not loaded ({NativeLibraryLoader.Status.Problem})");
        var probe = NativeContext.Query(Backend.Lapack);
        Skip.If(probe is null || !probe.Available, $"differential tests skipped: LAPACK unavailable ({probe?.Reason})");
        return new LapackBackend();
    }

    private static string Describe(MatrixCase c, string what) => $"{what} on {c} ({TestSeed.Describe(c.Seed)})";

    private static void Run(Gen<MatrixCase> cases, int count, Action<MatrixCase> check) =>
        Prop.ForAll(cases.ToArbitrary(), check).Check(Config.QuickThrowOnFailure.WithMaxTest(count));

    private static void EigenAgrees<T>(LapackBackend lapack, ManagedBackend managed, MatrixCase c, bool vectors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = c.Symmetric<T>();
        var view = MatrixView<T>.RowMajor(data, c.Rows, c.Columns);
        var options = new EigenOptions { ComputeVectors = vectors };
        var expected = managed.EigenSymmetric(view, options);
        var actual = lapack.EigenSymmetric(view, options);
        Assert.Equal(Backend.Lapack, actual.Backend);
        BackendAgreement.Eigen(expected, actual, BackendAgreement.Frobenius(BackendAgreement.ToDouble(data)), c.Rows, Describe(c, $"eigen<{typeof(T).Name}>"));
    }

    private static void SvdAgrees<T>(LapackBackend lapack, ManagedBackend managed, MatrixCase c, bool vectors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = c.General<T>();
        // Column-major half the time (seed parity), so both layout paths of the native marshalling are covered.
        var view = (c.Seed & 1) == 0
            ? MatrixView<T>.RowMajor(data, c.Rows, c.Columns)
            : MatrixView<T>.ColumnMajor(MatrixView<T>.RowMajor(data, c.Rows, c.Columns).ToColumnMajorArray(), c.Rows, c.Columns);
        var options = new SvdOptions { ComputeVectors = vectors, Method = SvdMethod.Bidiagonal };
        var expected = managed.Svd(view, options);
        var actual = lapack.Svd(view, options);
        BackendAgreement.Svd(expected, actual, BackendAgreement.Frobenius(BackendAgreement.ToDouble(data)), c.Rows, c.Columns, Describe(c, $"svd<{typeof(T).Name}>"));
    }

    [SkippableFact]
    public void EigenDoubleAgrees()
    {
        using var lapack = CreateLapack();
        var managed = new ManagedBackend();
        Run(MatrixGenerators.SymmetricCases(MaxSize, MatrixGenerators.DoubleScales), 60, c => EigenAgrees<double>(lapack, managed, c, vectors: true));
    }

    [SkippableFact]
    public void EigenFloatAgrees()
    {
        using var lapack = CreateLapack();
        var managed = new ManagedBackend();
        Run(MatrixGenerators.SymmetricCases(MaxSize, MatrixGenerators.SingleScales), 60, c => EigenAgrees<float>(lapack, managed, c, vectors: true));
    }

    [SkippableFact]
    public void LargerEigenproblemsAgree()
    {
        // Orders past the managed kernels' small-matrix paths (blocked reduction, inverse iteration for vectors).
        using var lapack = CreateLapack();
        var managed = new ManagedBackend();
        var cases = from c in MatrixGenerators.SymmetricCases(1, MatrixGenerators.DoubleScales)
                    from n in Gen.Choose(120, 220)
                    select c with { Rows = n, Columns = n };
        Run(cases, 8, c => EigenAgrees<double>(lapack, managed, c, vectors: true));
        Run(cases.Select(c => c with { Scale = 1.0 }), 4, c => EigenAgrees<float>(lapack, managed, c, vectors: true));
    }

    [SkippableFact]
    public void LargerSvdsAgree()
    {
        using var lapack = CreateLapack();
        var managed = new ManagedBackend();
        var cases = from c in MatrixGenerators.GeneralCases(1, 1, MatrixGenerators.DoubleScales)
                    from m in Gen.Choose(100, 200)
                    from n in Gen.Choose(100, 200)
                    select c with { Rows = m, Columns = n };
        Run(cases, 6, c => SvdAgrees<double>(lapack, managed, c, vectors: true));
        Run(cases, 6, c => SvdAgrees<double>(lapack, managed, c, vectors: false));
    }

    [SkippableFact]
    public void EigenvaluesOnlyAgree()
    {
        using var lapack = CreateLapack();
        var managed = new ManagedBackend();
        Run(MatrixGenerators.SymmetricCases(MaxSize, MatrixGenerators.DoubleScales), 40, c => EigenAgrees<double>(lapack, managed, c, vectors: false));
        Run(MatrixGenerators.SymmetricCases(MaxSize, MatrixGenerators.SingleScales), 40, c => EigenAgrees<float>(lapack, managed, c, vectors: false));
    }

    [SkippableFact]
    public void SvdDoubleAgrees()
    {
        using var lapack = CreateLapack();
        var managed = new ManagedBackend();
        Run(MatrixGenerators.GeneralCases(MaxSize, MaxSize, MatrixGenerators.DoubleScales), 60, c => SvdAgrees<double>(lapack, managed, c, vectors: true));
    }

    [SkippableFact]
    public void SvdFloatAgrees()
    {
        using var lapack = CreateLapack();
        var managed = new ManagedBackend();
        Run(MatrixGenerators.GeneralCases(MaxSize, MaxSize, MatrixGenerators.SingleScales), 60, c => SvdAgrees<float>(lapack, managed, c, vectors: true));
    }

    [SkippableFact]
    public void SingularValuesOnlyAgree()
    {
        using var lapack = CreateLapack();
        var managed = new ManagedBackend();
        Run(MatrixGenerators.GeneralCases(MaxSize, MaxSize, MatrixGenerators.DoubleScales), 40, c => SvdAgrees<double>(lapack, managed, c, vectors: false));
        Run(MatrixGenerators.GeneralCases(MaxSize, MaxSize, MatrixGenerators.SingleScales), 40, c => SvdAgrees<float>(lapack, managed, c, vectors: false));
    }

    private static void BatchesAgree<T>(IReadOnlyList<double> scales) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var lapack = CreateLapack();
        var managed = new ManagedBackend();
        var batches = Gen.ListOf(MatrixGenerators.SymmetricCases(24, scales)).Select(l => l.Take(12).ToList());
        Prop.ForAll(batches.ToArbitrary(), cases =>
        {
            var data = cases.Select(c => c.Symmetric<T>()).ToList();
            var views = cases.Select((c, i) => MatrixView<T>.RowMajor(data[i], c.Rows, c.Columns)).ToList();
            var expected = managed.EigenSymmetricBatch(views, EigenOptions.WithVectors);
            var actual = lapack.EigenSymmetricBatch(views, EigenOptions.WithVectors);
            for (int i = 0; i < cases.Count; i++)
                BackendAgreement.Eigen(expected[i], actual[i], BackendAgreement.Frobenius(BackendAgreement.ToDouble(data[i])), cases[i].Rows,
                    Describe(cases[i], $"batched eigen<{typeof(T).Name}> item {i} of {cases.Count}"));
            var general = cases.Select(c => c with { Columns = Math.Max(0, c.Rows - (int)(c.Seed % 5)) }).ToList();
            var gdata = general.Select(c => c.General<T>()).ToList();
            var gviews = general.Select((c, i) => MatrixView<T>.RowMajor(gdata[i], c.Rows, c.Columns)).ToList();
            var sExpected = managed.SvdBatch(gviews, SvdOptions.WithVectors);
            var sActual = lapack.SvdBatch(gviews, SvdOptions.WithVectors);
            for (int i = 0; i < general.Count; i++)
                BackendAgreement.Svd(sExpected[i], sActual[i], BackendAgreement.Frobenius(BackendAgreement.ToDouble(gdata[i])), general[i].Rows, general[i].Columns,
                    Describe(general[i], $"batched svd<{typeof(T).Name}> item {i} of {general.Count}"));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(15));
    }

    [SkippableFact]
    public void BatchesAgreeDouble() => BatchesAgree<double>(MatrixGenerators.DoubleScales);

    [SkippableFact]
    public void BatchesAgreeFloat() => BatchesAgree<float>(MatrixGenerators.SingleScales);
}

using Xunit;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>Batches: per-matrix results equal one-by-one solves; one bad matrix does not fail the batch.</summary>
public class BatchTests
{
    private static readonly ManagedBackend Backend = new(new SpectralOptions { MaxDegreeOfParallelism = 2 });

    private static List<MatrixCase> MixedCases()
    {
        var cases = new List<MatrixCase>();
        int index = 0;
        // Many same-size matrices (the SIMD-across-matrices path) plus odd sizes and a few singles.
        foreach (int n in new[] { 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 5, 5, 5, 1, 0, 2, 17, 17, 17, 17, 17, 17, 17, 17, 17, 40, 3 })
            cases.Add(new MatrixCase(MatrixGenerators.AllKinds[index % MatrixGenerators.AllKinds.Count], n, n, TestSeed.For("batch", index++), index % 7 == 0 ? 1e-150 : 1.0));
        return cases;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BatchedEqualsOneByOne(bool vectors)
    {
        var cases = MixedCases();
        var views = cases.Select(c => c.SymmetricView<double>()).ToList();
        var options = vectors ? EigenOptions.WithVectors : EigenOptions.ValuesOnly;
        var batch = Backend.EigenSymmetricBatch(views, options);
        Assert.Equal(SpectralCore.Backend.Managed, batch.Backend);
        Assert.True(batch.AllSucceeded);
        // Same-size groups go through the SIMD-across-matrices path.
        Assert.StartsWith("batched: SIMD-across-matrices", batch[0].Algorithm);
        for (int i = 0; i < cases.Count; i++)
        {
            var single = Backend.EigenSymmetric(views[i], options);
            var a = cases[i].Symmetric<double>();
            double norm = SpectralChecks.Frobenius(a);
            int n = cases[i].Rows;
            for (int j = 0; j < n; j++)
                Assert.True(Math.Abs(batch[i].Values[j] - single.Values[j]) <= 10 * n * Math.Pow(2, -52) * norm + 1e-300,
                    $"{cases[i]}: λ[{j}] batched {batch[i].Values[j]:R} vs single {single.Values[j]:R}");
            SpectralChecks.CheckEigen(a, n, batch[i], $"batch item {i}: {cases[i]}");
        }
    }

    [Fact]
    public void PackedPathMeetsTheBarForEveryFamilyAndPackSize()
    {
        foreach (int n in new[] { 2, 3, 5, 8, 16, 33, 64 })
        {
            // 2·|kinds| + 3 matrices per size: full packs plus a padded partial pack, every family mixed in.
            var cases = MatrixGenerators.SymmetricSweep($"packed{n}", [n, n]).Concat(MatrixGenerators.SymmetricSweep($"packed-extra{n}", [n], [MatrixKind.Zero, MatrixKind.Diagonal, MatrixKind.StudentT1_5])).ToList();
            var batch = Backend.EigenSymmetricBatch(cases.Select(c => c.SymmetricView<double>()).ToList(), EigenOptions.ValuesOnly);
            for (int i = 0; i < cases.Count; i++)
            {
                Assert.True(batch.Items[i].Status == BatchItemStatus.Ok, $"{cases[i]}: {batch.Items[i].Message}");
                SpectralChecks.CheckEigen(cases[i].Symmetric<double>(), n, batch[i], $"packed {cases[i]} ({TestSeed.Describe(cases[i].Seed)})");
            }
        }
    }

    [Fact]
    public void SingleBatchMeetsTheBarAndAgreesWithDouble()
    {
        var cases = MixedCases();
        var batch = Backend.EigenSymmetricBatch(cases.Select(c => c.SymmetricView<float>()).ToList(), EigenOptions.WithVectors);
        for (int i = 0; i < cases.Count; i++)
            if (cases[i].Scale == 1.0)
                SpectralChecks.CheckEigen(SpectralChecks.ToDouble(cases[i].Symmetric<float>()), cases[i].Rows, batch[i], $"float batch item {i}: {cases[i]}");
    }

    [Fact]
    public void ABadMatrixIsRejectedWithoutFailingTheBatch()
    {
        var cases = MixedCases();
        var views = cases.Select(c => c.SymmetricView<double>()).ToList();
        var poisoned = cases[3].Symmetric<double>();
        poisoned[5 * 32] = double.NaN; // (5, 0): in the lower triangle, which is read
        views[3] = MatrixView<double>.RowMajor(poisoned, 32, 32);
        views[12] = MatrixView<double>.RowMajor(new double[6], 2, 3);
        var batch = Backend.EigenSymmetricBatch(views, EigenOptions.ValuesOnly);
        Assert.False(batch.AllSucceeded);
        Assert.Equal(BatchItemStatus.Rejected, batch.Items[3].Status);
        Assert.Contains("NaN", batch.Items[3].Message);
        Assert.Equal(BatchItemStatus.Rejected, batch.Items[12].Status);
        Assert.Throws<ArgumentException>(() => batch[3]);
        for (int i = 0; i < cases.Count; i++)
            if (i != 3 && i != 12) Assert.Equal(BatchItemStatus.Ok, batch.Items[i].Status);
    }

    [Fact]
    public void SvdBatchEqualsOneByOne()
    {
        var cases = MatrixGenerators.GeneralSweep("svdbatch", [(3, 5), (8, 8), (20, 7), (0, 4)], [MatrixKind.Gaussian, MatrixKind.StudentT4]).ToList();
        var views = cases.Select(c => c.GeneralView<double>()).ToList();
        var batch = Backend.SvdBatch(views, SvdOptions.WithVectors);
        for (int i = 0; i < cases.Count; i++)
        {
            Assert.Equal(Backend.Svd(views[i], SvdOptions.WithVectors).SingularValues, batch[i].SingularValues);
            SpectralChecks.CheckSvd(cases[i].General<double>(), cases[i].Rows, cases[i].Columns, batch[i], cases[i].ToString());
        }
    }

    [Fact]
    public void BatchIsDeterministic()
    {
        var views = MixedCases().Select(c => c.SymmetricView<double>()).ToList();
        var a = Backend.EigenSymmetricBatch(views, EigenOptions.WithVectors);
        var b = Backend.EigenSymmetricBatch(views, EigenOptions.WithVectors);
        for (int i = 0; i < views.Count; i++)
        {
            Assert.Equal(a[i].Values, b[i].Values);
            Assert.Equal(a[i].Vectors!.Data, b[i].Vectors!.Data);
        }
    }
}

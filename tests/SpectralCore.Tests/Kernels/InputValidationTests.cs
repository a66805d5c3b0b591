using Xunit;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>Bad input gives ArgumentException naming "matrix" and the location; empty input works.</summary>
public class InputValidationTests
{
    private static readonly ManagedBackend Backend = new();

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+infinity")]
    [InlineData(double.NegativeInfinity, "-infinity")]
    public void NonFiniteElementsAreRejectedWithTheirLocation(double bad, string word)
    {
        var a = new MatrixCase(MatrixKind.Gaussian, 6, 6, 1).Symmetric<double>();
        a[4 * 6 + 2] = bad;
        var e = Assert.Throws<ArgumentException>(() => Backend.EigenSymmetric(MatrixView<double>.RowMajor(a, 6, 6), EigenOptions.ValuesOnly));
        Assert.Equal("matrix", e.ParamName);
        Assert.Contains("(4, 2)", e.Message);
        Assert.Contains(word, e.Message);
        var g = new MatrixCase(MatrixKind.Gaussian, 5, 8, 2).General<float>();
        g[3 * 8 + 7] = (float)bad;
        var f = Assert.Throws<ArgumentException>(() => Backend.Svd(MatrixView<float>.RowMajor(g, 5, 8), SvdOptions.WithVectors));
        Assert.Equal("matrix", f.ParamName);
        Assert.Contains("(3, 7)", f.Message);
        var h = Assert.Throws<ArgumentException>(() => Backend.Svd(MatrixView<float>.RowMajor(g, 5, 8), new SvdOptions { Method = SvdMethod.Gram }));
        Assert.Equal("matrix", h.ParamName);
    }

    [Fact]
    public void NonSquareEigenIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Backend.EigenSymmetric(MatrixView<double>.RowMajor(new double[6], 2, 3), EigenOptions.ValuesOnly));
        Assert.Equal("matrix", e.ParamName);
        Assert.Contains("2×3", e.Message);
    }

    [Fact]
    public void EmptyMatricesWork()
    {
        var eig = Backend.EigenSymmetric(MatrixView<double>.RowMajor([], 0, 0), EigenOptions.WithVectors);
        Assert.Empty(eig.Values);
        Assert.Equal((0, 0), (eig.Vectors!.Rows, eig.Vectors.Columns));
        var svd = Backend.Svd(MatrixView<float>.RowMajor([], 0, 4), SvdOptions.WithVectors);
        Assert.Empty(svd.SingularValues);
        Assert.Equal((0, 0), (svd.U!.Rows, svd.U.Columns));
        Assert.Equal((0, 4), (svd.Vt!.Rows, svd.Vt.Columns));
        var tall = Backend.Svd(MatrixView<double>.RowMajor([], 3, 0), SvdOptions.WithVectors);
        Assert.Equal((3, 0), (tall.U!.Rows, tall.U.Columns));
        Assert.Empty(Backend.Svd(MatrixView<double>.RowMajor([], 3, 0), new SvdOptions { Method = SvdMethod.Gram }).SingularValues);
        var batch = Backend.EigenSymmetricBatch(new List<MatrixView<double>>(), EigenOptions.ValuesOnly);
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void OneByOne()
    {
        var r = Backend.EigenSymmetric(MatrixView<double>.RowMajor([-7.5], 1, 1), EigenOptions.WithVectors);
        Assert.Equal([-7.5], r.Values);
        Assert.Equal(1.0, Math.Abs(r.Vectors![0, 0]));
        var s = Backend.Svd(MatrixView<double>.RowMajor([-2], 1, 1), SvdOptions.WithVectors);
        Assert.Equal([2.0], s.SingularValues);
        Assert.Equal(-2.0, s.U![0, 0] * s.SingularValues[0] * s.Vt![0, 0]);
    }

    [Fact]
    public void ExtremeScalesNeitherOverflowNorUnderflow()
    {
        foreach (double scale in new[] { 1e-300, 1e-150, 1e150, 1e300 })
        {
            var c = new MatrixCase(MatrixKind.Gaussian, 12, 12, 3, scale);
            var unit = new MatrixCase(MatrixKind.Gaussian, 12, 12, 3).Symmetric<double>();
            var values = Backend.EigenSymmetric(c.SymmetricView<double>(), EigenOptions.ValuesOnly).Values;
            var reference = Backend.EigenSymmetric(MatrixView<double>.RowMajor(unit, 12, 12), EigenOptions.ValuesOnly).Values;
            for (int i = 0; i < 12; i++)
                Assert.True(Math.Abs(values[i] / scale - reference[i]) <= 1e-13 * Math.Abs(reference[^1]), $"scale {scale}: {values[i] / scale:R} vs {reference[i]:R}");
            var s = Backend.Svd(new MatrixCase(MatrixKind.Gaussian, 9, 14, 4, scale).GeneralView<double>(), SvdOptions.ValuesOnly).SingularValues;
            var g = Backend.Svd(new MatrixCase(MatrixKind.Gaussian, 9, 14, 4, scale).GeneralView<double>(), new SvdOptions { Method = SvdMethod.Gram }).SingularValues;
            var su = Backend.Svd(new MatrixCase(MatrixKind.Gaussian, 9, 14, 4).GeneralView<double>(), SvdOptions.ValuesOnly).SingularValues;
            for (int i = 0; i < 9; i++)
            {
                Assert.True(Math.Abs(s[i] / scale - su[i]) <= 1e-13 * su[0], $"scale {scale}: σ {s[i] / scale:R} vs {su[i]:R}");
                Assert.True(Math.Abs(g[i] / scale - su[i]) <= 1e-7 * su[0], $"scale {scale}: Gram σ {g[i] / scale:R} vs {su[i]:R}");
            }
        }
    }
}

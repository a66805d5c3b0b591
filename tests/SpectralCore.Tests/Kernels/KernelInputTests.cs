using Xunit;
using SpectralCore.Kernels.Common;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>
/// Reading a symmetric operand from its declared triangle: every layout × triangle × element type × padded leading
/// dimension gives exactly the symmetric matrix (or its lower triangle alone), the other triangle is never read, and
/// a non-finite stored element is reported at its stored position.
/// </summary>
public class KernelInputTests
{
    [Theory]
    [InlineData(MatrixLayout.RowMajor, Triangle.Lower)]
    [InlineData(MatrixLayout.RowMajor, Triangle.Upper)]
    [InlineData(MatrixLayout.ColumnMajor, Triangle.Lower)]
    [InlineData(MatrixLayout.ColumnMajor, Triangle.Upper)]
    public void ReadSymmetricReadsOnlyTheDeclaredTriangleInEveryLayout(MatrixLayout layout, Triangle triangle)
    {
        var rng = new SeededRandom(TestSeed.For("read-symmetric", (int)layout * 2 + (int)triangle));
        foreach (int n in new[] { 1, 2, 7, 33, 70 })
        {
            int ld = n + 3;
            var expected = new double[n * n];
            var storage = new float[ld * n];
            for (int i = 0; i < storage.Length; i++) storage[i] = float.NaN; // padding and the unread triangle
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                {
                    float value = (float)rng.NextNormal();
                    expected[i * n + j] = expected[j * n + i] = value;
                    // The declared triangle holds (r, c) with r ≥ c (lower) or r ≤ c (upper).
                    var (r, c) = triangle == Triangle.Lower ? (i, j) : (j, i);
                    storage[layout == MatrixLayout.RowMajor ? r * ld + c : c * ld + r] = value;
                }
            var single = new MatrixView<float>(storage, n, n, layout, ld);
            var wide = new MatrixView<double>(storage.Select(x => (double)x).ToArray(), n, n, layout, ld);
            Assert.Equal(expected, KernelInput.ReadSymmetric(single, triangle, "m"));
            Assert.Equal(expected, KernelInput.ReadSymmetric(wide, triangle, "m"));
            var lower = KernelInput.ReadSymmetric(wide, triangle, "m", lowerOnly: true);
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                    Assert.Equal(expected[i * n + j], lower[i * n + j]);
        }
    }

    [Theory]
    [InlineData(MatrixLayout.RowMajor, Triangle.Lower, 5, 2)]
    [InlineData(MatrixLayout.ColumnMajor, Triangle.Upper, 2, 5)]
    [InlineData(MatrixLayout.RowMajor, Triangle.Upper, 1, 6)]
    [InlineData(MatrixLayout.ColumnMajor, Triangle.Lower, 6, 0)]
    public void ANonFiniteStoredElementIsReportedWhereItIsStored(MatrixLayout layout, Triangle triangle, int row, int column)
    {
        const int n = 8;
        var storage = new float[n * n];
        for (int i = 0; i < storage.Length; i++) storage[i] = 1;
        storage[layout == MatrixLayout.RowMajor ? row * n + column : column * n + row] = float.PositiveInfinity;
        var e = Assert.Throws<ArgumentException>(() => KernelInput.ReadSymmetric(new MatrixView<float>(storage, n, n, layout), triangle, "matrix"));
        Assert.Equal("matrix", e.ParamName);
        Assert.Contains($"({row}, {column})", e.Message);
    }
}

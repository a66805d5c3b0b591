using FsCheck.Xunit;
using SpectralCore.Randomized;
using Xunit;

namespace SpectralCore.Tests.Randomized;

public sealed class BlockProductsTests
{
    /// <summary>Y = A·X against a naive float64 triple loop, for every layout, padding, odd size and both precisions.</summary>
    [Property(MaxTest = 40)]
    public void MatchesNaiveProduct(int seed)
    {
        seed += TestMatrices.SeedOffset;
        var random = new Random(seed);
        int rows = random.Next(0, 140), depth = random.Next(0, 600), count = random.Next(4) == 0 ? 1 : random.Next(1, 40);
        if (random.Next(4) == 0) rows = random.Next(1, 9);
        bool columnMajor = random.Next(2) == 0;
        int pad = random.Next(0, 3), threads = random.Next(1, 4);
        int inner = columnMajor ? rows : depth, outer = columnMajor ? depth : rows, ld = Math.Max(1, inner) + pad;
        var data = new double[Math.Max(0, (outer - 1) * ld + inner) + pad];
        for (int i = 0; i < data.Length; i++) data[i] = TestMatrices.Gaussian(random);
        var view = new MatrixView<double>(data, rows, depth, columnMajor ? MatrixLayout.ColumnMajor : MatrixLayout.RowMajor, ld);
        var x = new double[depth * count];
        for (int i = 0; i < x.Length; i++) x[i] = TestMatrices.Gaussian(random);
        var y = new double[rows * count];
        Array.Fill(y, double.NaN); // must be overwritten
        BlockProducts.Multiply(view, x, y, count, threads);
        var packed = new double[rows * count];
        BlockProducts.MultiplyPacked(view, x, packed, count, threads);
        var yf = new float[rows * count];
        BlockProducts.Multiply(new MatrixView<float>(TestMatrices.ToFloat(data), rows, depth, view.Layout, ld), TestMatrices.ToFloat(x), yf, count, threads);
        for (int i = 0; i < rows; i++)
            for (int c = 0; c < count; c++)
            {
                double expected = 0, scale = 0;
                for (int k = 0; k < depth; k++)
                {
                    expected += view[i, k] * x[k * count + c];
                    scale += Math.Abs(view[i, k] * x[k * count + c]);
                }
                Assert.True(Math.Abs(y[i * count + c] - expected) <= 1e-14 * (scale + 1),
                    $"seed={seed} {rows}×{depth}·{count} {view.Layout} ld={ld}: y[{i},{c}] = {y[i * count + c]:R}, expected {expected:R}");
                Assert.True(Math.Abs(packed[i * count + c] - expected) <= 1e-14 * (scale + 1),
                    $"seed={seed} packed float64: y[{i},{c}] = {packed[i * count + c]:R}, expected {expected:R}");
                Assert.True(Math.Abs(yf[i * count + c] - expected) <= 1e-5 * (scale + 1),
                    $"seed={seed} float32: y[{i},{c}] = {yf[i * count + c]:R}, expected {expected:R}");
            }
    }

    [Fact]
    public void ThreadCountDoesNotChangeBits()
    {
        var random = new Random(2 + TestMatrices.SeedOffset);
        int rows = 301, depth = 777, count = 13;
        var a = new double[rows * depth];
        for (int i = 0; i < a.Length; i++) a[i] = TestMatrices.Gaussian(random);
        var x = new double[depth * count];
        for (int i = 0; i < x.Length; i++) x[i] = TestMatrices.Gaussian(random);
        var one = new double[rows * count];
        var three = new double[rows * count];
        BlockProducts.Multiply(MatrixView<double>.RowMajor(a, rows, depth), x, one, count, 1);
        BlockProducts.Multiply(MatrixView<double>.RowMajor(a, rows, depth), x, three, count, 3);
        Assert.Equal(one, three);
        BlockProducts.MultiplyPacked(MatrixView<double>.RowMajor(a, rows, depth), x, one, count, 1);
        BlockProducts.MultiplyPacked(MatrixView<double>.RowMajor(a, rows, depth), x, three, count, 3);
        Assert.Equal(one, three);
    }
}

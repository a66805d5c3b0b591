using Xunit;
using SpectralCore.Kernels.Blas;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>GEMM and SYRK against naive triple loops, on odd shapes that exercise every edge tile.</summary>
public class BlasTests
{
    [Fact]
    public void GemmMatchesNaiveProductForOddShapesStridesAndScalars()
    {
        var rng = new SeededRandom(TestSeed.For("gemm"));
        (int M, int N, int K)[] shapes = [(1, 1, 1), (7, 5, 3), (6, 16, 256), (8, 24, 256), (9, 25, 257), (16, 48, 3), (13, 17, 257), (121, 33, 300), (5, 2100, 9), (130, 70, 513), (0, 4, 4), (4, 4, 0)];
        foreach (var (m, n, k) in shapes)
            foreach (bool transposeA in new[] { false, true })
                foreach (bool transposeB in new[] { false, true })
                    foreach (int threads in new[] { 1, 2 })
                    {
                        var a = Enumerable.Range(0, m * k).Select(_ => rng.NextNormal()).ToArray();
                        var b = Enumerable.Range(0, k * n).Select(_ => rng.NextNormal()).ToArray();
                        var c = Enumerable.Range(0, m * n).Select(_ => rng.NextNormal()).ToArray();
                        var expected = (double[])c.Clone();
                        double alpha = -1.5, beta = 0.25;
                        // A stored as m×k (or k×m when transposed), B as k×n (or n×k).
                        double A(int i, int p) => transposeA ? a[p * m + i] : a[i * k + p];
                        double B(int p, int j) => transposeB ? b[j * k + p] : b[p * n + j];
                        for (int i = 0; i < m; i++)
                            for (int j = 0; j < n; j++)
                            {
                                double s = 0;
                                for (int p = 0; p < k; p++) s += A(i, p) * B(p, j);
                                expected[i * n + j] = beta * expected[i * n + j] + alpha * s;
                            }
                        Gemm.Multiply(m, n, k, alpha, a, 0, transposeA ? 1 : k, transposeA ? m : 1, b, 0, transposeB ? 1 : n, transposeB ? k : 1, beta, c, 0, n, threads);
                        for (int i = 0; i < m * n; i++)
                            Assert.True(Math.Abs(c[i] - expected[i]) <= 1e-12 * (1 + Math.Sqrt(k)), $"{m}×{n}×{k} tA={transposeA} tB={transposeB} threads={threads}: [{i}] {c[i]:R} vs {expected[i]:R}");
                    }
    }

    [Fact]
    public void FourRowDotAndAxpyMatchesScalarLoopsForEveryLength()
    {
        var rng = new SeededRandom(TestSeed.For("dotaxpy4"));
        for (int n = 0; n <= 70; n++)
        {
            var x = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, n + 3).Select(_ => rng.NextNormal()).ToArray()).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => rng.NextNormal()).ToArray();
            var z = Enumerable.Range(0, n + 1).Select(_ => rng.NextNormal()).ToArray();
            double[] a = [rng.NextNormal(), rng.NextNormal(), rng.NextNormal(), rng.NextNormal()];
            var expectedZ = (double[])z.Clone();
            var expectedDots = new double[4];
            for (int k = 0; k < n; k++)
                for (int r = 0; r < 4; r++)
                {
                    expectedDots[r] += x[r][k] * y[k];
                    expectedZ[k] += a[r] * x[r][k];
                }
            var dots = new double[4];
            VectorOps.DotAndAxpy4(x[0].AsSpan(0, n), x[1], x[2], x[3], y, a[0], a[1], a[2], a[3], z, dots);
            for (int r = 0; r < 4; r++)
                Assert.True(Math.Abs(dots[r] - expectedDots[r]) <= 1e-13 * (1 + n), $"n={n}: dot[{r}] {dots[r]:R} vs {expectedDots[r]:R}");
            for (int k = 0; k <= n; k++)
                Assert.True(Math.Abs(z[k] - expectedZ[k]) <= 1e-13 * (1 + n), $"n={n}: z[{k}] {z[k]:R} vs {expectedZ[k]:R}");
        }
        Assert.Throws<ArgumentException>(() => VectorOps.DotAndAxpy4(new double[3], new double[2], new double[3], new double[3], new double[3], 1, 1, 1, 1, new double[3], new double[4]));
    }

    [Theory]
    [InlineData(203, 203)]
    [InlineData(1100, 1536)] // transposed A with a 4 KiB-multiple stride: packed in groups (512 rows on AVX-512, 192 on AVX2)
    public void SkinnyProductsMatchThePackedPathBitForBitAndAcrossThreadCounts(int m, int transposedStride)
    {
        // n ≤ 96 columns take the skinny path; the first 60 columns of a 120-column product (packed path) must
        // have exactly the same bits, for A plain and transposed, with rows that leave a remainder for the packed path.
        var rng = new SeededRandom(TestSeed.For("gemm-skinny", m));
        int k = 700, wide = 120, narrow = 60;
        foreach (bool transposeA in new[] { false, true })
        {
            int aRow = transposeA ? 1 : k, aCol = transposeA ? transposedStride : 1;
            var a = Enumerable.Range(0, transposeA ? k * transposedStride : m * k).Select(_ => rng.NextNormal()).ToArray();
            var b = Enumerable.Range(0, k * wide).Select(_ => rng.NextNormal()).ToArray();
            var full = new double[m * wide];
            Gemm.Multiply(m, wide, k, 0.75, a, 0, aRow, aCol, b, 0, wide, 1, 0.0, full, 0, wide, 2);
            foreach (int threads in new[] { 1, 2 })
            {
                var skinny = new double[m * narrow];
                Gemm.Multiply(m, narrow, k, 0.75, a, 0, aRow, aCol, b, 0, wide, 1, 0.0, skinny, 0, narrow, threads);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < narrow; j++)
                        Assert.True(skinny[i * narrow + j].Equals(full[i * wide + j]),
                            $"m={m} tA={transposeA} threads={threads}: C[{i},{j}] skinny {skinny[i * narrow + j]:R} vs packed {full[i * wide + j]:R}");
            }
            // And against a plain reference sum (the bits above could agree while both are wrong).
            for (int i = 0; i < m; i += 97)
                for (int j = 0; j < narrow; j += 13)
                {
                    double sum = 0;
                    for (int p = 0; p < k; p++) sum += a[i * aRow + p * aCol] * b[p * wide + j];
                    Assert.True(Math.Abs(0.75 * sum - full[i * wide + j]) <= 1e-12 * k, $"m={m} tA={transposeA}: C[{i},{j}] {full[i * wide + j]:R} vs {0.75 * sum:R}");
                }
        }
    }

    [Fact]
    public void GemmIsBitIdenticalAcrossThreadCounts()
    {
        var rng = new SeededRandom(TestSeed.For("gemm-threads"));
        int m = 301, n = 157, k = 600;
        var a = Enumerable.Range(0, m * k).Select(_ => rng.NextNormal()).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => rng.NextNormal()).ToArray();
        var c1 = new double[m * n];
        var c2 = new double[m * n];
        Gemm.Multiply(a, b, c1, m, n, k, 1);
        Gemm.Multiply(a, b, c2, m, n, k, 2);
        Assert.Equal(c1, c2);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(false, 3)]
    [InlineData(true, 2)]
    public void PrepackedBGivesTheBitsOfTheUnpackedProductOnEveryPrefix(bool transposedB, int packThreads)
    {
        // B packed once (k spans three KC slices, n crosses the 2048-column block) and then used by products on its
        // leading rows and columns, through the packed path (wide) and the skinny path (≤ 96 columns), must give
        // exactly the bits of packing on every call; both are checked against a plain sum as well.
        var rng = new SeededRandom(TestSeed.For("gemm-prepacked", transposedB ? 1 : 0));
        int k = 600, n = 2100, ldb = transposedB ? k + 3 : n + 5;
        int bRow = transposedB ? 1 : ldb, bCol = transposedB ? ldb : 1;
        var b = Enumerable.Range(0, (transposedB ? n : k) * ldb).Select(_ => rng.NextNormal()).ToArray();
        using var packed = Gemm.Pack(k, n, b, 0, bRow, bCol, packThreads);
        foreach (var (m, cols, depth) in new[] { (37, 2100, 600), (64, 2047, 513), (61, 60, 600), (125, 48, 257), (7, 9, 5) })
        {
            var a = Enumerable.Range(0, m * depth).Select(_ => rng.NextNormal()).ToArray();
            var expected = Enumerable.Range(0, m * cols).Select(_ => rng.NextNormal()).ToArray();
            var actual = (double[])expected.Clone();
            var start = (double[])expected.Clone();
            Gemm.Multiply(m, cols, depth, -0.5, a, 0, depth, 1, b, 0, bRow, bCol, 1.0, expected, 0, cols, 2);
            Gemm.Multiply(m, cols, depth, -0.5, a, 0, depth, 1, packed, 1.0, actual, 0, cols, 2);
            for (int i = 0; i < m * cols; i++)
                Assert.True(actual[i].Equals(expected[i]), $"m={m} n={cols} k={depth} tB={transposedB} packThreads={packThreads}: C[{i / cols},{i % cols}] prepacked {actual[i]:R} vs {expected[i]:R}");
            for (int i = 0; i < m; i += 5)
                for (int j = 0; j < cols; j += 97)
                {
                    double sum = 0;
                    for (int p = 0; p < depth; p++) sum += a[i * depth + p] * b[p * bRow + j * bCol];
                    Assert.True(Math.Abs(start[i * cols + j] - 0.5 * sum - actual[i * cols + j]) <= 1e-12 * depth,
                        $"m={m} n={cols} k={depth}: C[{i},{j}] {actual[i * cols + j]:R} vs {start[i * cols + j] - 0.5 * sum:R}");
                }
        }
        var c = new double[4 * 4];
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(4, 4, k + 1, 1.0, new double[4 * (k + 1)], 0, k + 1, 1, packed, 0.0, c, 0, 4, 1));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(4, n + 1, 4, 1.0, new double[16], 0, 4, 1, packed, 0.0, new double[4 * (n + 1)], 0, n + 1, 1));
    }

    [Fact]
    public void SyrkMatchesNaiveGram()
    {
        var rng = new SeededRandom(TestSeed.For("syrk"));
        // 1201 rows end the large path's 120-row panels with a one-row panel (and a partial 24- or 8-wide B strip);
        // 1031 and 257 columns end on a partial 256-deep slice.
        foreach (var (k, len) in new[] { (1, 1), (3, 7), (64, 512), (67, 1031), (130, 9), (130, 70), (301, 257), (1201, 70) })
        {
            var w = Enumerable.Range(0, k * len).Select(_ => rng.NextNormal()).ToArray();
            var g = Syrk.GramOfRows(w, k, len, 2);
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                {
                    double s = 0;
                    for (int p = 0; p < len; p++) s += w[i * len + p] * w[j * len + p];
                    Assert.True(Math.Abs(g[i * k + j] - s) <= 1e-12 * len, $"{k}×{len}: G[{i},{j}] {g[i * k + j]:R} vs {s:R}");
                }
        }
    }

    [Theory]
    [InlineData(true, 2.0, 3, 300)]
    [InlineData(false, 0.5, 2, 300)]
    [InlineData(false, 1.0, 1, 300)]
    [InlineData(true, 0.5, 2, 100)]
    [InlineData(false, 2.0, 2, 100)]
    public void SyrkWidensScaledFloat32InSeveralDepthSlicesFromEitherLayout(bool rowsAreColumns, double scale, int threads, int k)
    {
        // k = 300 takes the packed path (widened while packed, 59 depth slices of 256, the last partial); k = 100 the
        // small-order tiled path (widened in two slices of ≤ 4 Mi elements). W's rows are either the storage's columns
        // (row stride 1: packed a contiguous run per depth step) or its rows (packed 4 lanes × 4 depth steps through registers).
        var rng = new SeededRandom(TestSeed.For("syrk-slices", (rowsAreColumns ? 1 : 0) + 2 * k));
        const int len = 15000;
        var a = Enumerable.Range(0, k * len).Select(_ => (float)rng.NextNormal()).ToArray();
        int rowStride = rowsAreColumns ? 1 : len, columnStride = rowsAreColumns ? k : 1;
        var g = Syrk.GramOfRows<float>(a, k, len, rowStride, columnStride, scale, threads);
        for (int i = 0; i < k; i += 7)
            for (int j = 0; j < k; j += 3)
            {
                double sum = 0;
                for (int p = 0; p < len; p++) sum += (double)a[i * rowStride + p * columnStride] * a[j * rowStride + p * columnStride];
                double expected = scale * scale * sum;
                Assert.True(Math.Abs(g[i * k + j] - expected) <= 1e-12 * len * scale * scale,
                    $"k={k} rowsAreColumns={rowsAreColumns} scale={scale}: G[{i},{j}] {g[i * k + j]:R} vs {expected:R}");
                Assert.Equal(g[i * k + j], g[j * k + i]);
            }
    }

    [Fact]
    public void SyrkReadsStridedFloat32AndFloat64AlikeAcrossBlockBoundaries()
    {
        // W = Aᵀ of a tall row-major A (len × k): W's rows are A's columns (row stride 1, column stride k).
        var rng = new SeededRandom(TestSeed.For("syrk-strided"));
        const int k = 1000, len = 150;
        var a = Enumerable.Range(0, k * len).Select(_ => (float)rng.NextNormal()).ToArray();
        var wide = a.Select(x => (double)x).ToArray();
        var g32 = Syrk.GramOfRows<float>(a, k, len, 1, k, 1.0, 2);
        var g64 = Syrk.GramOfRows<double>(wide, k, len, 1, k, 1.0, 1);
        for (int i = 0; i < k; i += 7)
            for (int j = 0; j < k; j += 3)
            {
                double s = 0;
                for (int p = 0; p < len; p++) s += wide[p * k + i] * wide[p * k + j];
                Assert.True(Math.Abs(g64[i * k + j] - s) <= 1e-12 * len, $"float64 G[{i},{j}] {g64[i * k + j]:R} vs {s:R}");
                Assert.True(Math.Abs(g32[i * k + j] - s) <= 1e-12 * len, $"float32 G[{i},{j}] {g32[i * k + j]:R} vs {s:R}");
                Assert.Equal(g64[i * k + j], g64[j * k + i]);
            }
    }

    [Theory]
    [InlineData(250, 301, 1.0)]
    [InlineData(250, 301, 0.5)]
    [InlineData(144, 259, 2.0)]
    public void SyrkPacksRowContiguousFloat32WithTheBitsOfTheTransposedLayout(int k, int len, double scale)
    {
        // The same W read from its rows (a wide layer: lanes are source rows, packed 4×4 through registers) and from its
        // transpose (lanes contiguous per depth step): the packed values, hence the Gram, must be bit-identical — across a
        // partial last strip (k mod 24 ≠ 0: lane-by-lane), a partial depth slice and a depth tail of 1–3 steps.
        var rng = new SeededRandom(TestSeed.For("syrk-row-lanes", k + len));
        var a = Enumerable.Range(0, k * len).Select(_ => (float)rng.NextNormal()).ToArray();
        var at = new float[len * k];
        for (int i = 0; i < k; i++)
            for (int p = 0; p < len; p++) at[p * k + i] = a[i * len + p];
        var fromRows = Syrk.GramOfRows<float>(a, k, len, len, 1, scale, 2);
        var fromColumns = Syrk.GramOfRows<float>(at, k, len, 1, k, scale, 2);
        Assert.Equal(fromColumns, fromRows);
        for (int i = 0; i < k; i += 13)
            for (int j = 0; j <= i; j += 7)
            {
                double s = 0;
                for (int p = 0; p < len; p++) s += (double)a[i * len + p] * a[j * len + p];
                Assert.True(Math.Abs(fromRows[i * k + j] - scale * scale * s) <= 1e-12 * len * scale * scale, $"G[{i},{j}] {fromRows[i * k + j]:R} vs {scale * scale * s:R}");
            }
    }

    [Fact]
    public void SyrkPackedPathGivesTheSameBitsForAnyThreadCountAndGeneralStrides()
    {
        // W(i, p) = a[3 + i·rowStride + p·columnStride] with neither stride 1 (a padded transposed view): the packed
        // path's lane-by-lane packing; every element must equal the naive float64 sum within rounding, and the bits
        // must not depend on how many workers took the panels.
        var rng = new SeededRandom(TestSeed.For("syrk-general-strides"));
        const int k = 250, len = 300, rowStride = 2, columnStride = 2 * k + 5;
        var a = Enumerable.Range(0, 3 + (k - 1) * rowStride + (len - 1) * columnStride + 1).Select(_ => (float)rng.NextNormal()).ToArray();
        var source = new ReadOnlyMemory<float>(a, 3, a.Length - 3);
        var reference = Syrk.GramOfRows<float>(source, k, len, rowStride, columnStride, 0.25, 1);
        foreach (int threads in new[] { 2, 3, 7 })
            Assert.Equal(reference, Syrk.GramOfRows<float>(source, k, len, rowStride, columnStride, 0.25, threads));
        for (int i = 0; i < k; i += 11)
            for (int j = 0; j < k; j += 5)
            {
                double s = 0;
                for (int p = 0; p < len; p++) s += (double)a[3 + i * rowStride + p * columnStride] * a[3 + j * rowStride + p * columnStride];
                Assert.True(Math.Abs(reference[i * k + j] - s / 16) <= 1e-12 * len, $"G[{i},{j}] {reference[i * k + j]:R} vs {s / 16:R}");
            }
    }

    [Fact]
    public void Norm2OfSubnormalAndHugeVectorsIsFinite()
    {
        // The scaled fallback used to multiply by 1/max, which is +∞ for a subnormal max: 0·∞ made the norm NaN.
        Assert.Equal(Math.Sqrt(5) * 1e-310, VectorOps.Norm2([1e-310, 0, 2e-310]), 1e-323);
        Assert.Equal(double.Epsilon * Math.Sqrt(2), VectorOps.Norm2([double.Epsilon, 0, -double.Epsilon, 0]), double.Epsilon);
        double big = VectorOps.Norm2([3e300, 0, 4e300]);
        Assert.True(Math.Abs(big - 5e300) <= 1e285, $"{big:R}");
        Assert.Equal(0, VectorOps.Norm2([0, 0, 0]));
    }

    [Theory]
    [InlineData(70, 90, false)]
    [InlineData(70, 90, true)]
    [InlineData(300, 700, false)]
    [InlineData(300, 700, true)]
    public void SyrkAtAPaddedLeadingDimensionGivesTheDenseBitsWithZeroPadding(int k, int len, bool lowerOnly)
    {
        // Small (k < 128: slice products, rows spread afterwards) and packed paths; the padding stays zero.
        var rng = new SeededRandom(TestSeed.For("syrk-ldc", k));
        var a = new float[k * len];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() - 0.5);
        var dense = Syrk.GramOfRows<float>(a, k, len, len, 1, 1.0, 2, lowerOnly);
        foreach (int ldc in new[] { k + 1, k + 9 })
        {
            var padded = Syrk.GramOfRows<float>(a, k, len, len, 1, 1.0, 2, lowerOnly, ldc);
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < (lowerOnly ? i + 1 : k); j++)
                    Assert.True(padded[i * ldc + j] == dense[i * k + j], $"k={k} ldc={ldc}: G({i}, {j}) {padded[i * ldc + j]:R} vs {dense[i * k + j]:R}");
                for (int j = k; j < ldc && i * ldc + j < padded.Length; j++)
                    Assert.True(padded[i * ldc + j] == 0, $"k={k} ldc={ldc}: padding ({i}, {j}) = {padded[i * ldc + j]:R}");
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(120)]
    public void MacroKernelSkipsOnlyTheTilesWhollyAboveTheDiagonal(int firstRow)
    {
        // A 120-row band of a lower triangle (rows firstRow.., columns 0..firstRow+rows), as the Gram's packed path uses it:
        // with lowerFromRow every tile with an entry on or below the diagonal has the bits of the unrestricted product, and
        // the tiles wholly above it keep what C held.
        int mr = Gemm.TileRows, nr = Gemm.TileColumns, rows = 120 - 120 % mr + 3, kc = 37, cols = firstRow + rows;
        var rng = new SeededRandom(TestSeed.For("macro-lower", firstRow));
        int stripsA = (rows + mr - 1) / mr, stripsB = (cols + nr - 1) / nr;
        var pa = new double[stripsA * kc * mr];
        var pb = new double[stripsB * kc * nr];
        for (int i = 0; i < rows; i++)
            for (int p = 0; p < kc; p++) pa[i / mr * kc * mr + p * mr + i % mr] = rng.NextNormal();
        for (int j = 0; j < cols; j++)
            for (int p = 0; p < kc; p++) pb[j / nr * kc * nr + p * nr + j % nr] = rng.NextNormal();
        int ldc = cols + 3;
        var full = new double[rows * ldc];
        for (int i = 0; i < full.Length; i++) full[i] = rng.NextNormal();
        var original = (double[])full.Clone();
        var lower = (double[])full.Clone();
        Gemm.Macro(pa, pb, 0, kc * nr, rows, cols, kc, nr, 0.5, full, 0, ldc);
        Gemm.Macro(pa, pb, 0, kc * nr, rows, cols, kc, nr, 0.5, lower, 0, ldc, lowerFromRow: firstRow);
        int skipped = 0;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                int tileTop = i / mr * mr, tileBottom = Math.Min(rows, tileTop + mr) - 1, tileLeft = j / nr * nr;
                bool whollyAbove = tileLeft > firstRow + tileBottom;
                if (!whollyAbove)
                    Assert.True(lower[i * ldc + j] == full[i * ldc + j], $"({firstRow + i}, {j}): {lower[i * ldc + j]:R} vs {full[i * ldc + j]:R}");
                else
                {
                    skipped++;
                    Assert.True(lower[i * ldc + j] == original[i * ldc + j], $"({firstRow + i}, {j}) lies in a skipped tile but changed");
                }
            }
        Assert.True(skipped > 0, "the band has tiles wholly above the diagonal");
    }
}

using Xunit;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>Managed SVD: invariants of both routes, σ² = eig(AᵀA), float32 vs float64.</summary>
public class SvdTests
{
    private static readonly ManagedBackend Backend = new(new SpectralOptions { MaxDegreeOfParallelism = 2 });

    private static void Check<T>(MatrixCase c, bool vectors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = c.General<T>();
        var result = Backend.Svd(MatrixView<T>.RowMajor(data, c.Rows, c.Columns), vectors ? SvdOptions.WithVectors : SvdOptions.ValuesOnly);
        Assert.Equal(SpectralCore.Backend.Managed, result.Backend);
        SpectralChecks.CheckSvd(SpectralChecks.ToDouble(data), c.Rows, c.Columns, result, $"{typeof(T).Name} {c} ({TestSeed.Describe(c.Seed)})");
    }

    [Property(MaxTest = 60)]
    public Property DoubleThinSvdMeetsTheBar() =>
        Prop.ForAll(MatrixGenerators.GeneralCases(40, 40, MatrixGenerators.DoubleScales).ToArbitrary(), c => Check<double>(c, true));

    [Property(MaxTest = 40)]
    public Property SingleThinSvdMeetsTheBar() =>
        Prop.ForAll(MatrixGenerators.GeneralCases(30, 30, MatrixGenerators.SingleScales).ToArbitrary(), c => Check<float>(c, true));

    [Property(MaxTest = 60)]
    public Property SquaredSingularValuesAreTheEigenvaluesOfTheGramMatrix() =>
        Prop.ForAll(MatrixGenerators.GeneralCases(36, 36, [1.0]).ToArbitrary(), c =>
        {
            var a = c.General<double>();
            int m = c.Rows, n = c.Columns, k = Math.Min(m, n);
            var s = Backend.Svd(MatrixView<double>.RowMajor(a, m, n), SvdOptions.ValuesOnly).SingularValues;
            // WᵀW of the smaller side, formed explicitly here (independently of the kernels' SYRK).
            var g = new double[k * k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                {
                    double sum = 0;
                    for (int t = 0; t < Math.Max(m, n); t++)
                        sum += m >= n ? a[t * n + i] * a[t * n + j] : a[i * n + t] * a[j * n + t];
                    g[i * k + j] = sum;
                }
            var lambda = Backend.EigenSymmetric(MatrixView<double>.RowMajor(g, k, k), EigenOptions.ValuesOnly).Values;
            double norm2 = Math.Pow(SpectralChecks.Frobenius(a), 2);
            for (int i = 0; i < k; i++)
            {
                double sigma2 = s[i] * s[i];
                double l = lambda[k - 1 - i];
                Assert.True(Math.Abs(sigma2 - l) <= 20 * Math.Max(m, n) * Math.Pow(2, -52) * norm2, $"{c}: σ²[{i}] = {sigma2:R} vs λ = {l:R}");
            }
        });

    [Property(MaxTest = 60)]
    public Property GramRouteAgreesWithTheBidiagonalRoute() =>
        Prop.ForAll(MatrixGenerators.GeneralCases(50, 50, MatrixGenerators.DoubleScales).ToArbitrary(), c =>
        {
            var view = c.GeneralView<double>();
            var bidiagonal = Backend.Svd(view, new SvdOptions { Method = SvdMethod.Bidiagonal }).SingularValues;
            var gram = Backend.Svd(view, new SvdOptions { Method = SvdMethod.Gram });
            Assert.Contains("Gram", gram.Algorithm);
            double max = bidiagonal.Length > 0 ? bidiagonal[0] : 0;
            // Gram accuracy: λ = σ² has absolute error ~ n ε σ_max², so compare squares.
            for (int i = 0; i < bidiagonal.Length; i++)
                Assert.True(Math.Abs(gram.SingularValues[i] * gram.SingularValues[i] - bidiagonal[i] * bidiagonal[i]) <= 20 * Math.Max(c.Rows, c.Columns) * Math.Pow(2, -52) * max * max + 1e-300,
                    $"{c}: σ[{i}] Gram {gram.SingularValues[i]:R} vs bidiagonal {bidiagonal[i]:R}");
        });

    /// <summary>
    /// The Gram route reads its operand in place (no widened copy): row-major and column-major views with padded leading
    /// dimensions, tall and wide, float64 and float32 (widened slice by slice), small (register tiles) and large
    /// (packed GEMM, several depth slices; from k = 384 on without the mirror) — each against the eigenvalues of a Gram
    /// matrix formed naively here.
    /// </summary>
    [Fact]
    public void GramRouteReadsEveryLayoutInPlace()
    {
        var rng = new SeededRandom(TestSeed.For(nameof(GramRouteReadsEveryLayoutInPlace)));
        // 450 × 700 and 700 × 450 reach the two-stage eigen reduction, which gets the Gram's lower triangle only.
        foreach (var (m, n) in new[] { (20, 500), (500, 20), (300, 200), (130, 33000), (33000, 130), (450, 700), (700, 450) })
        {
            // float32-representable entries: the float32 views hold exactly the same matrix.
            var a = new double[m * n];
            for (int i = 0; i < a.Length; i++) a[i] = (float)rng.NextNormal();
            int k = Math.Min(m, n), length = Math.Max(m, n);
            var g = new double[k * k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j <= i; j++)
                {
                    double sum = 0;
                    for (int t = 0; t < length; t++) sum += m <= n ? a[i * n + t] * a[j * n + t] : a[t * n + i] * a[t * n + j];
                    g[i * k + j] = g[j * k + i] = sum;
                }
            var lambda = Backend.EigenSymmetric(MatrixView<double>.RowMajor(g, k, k), EigenOptions.ValuesOnly).Values;
            double max = lambda[k - 1];
            int rowPad = n + 3, columnPad = m + 5;
            var rowMajor = new double[m * rowPad];
            var columnMajor = new double[n * columnPad];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) { rowMajor[i * rowPad + j] = a[i * n + j]; columnMajor[j * columnPad + i] = a[i * n + j]; }
            var single = a.Select(x => (float)x).ToArray();
            var cases = new (string Name, double[] Values)[]
            {
                ("float64 row-major", Backend.Svd(MatrixView<double>.RowMajor(a, m, n), new SvdOptions { Method = SvdMethod.Gram }).SingularValues),
                ("float64 row-major ld", Backend.Svd(new MatrixView<double>(rowMajor, m, n, MatrixLayout.RowMajor, rowPad), new SvdOptions { Method = SvdMethod.Gram }).SingularValues),
                ("float64 column-major ld", Backend.Svd(new MatrixView<double>(columnMajor, m, n, MatrixLayout.ColumnMajor, columnPad), new SvdOptions { Method = SvdMethod.Gram }).SingularValues),
                ("float32 row-major", Backend.Svd(MatrixView<float>.RowMajor(single, m, n), new SvdOptions { Method = SvdMethod.Gram }).SingularValues.Select(x => (double)x).ToArray()),
            };
            foreach (var (name, s) in cases)
            {
                Assert.Equal(k, s.Length);
                // float32 results carry float32 rounding of σ; float64 ones the Gram route's n·ε·σ_max² on σ².
                double tolerance = name.StartsWith("float32") ? 4e-7 * max : 20 * length * Math.Pow(2, -52) * max;
                for (int i = 0; i < k; i++)
                    Assert.True(Math.Abs(s[i] * s[i] - lambda[k - 1 - i]) <= tolerance, $"{m}×{n} {name}: σ²[{i}] = {s[i] * s[i]:R} vs λ = {lambda[k - 1 - i]:R}");
            }
        }
    }

    [Fact]
    public void ShapesIncludingEmptyAndOddSizes()
    {
        (int, int)[] shapes = [(0, 0), (0, 5), (5, 0), (1, 1), (1, 7), (7, 1), (2, 2), (3, 65), (65, 3), (64, 64), (97, 41), (41, 97), (150, 150), (300, 17)];
        foreach (var c in MatrixGenerators.GeneralSweep(nameof(ShapesIncludingEmptyAndOddSizes), shapes, [MatrixKind.Gaussian, MatrixKind.Pareto, MatrixKind.LowRankPlusNoise, MatrixKind.Zero, MatrixKind.RepeatedEigenvalues]))
            Check<double>(c, true);
    }

    [Fact]
    public void ValuesOnlyOfRectangularMatricesAgreeWithTheFullDecomposition()
    {
        // Values-only bidiagonal SVDs of ≥ 1.5× rectangular matrices go through blocked QR first; the
        // with-vectors path does not, so the two are independent routes to the same σ.
        (int, int)[] shapes = [(97, 33), (33, 97), (300, 40), (40, 300), (400, 70), (130, 64)];
        foreach (var scale in new[] { 1.0, 1e-150, 1e150 })
            foreach (var c in MatrixGenerators.GeneralSweep($"qr{scale}", shapes, [MatrixKind.Gaussian, MatrixKind.LowRankPlusNoise, MatrixKind.StudentT1_5, MatrixKind.Zero, MatrixKind.RepeatedEigenvalues], scale))
            {
                var view = c.GeneralView<double>();
                var values = Backend.Svd(view, SvdOptions.ValuesOnly);
                var full = Backend.Svd(view, SvdOptions.WithVectors);
                SpectralChecks.CheckSvd(c.General<double>(), c.Rows, c.Columns, values, c.ToString());
                double max = full.SingularValues[0];
                for (int i = 0; i < values.SingularValues.Length; i++)
                    Assert.True(Math.Abs(values.SingularValues[i] - full.SingularValues[i]) <= 10 * Math.Max(c.Rows, c.Columns) * Math.Pow(2, -52) * max,
                        $"{c}: σ[{i}] values-only {values.SingularValues[i]:R} vs full {full.SingularValues[i]:R}");
            }
    }

    [Fact]
    public void KnownSingularValues()
    {
        // diag(3, −4) embedded in a 3×2 matrix has σ = (4, 3).
        var r = Backend.Svd(MatrixView<double>.RowMajor([3, 0, 0, -4, 0, 0], 3, 2), SvdOptions.WithVectors);
        Assert.Equal(4.0, r.SingularValues[0], 14);
        Assert.Equal(3.0, r.SingularValues[1], 14);
        // A rank-one matrix u vᵀ has one non-zero σ = ‖u‖‖v‖.
        var a = new double[4 * 6];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 6; j++) a[i * 6 + j] = (i + 1) * (j - 2.5);
        var s = Backend.Svd(MatrixView<double>.RowMajor(a, 4, 6), SvdOptions.ValuesOnly).SingularValues;
        double expected = Math.Sqrt(1 + 4 + 9 + 16) * Math.Sqrt(2 * (0.25 + 2.25 + 6.25));
        Assert.Equal(expected, s[0], 12);
        for (int i = 1; i < 4; i++) Assert.True(s[i] <= 1e-14 * expected);
    }

    [Fact]
    public void GramRouteKeepsSingularValuesOfMatricesAtExtremeScales()
    {
        // A matrix of subnormal entries: the exact power of two that brings it near 1 (2^1031) was beyond float64's range,
        // so the scaled matrix was +∞/NaN and the eigensolver did not converge; now the factor stops at 2^1023.
        using var engine = SpectralEngine.Create(SpectralCore.Backend.Managed);
        foreach (int exponent in new[] { -1000, -1060, -1070, 1000 }) GramScaling.Check<double>(engine.Svd, "managed", exponent);
        foreach (int exponent in new[] { -120, -135, 100 }) GramScaling.Check<float>(engine.Svd, "managed", exponent);
    }
}

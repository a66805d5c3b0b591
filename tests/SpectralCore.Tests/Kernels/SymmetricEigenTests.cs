using Xunit;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>Managed symmetric eigen: invariants over every generator family, sizes and scales.</summary>
public class SymmetricEigenTests
{
    private static readonly ManagedBackend Backend1 = new(new SpectralOptions { MaxDegreeOfParallelism = 1 });
    private static readonly ManagedBackend Backend2 = new(new SpectralOptions { MaxDegreeOfParallelism = 2 });

    private static void Check<T>(MatrixCase c, bool vectors, ManagedBackend backend) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = c.Symmetric<T>();
        var result = backend.EigenSymmetric(MatrixView<T>.RowMajor(data, c.Rows, c.Rows), vectors ? EigenOptions.WithVectors : EigenOptions.ValuesOnly);
        Assert.Equal(Backend.Managed, result.Backend);
        Assert.False(string.IsNullOrEmpty(result.Algorithm));
        SpectralChecks.CheckEigen(SpectralChecks.ToDouble(data), c.Rows, result, $"{typeof(T).Name} {c} ({TestSeed.Describe(c.Seed)})");
    }

    [Property(Arbitrary = [typeof(MatrixGenerators.Arbitraries)], MaxTest = 60)]
    public void DoubleWithVectorsMeetsTheBar(MatrixCase c) => Check<double>(c, true, Backend2);

    [Property(Arbitrary = [typeof(MatrixGenerators.Arbitraries)], MaxTest = 60)]
    public void DoubleValuesOnlyMeetTheBar(MatrixCase c) => Check<double>(c, false, Backend1);

    [Property(MaxTest = 40)]
    public Property SingleMeetsTheBarAndAgreesWithDouble() => Prop.ForAll(MatrixGenerators.SymmetricCases(40, MatrixGenerators.SingleScales).ToArbitrary(), c =>
    {
        Check<float>(c, true, Backend2);
        var single = Backend1.EigenSymmetric(c.SymmetricView<float>(), EigenOptions.ValuesOnly).Values;
        // The float64 solve of the same (float32-rounded) input.
        var widened = c.Symmetric<float>().Select(x => (double)x).ToArray();
        var reference = Backend1.EigenSymmetric(MatrixView<double>.RowMajor(widened, c.Rows, c.Rows), EigenOptions.ValuesOnly).Values;
        double norm = SpectralChecks.Frobenius(widened);
        for (int i = 0; i < c.Rows; i++)
            Assert.True(Math.Abs(single[i] - reference[i]) <= 10 * Math.Max(c.Rows, 1) * Math.Pow(2, -23) * norm,
                $"{c}: λ[{i}] float32 {single[i]:R} vs float64 {reference[i]:R}");
    });

    [Fact]
    public void EverySizeUpTo64AndOddSizesUpTo300()
    {
        int[] sizes = [.. Enumerable.Range(0, 65), 97, 131, 199, 255];
        MatrixKind[] kinds = [MatrixKind.Gaussian, MatrixKind.StudentT1_5, MatrixKind.RepeatedEigenvalues];
        int index = 0;
        foreach (var c in MatrixGenerators.SymmetricSweep(nameof(EverySizeUpTo64AndOddSizesUpTo300), sizes))
        {
            if (c.Rows > 64 && !kinds.Contains(c.Kind)) continue;
            Check<double>(c, vectors: (index++ % 2 == 0) || c.Rows <= 64, Backend2);
        }
        Check<double>(new MatrixCase(MatrixKind.Wishart, 300, 300, TestSeed.For("n300")), true, Backend2);
    }

    [Fact]
    public void InverseIterationPathMeetsTheBarOnEveryFamilyAndScale()
    {
        // n ≥ 128: vectors by inverse iteration with cluster reorthogonalization + blocked-WY back-transformation (dormtr-style).
        foreach (double scale in new[] { 1.0, 1e-150, 1e150 })
            foreach (var c in MatrixGenerators.SymmetricSweep($"inverse-iteration{scale}", [128, 161], scale: scale))
            {
                if (scale != 1.0 && c.Rows == 161) continue;
                Check<double>(c, true, Backend2);
            }
        Check<float>(new MatrixCase(MatrixKind.RepeatedEigenvalues, 150, 150, TestSeed.For("ii-float")), true, Backend2);
    }

    [Fact]
    public void TightlyClusteredEigenvaluesGetOrthonormalVectors()
    {
        // A = P D Pᵀ with eigenvalues 1 + k·1e-11 (one tight cluster) plus a few isolated ones; P a reflector.
        int n = 140;
        var rng = new SeededRandom(TestSeed.For("cluster"));
        var u = Enumerable.Range(0, n).Select(_ => rng.NextNormal()).ToArray();
        double uu = u.Sum(x => x * x);
        var lambda = Enumerable.Range(0, n).Select(k => k < 120 ? 1 + k * 1e-11 : k - 100.0).ToArray();
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++)
                {
                    double pik = (i == k ? 1 : 0) - 2 * u[i] * u[k] / uu;
                    double pjk = (j == k ? 1 : 0) - 2 * u[j] * u[k] / uu;
                    s += pik * lambda[k] * pjk;
                }
                a[i * n + j] = s;
            }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) a[i * n + j] = a[j * n + i];
        var result = Backend2.EigenSymmetric(MatrixView<double>.RowMajor(a, n, n), EigenOptions.WithVectors);
        SpectralChecks.CheckEigen(a, n, result, "clustered spectrum");
    }

    [Fact]
    public void ValuesOnlyAgreeWithValuesFromTheVectorPath()
    {
        foreach (var c in MatrixGenerators.SymmetricSweep(nameof(ValuesOnlyAgreeWithValuesFromTheVectorPath), [1, 2, 3, 17, 40, 73]))
        {
            var view = c.SymmetricView<double>();
            var a = Backend1.EigenSymmetric(view, EigenOptions.ValuesOnly).Values;
            var b = Backend1.EigenSymmetric(view, EigenOptions.WithVectors).Values;
            double norm = SpectralChecks.Frobenius(c.Symmetric<double>());
            for (int i = 0; i < a.Length; i++)
                Assert.True(Math.Abs(a[i] - b[i]) <= 10 * c.Rows * Math.Pow(2, -52) * norm, $"{c}: {a[i]:R} vs {b[i]:R}");
        }
    }

    [Fact]
    public void KnownSpectra()
    {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with vectors (1, −1)/√2 and (1, 1)/√2.
        var r = Backend1.EigenSymmetric(MatrixView<double>.RowMajor([2, 1, 1, 2], 2, 2), EigenOptions.WithVectors);
        Assert.Equal(1.0, r.Values[0], 14);
        Assert.Equal(3.0, r.Values[1], 14);
        Assert.Equal(Math.Abs(r.Vectors![0, 1]), Math.Sqrt(0.5), 14);
        // The path graph Laplacian-like tridiagonal (2, −1) of size n has eigenvalues 2 − 2cos(kπ/(n+1)).
        int n = 37;
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            a[i * n + i] = 2;
            if (i > 0) a[i * n + i - 1] = a[(i - 1) * n + i] = -1;
        }
        var values = Backend1.EigenSymmetric(MatrixView<double>.RowMajor(a, n, n), EigenOptions.ValuesOnly).Values;
        for (int k = 1; k <= n; k++)
            Assert.Equal(2 - 2 * Math.Cos(k * Math.PI / (n + 1)), values[k - 1], 13);
    }

    [Theory]
    [InlineData(50, false)]
    [InlineData(200, true)]
    [InlineData(400, false)] // two-stage reduction
    [InlineData(400, true)]
    [InlineData(700, false)] // two-stage + values-only divide and conquer
    [InlineData(700, true)]
    public void ExactlyRankOneMatricesOnEveryReductionPath(int n, bool integerVector)
    {
        // A = u uᵀ: one eigenvalue ‖u‖², the rest 0. After the first reflector the trailing columns are rounding noise, which
        // later reflectors shrink below the subnormal range: the dense → band reduction of a 400×400 matrix of ones turned
        // to NaN (reflector of a subnormal column: 1/(α − β) = ∞, and a norm that multiplied by 1/max = ∞).
        var rng = new SeededRandom(TestSeed.For("rank-one", n));
        var u = Enumerable.Range(0, n).Select(_ => integerVector ? rng.NextInt(9) - 4.0 : 1.0).ToArray();
        CheckRankOne(u, $"integer={integerVector}");
    }

    [Theory]
    [InlineData(100)]
    [InlineData(131)]
    [InlineData(400)]
    public void RankOneWithZeroRowsFirst(int n)
    {
        // u = (0, …, 0, u₂) with u₂ ∈ {1, 2}: the tridiagonal is a block of zeros, then a block graded from ~1 down to
        // subnormals. The rotation QL decided its reversal once for the whole matrix (|d[n−1]| against |d[0]| = 0), so the
        // graded block ran the wrong way and did not converge within 30n iterations; now each unreduced block decides.
        var rng = new SeededRandom(TestSeed.For("rank-one-zero-rows", n));
        var u = Enumerable.Range(0, n).Select(i => i < n / 2 ? 0.0 : 1 + rng.NextInt(2)).ToArray();
        CheckRankOne(u, "zero rows first");
    }

    /// <summary>A = u uᵀ, values only and with vectors: the invariants, λmax = ‖u‖² and every other λ zero, to 10·n·ε·‖u‖².</summary>
    private static void CheckRankOne(double[] u, string label)
    {
        int n = u.Length;
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) a[i * n + j] = u[i] * u[j];
        double top = u.Sum(x => x * x);
        foreach (var options in new[] { EigenOptions.ValuesOnly, EigenOptions.WithVectors })
        {
            var result = Backend2.EigenSymmetric(MatrixView<double>.RowMajor(a, n, n), options);
            string context = $"n={n} {label} vectors={options.ComputeVectors} ({result.Algorithm})";
            SpectralChecks.CheckEigen(a, n, result, context);
            Assert.True(Math.Abs(result.Values[n - 1] - top) <= 10 * n * 2.2e-16 * top, $"{context}: λmax {result.Values[n - 1]:R} vs {top}");
            for (int i = 0; i < n - 1; i++)
                Assert.True(Math.Abs(result.Values[i]) <= 10 * n * 2.2e-16 * top, $"{context}: λ[{i}] = {result.Values[i]:R}");
        }
    }

    [Theory]
    [InlineData(23)]
    [InlineData(77)] // several 32×32 read tiles, a partial one last
    public void OnlyTheDeclaredTriangleIsRead(int n)
    {
        var c = new MatrixCase(MatrixKind.Gaussian, n, n, TestSeed.For("triangle", n));
        var full = c.Symmetric<double>();
        var expected = Backend1.EigenSymmetric(MatrixView<double>.RowMajor(full, n, n), EigenOptions.WithVectors);
        foreach (var triangle in new[] { Triangle.Lower, Triangle.Upper })
        {
            var poisoned = (double[])full.Clone();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (triangle == Triangle.Lower ? j > i : j < i) poisoned[i * n + j] = double.NaN;
            var r = Backend1.EigenSymmetric(MatrixView<double>.RowMajor(poisoned, n, n), new EigenOptions { ComputeVectors = true, Triangle = triangle });
            Assert.Equal(expected.Values, r.Values);
            // A non-finite value inside the declared triangle is reported at its stored position.
            int row = triangle == Triangle.Lower ? n - 1 : 3, column = triangle == Triangle.Lower ? 3 : n - 1;
            poisoned[row * n + column] = double.PositiveInfinity;
            var error = Assert.Throws<ArgumentException>(() => Backend1.EigenSymmetric(MatrixView<double>.RowMajor(poisoned, n, n), new EigenOptions { Triangle = triangle }));
            Assert.Contains($"({row}, {column})", error.Message);
        }
    }

    [Fact]
    public void LayoutsAndStridesGiveTheSameAnswer()
    {
        var c = new MatrixCase(MatrixKind.StudentT2_5, 19, 19, TestSeed.For("layout"));
        var a = c.Symmetric<double>();
        var expected = Backend1.EigenSymmetric(MatrixView<double>.RowMajor(a, 19, 19), EigenOptions.ValuesOnly).Values;
        var padded = new double[19 * 25];
        for (int i = 0; i < 19; i++)
            for (int j = 0; j < 19; j++) padded[i + j * 25] = a[i * 19 + j];
        var view = new MatrixView<double>(padded, 19, 19, MatrixLayout.ColumnMajor, 25);
        Assert.Equal(expected, Backend1.EigenSymmetric(view, EigenOptions.ValuesOnly).Values);
    }

    [Fact]
    public void SameInputAndThreadCountGiveTheSameBits()
    {
        var c = new MatrixCase(MatrixKind.Wishart, 181, 181, TestSeed.For("determinism"));
        var view = c.SymmetricView<double>();
        var first = Backend2.EigenSymmetric(view, EigenOptions.WithVectors);
        var second = Backend2.EigenSymmetric(view, EigenOptions.WithVectors);
        Assert.Equal(first.Values, second.Values);
        Assert.Equal(first.Vectors!.Data, second.Vectors!.Data);
    }

    [Fact]
    public void IndexRangeSlicesTheSpectrum()
    {
        var c = new MatrixCase(MatrixKind.Gaussian, 30, 30, TestSeed.For("range"));
        var view = c.SymmetricView<double>();
        var all = Backend1.EigenSymmetric(view, EigenOptions.WithVectors);
        var part = Backend1.EigenSymmetric(view, new EigenOptions { ComputeVectors = true, FirstIndex = 5, LastIndex = 9 });
        Assert.Equal(all.Values[5..10], part.Values);
        Assert.Equal((30, 5), (part.Vectors!.Rows, part.Vectors.Columns));
        for (int i = 0; i < 30; i++)
            for (int j = 0; j < 5; j++) Assert.Equal(all.Vectors![i, j + 5], part.Vectors[i, j]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Backend1.EigenSymmetric(view, new EigenOptions { FirstIndex = 3, LastIndex = 30 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Backend1.EigenSymmetric(view, new EigenOptions { FirstIndex = 4, LastIndex = 3 }));
    }

    [Fact]
    public void EngineFacadeUsesTheManagedBackend()
    {
        using var engine = SpectralEngine.Use(Backend.Managed);
        var values = engine.EigenvaluesSymmetric(MatrixView<float>.RowMajor([4f, 0f, 0f, -1f], 2, 2));
        Assert.Equal([-1f, 4f], values);
        var top = engine.EigenSymmetricTop(MatrixView<double>.RowMajor([1, 0, 0, 0, 2, 0, 0, 0, 3], 3, 3), 2, computeVectors: true);
        Assert.Equal([2.0, 3.0], top.Values);
    }
}

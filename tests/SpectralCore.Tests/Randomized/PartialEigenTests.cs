using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;
using SpectralCore.Operators;
using SpectralCore.Partial;
using Xunit;
using MMatrix = MathNet.Numerics.LinearAlgebra.Matrix<double>;

namespace SpectralCore.Tests.Randomized;

public sealed class PartialEigenTests
{
    private static SpectralEngine Engine() => SpectralEngine.Use(Backend.Managed, new SpectralOptions { MaxDegreeOfParallelism = 2 });

    /// <summary>Symmetric matrix with known eigenvalues: random Gaussian, repeated top cluster, or mixed signs with a tiny middle.</summary>
    private static (double[] A, double[] Lambda) KnownSymmetric(int n, int kind, Random random)
    {
        var lambda = new double[n];
        for (int i = 0; i < n; i++)
            lambda[i] = kind switch
            {
                0 => TestMatrices.Gaussian(random) * 3,
                1 => i < 4 ? 7 : TestMatrices.Gaussian(random),           // exactly repeated top eigenvalue
                _ => (i % 2 == 0 ? 1 : -1) * Math.Pow(0.8, i) * 10,        // signed, decaying magnitudes
            };
        var q = TestMatrices.RandomOrthonormal(n, n, random);
        var a = q * MMatrix.Build.DenseOfDiagonalArray(lambda) * q.Transpose();
        var sym = TestMatrices.ToRowMajor((a + a.Transpose()) / 2);
        Array.Sort(lambda);
        return (sym, lambda);
    }

    private static void CheckPairs(double[] a, int n, EigenResult<double> result, double[] expected, double tolerance, string context)
    {
        Assert.Equal(expected.Length, result.Values.Length);
        for (int j = 0; j < expected.Length; j++)
            Assert.True(Math.Abs(result.Values[j] - expected[j]) <= tolerance, $"{context}: λ[{j}] = {result.Values[j]:R} vs {expected[j]:R}");
        if (result.Vectors is null) return;
        int k = expected.Length;
        for (int j = 0; j < k; j++)
        {
            double residual = 0;
            for (int i = 0; i < n; i++)
            {
                double ax = 0;
                for (int c = 0; c < n; c++) ax += a[i * n + c] * result.Vectors[c, j];
                residual = Math.Max(residual, Math.Abs(ax - result.Values[j] * result.Vectors[i, j]));
            }
            Assert.True(residual <= tolerance * 10, $"{context}: residual of pair {j} = {residual:R}");
            for (int other = 0; other <= j; other++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += result.Vectors[i, j] * result.Vectors[i, other];
                Assert.True(Math.Abs(dot - (other == j ? 1 : 0)) <= 1e-9, $"{context}: vectors {j},{other} dot {dot:R}");
            }
        }
    }

    [Property(MaxTest = 25)]
    public void DenseTopKAndRangeMatchKnownSpectrum(int seed)
    {
        seed += TestMatrices.SeedOffset;
        var random = new Random(seed);
        int n = random.Next(1, 90), kind = random.Next(3), k = random.Next(1, n + 1);
        var (a, lambda) = KnownSymmetric(n, kind, random);
        double scale = lambda.Max(Math.Abs);
        using var engine = Engine();
        string context = $"seed={seed} n={n} kind={kind} k={k}";
        CheckPairs(a, n, engine.TopEigen(MatrixView<double>.RowMajor(a, n, n), k), lambda[(n - k)..], 1e-12 * scale * Math.Sqrt(n), context + " top");
        int first = random.Next(0, n), last = random.Next(first, n);
        var range = engine.EigenIndexRange(MatrixView<double>.RowMajor(a, n, n), first, last, computeVectors: random.Next(2) == 0, triangle: Triangle.Upper);
        CheckPairs(a, n, range, lambda[first..(last + 1)], 1e-12 * scale * Math.Sqrt(n), context + $" range {first}..{last}");
        var magnitude = engine.LargestMagnitudeEigen(MatrixView<double>.RowMajor(a, n, n), k);
        var expected = lambda.OrderByDescending(Math.Abs).Take(k).OrderBy(x => x).ToArray();
        CheckPairs(a, n, magnitude, expected, 1e-12 * scale * Math.Sqrt(n), context + " |λ|");
    }

    [Fact]
    public void Float32DenseTopK()
    {
        var random = new Random(21 + TestMatrices.SeedOffset);
        var (a, lambda) = KnownSymmetric(50, 0, random);
        using var engine = Engine();
        var result = engine.TopEigen(MatrixView<float>.RowMajor(TestMatrices.ToFloat(a), 50, 50), 5);
        for (int j = 0; j < 5; j++) Assert.Equal(lambda[45 + j], result.Values[j], 1e-5 * lambda.Max(Math.Abs));
        Assert.Contains("bisection", result.Algorithm);
    }

    [Property(MaxTest = 20)]
    public void LanczosAgreesWithDenseSolver(int seed)
    {
        seed += TestMatrices.SeedOffset;
        var random = new Random(seed);
        int n = random.Next(10, 160), kind = random.Next(3), k = random.Next(1, Math.Min(8, n));
        var (a, lambda) = KnownSymmetric(n, kind, random);
        double scale = lambda.Max(Math.Abs);
        using var engine = Engine();
        var op = LinearOperator.FromMatrix(MatrixView<double>.RowMajor(a, n, n));
        string context = $"seed={seed} n={n} kind={kind} k={k}";
        var options = new LanczosOptions { Seed = seed, BasisSize = random.Next(2) == 0 ? null : Math.Min(n, k + 12 + random.Next(10)) };
        var top = engine.TopEigen(op, k, options);
        CheckPairs(a, n, top, lambda[(n - k)..], 1e-9 * scale, context + " Lanczos top");
        var magnitude = engine.LargestMagnitudeEigen(op, k, options);
        var expected = lambda.OrderByDescending(Math.Abs).Take(k).OrderBy(x => x).ToArray();
        CheckPairs(a, n, magnitude, expected, 1e-9 * scale, context + " Lanczos |λ|");
        var bottom = engine.LanczosEigen(op, k, EigenSelection.SmallestAlgebraic, options with { ComputeVectors = false });
        for (int j = 0; j < k; j++) Assert.Equal(lambda[j], bottom.Values[j], 1e-9 * scale);
    }

    /// <summary>
    /// Operators of extreme magnitude: Lanczos works on an exactly scaled copy, so 1e±200 and 1e-300 give the same
    /// relative eigenvalues as magnitude 1 (before, norms under- or overflowed: a false "not symmetric" error at
    /// 1e-200 and a silently wrong top eigenvalue at 1e200).
    /// </summary>
    [Theory]
    [InlineData(1.0)]
    [InlineData(1e200)]
    [InlineData(1e-200)]
    [InlineData(1e-300)]
    public void LanczosHandlesAnyFiniteMagnitude(double magnitude)
    {
        var random = new Random(41 + TestMatrices.SeedOffset);
        int n = 90;
        var (a, lambda) = KnownSymmetric(n, 2, random);
        var scaled = Array.ConvertAll(a, x => x * magnitude);
        using var engine = Engine();
        var op = LinearOperator.FromMatrix(MatrixView<double>.RowMajor(scaled, n, n));
        var top = engine.TopEigen(op, 3, new LanczosOptions { Seed = 3, ComputeVectors = false });
        var largest = engine.LargestMagnitudeEigen(op, 3, new LanczosOptions { Seed = 3 });
        var expected = lambda.OrderByDescending(Math.Abs).Take(3).OrderBy(x => x).ToArray();
        for (int j = 0; j < 3; j++)
        {
            Assert.True(Math.Abs(top.Values[j] / magnitude - lambda[n - 3 + j]) <= 1e-9 * 10, $"magnitude {magnitude:G3}: top λ[{j}] = {top.Values[j]:R}, expected {lambda[n - 3 + j] * magnitude:R}; {string.Join(", ", top.Values)}; {top.Algorithm}");
            Assert.True(Math.Abs(largest.Values[j] / magnitude - expected[j]) <= 1e-9 * 10, $"magnitude {magnitude:G3}: |λ| λ[{j}] = {largest.Values[j]:R}, expected {expected[j] * magnitude:R}");
        }
    }

    [Fact]
    public void LanczosOnGramOperatorGivesSquaredSingularValues()
    {
        var random = new Random(8 + TestMatrices.SeedOffset);
        int m = 120, n = 60;
        var j = TestMatrices.HeavyTailed(m, n, random);
        var sigma = TestMatrices.ReferenceSingularValues(j, m, n);
        using var engine = Engine();
        var gram = LinearOperator.Gram(LinearOperator.FromMatrix(MatrixView<double>.RowMajor(j, m, n)));
        var result = engine.TopEigen(gram, 4, new LanczosOptions { ComputeVectors = false });
        for (int i = 0; i < 4; i++) Assert.Equal(sigma[3 - i] * sigma[3 - i], result.Values[i], 1e-9 * sigma[0] * sigma[0]);
        var f = engine.TopEigen(LinearOperator.Gram(LinearOperator.FromMatrix(MatrixView<float>.RowMajor(TestMatrices.ToFloat(j), m, n))), 2);
        Assert.Equal(sigma[0] * sigma[0], f.Values[1], 1e-4 * sigma[0] * sigma[0]);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        using var engine = Engine();
        var a = new double[12];
        Assert.Equal("matrix", Assert.ThrowsAny<ArgumentException>(() => engine.TopEigen(MatrixView<double>.RowMajor(a, 3, 4), 1)).ParamName);
        var square = new double[9];
        Assert.Equal("k", Assert.ThrowsAny<ArgumentException>(() => engine.TopEigen(MatrixView<double>.RowMajor(square, 3, 3), 4)).ParamName);
        Assert.Equal("k", Assert.ThrowsAny<ArgumentException>(() => engine.LargestMagnitudeEigen(MatrixView<double>.RowMajor(square, 3, 3), 0)).ParamName);
        Assert.Equal("last", Assert.ThrowsAny<ArgumentException>(() => engine.EigenIndexRange(MatrixView<double>.RowMajor(square, 3, 3), 1, 0)).ParamName);
        Assert.Equal("first", Assert.ThrowsAny<ArgumentException>(() => engine.EigenIndexRange(MatrixView<double>.RowMajor(square, 3, 3), -1, 0)).ParamName);
        square[4] = double.NaN;
        Assert.Equal("matrix", Assert.ThrowsAny<ArgumentException>(() => engine.TopEigen(MatrixView<double>.RowMajor(square, 3, 3), 1)).ParamName);
        var rectangular = LinearOperator.FromCallbacks<double>(4, 3, (x, y, c) => y.Clear(), (x, y, c) => y.Clear());
        Assert.Equal("operator", Assert.ThrowsAny<ArgumentException>(() => engine.TopEigen(rectangular, 1)).ParamName);
        var asymmetric = LinearOperator.FromMatrix(MatrixView<double>.RowMajor([1, 2, 0, 1], 2, 2));
        Assert.Equal("operator", Assert.ThrowsAny<ArgumentException>(() => engine.TopEigen(asymmetric, 1)).ParamName);
        var symmetric = LinearOperator.FromMatrix(MatrixView<double>.RowMajor([2, 1, 1, 2], 2, 2));
        Assert.Equal("k", Assert.ThrowsAny<ArgumentException>(() => engine.TopEigen(symmetric, 3)).ParamName);
        var nan = LinearOperator.FromSymmetricCallback<double>(5, (x, y, c) => y.Fill(double.NaN));
        Assert.Equal("operator", Assert.ThrowsAny<ArgumentException>(() => engine.TopEigen(nan, 1, new LanczosOptions { CheckSymmetry = false })).ParamName);
    }

    [Fact]
    public void LanczosIsDeterministicForASeed()
    {
        var random = new Random(12 + TestMatrices.SeedOffset);
        var (a, _) = KnownSymmetric(80, 0, random);
        using var engine = Engine();
        var op = LinearOperator.FromMatrix(MatrixView<double>.RowMajor(a, 80, 80));
        var first = engine.TopEigen(op, 3, new LanczosOptions { Seed = 5 });
        var second = engine.TopEigen(op, 3, new LanczosOptions { Seed = 5 });
        Assert.Equal(first.Values, second.Values);
        Assert.Equal(first.Vectors!.Data, second.Vectors!.Data);
    }
}

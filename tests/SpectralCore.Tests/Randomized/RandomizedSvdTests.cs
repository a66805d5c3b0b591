using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpectralCore.Operators;
using SpectralCore.Randomized;
using Xunit;

namespace SpectralCore.Tests.Randomized;

public sealed class RandomizedSvdTests
{
    private static SpectralEngine Engine(int threads = 2) =>
        SpectralEngine.Use(Backend.Managed, new SpectralOptions { MaxDegreeOfParallelism = threads });

    /// <summary>
    /// HMT deviation bound (Thm 10.8 with Prop 8.6 for q power iterations): with probability ≥ 1 − 6p^(−p),
    /// ‖(I − QQᵀ)A‖ ≤ (1 + 11·√(k+p)·√min(m,n))^(1/(2q+1)) σ_{k+1}.
    /// </summary>
    private static double HalkoBound(int k, int p, int q, int smaller, double sigmaNext) =>
        Math.Pow(1 + 11 * Math.Sqrt(k + p) * Math.Sqrt(smaller), 1.0 / (2 * q + 1)) * sigmaNext;

    private sealed record Case(int Seed, int M, int N, int K, int P, int Q, SpectrumKind Kind, RandomizedSvdMethod Method)
    {
        public override string ToString() => $"seed={Seed} (SPECTRAL_TEST_SEED offset {TestMatrices.SeedOffset}) {M}×{N} k={K} p={P} q={Q} {Kind} {Method}";
    }

    private static Case MakeCase(int seed, bool krylov = false)
    {
        seed += TestMatrices.SeedOffset;
        var random = new Random(seed);
        int m = random.Next(24, 80), n = random.Next(24, 80), k = random.Next(1, 8), p = random.Next(8, 13), q = random.Next(0, 3);
        var kind = (SpectrumKind)random.Next(0, 4);
        if (krylov) q = Math.Min(q, Math.Min(m, n) / (k + p) - 1);
        return new Case(seed, m, n, k, p, Math.Max(q, 0), kind, krylov ? RandomizedSvdMethod.BlockKrylov : RandomizedSvdMethod.SubspaceIteration);
    }

    private static void CheckKnownSpectrum<T>(Case c, double unitRoundoff) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random(c.Seed ^ 0x5EED);
        int smaller = Math.Min(c.M, c.N);
        var sigma = TestMatrices.Spectrum(c.Kind, smaller);
        var a = TestMatrices.WithSpectrum(c.M, c.N, sigma, random);
        var input = Array.ConvertAll(a, T.CreateTruncating);
        using var engine = Engine();
        var result = engine.RandomizedSvd(MatrixView<T>.RowMajor(input, c.M, c.N), c.K,
            new RandomizedSvdOptions { Oversample = c.P, PowerIterations = c.Q, Seed = c.Seed, Method = c.Method });

        double tolerance = 100 * Math.Sqrt(smaller) * unitRoundoff * sigma[0];
        double bound = HalkoBound(c.K, c.P, c.Q, smaller, sigma[c.K]);
        Assert.Equal(c.K, result.SingularValues.Length);
        for (int j = 0; j < c.K; j++)
        {
            double got = double.CreateTruncating(result.SingularValues[j]);
            double lower = Math.Sqrt(Math.Max(0, sigma[j] * sigma[j] - bound * bound)) - tolerance;
            Assert.True(got <= sigma[j] + tolerance && got >= lower,
                $"{c}: σ̃[{j}] = {got:R} outside [{lower:R}, {sigma[j] + tolerance:R}] (exact {sigma[j]:R}, bound {bound:R})");
        }
        // The reported a-posteriori estimate must bound the true spectral-norm error (failure probability 1e-10).
        var u = TestMatrices.ToDouble(result.U!.Data);
        var vt = TestMatrices.ToDouble(result.Vt!.Data);
        var s = TestMatrices.ToDouble(result.SingularValues);
        var a64 = TestMatrices.ToDouble(input);
        double trueError = TestMatrices.ResidualNorm(a64, c.M, c.N, u, s, vt, c.K);
        Assert.True(result.ErrorEstimate >= trueError, $"{c}: estimate {result.ErrorEstimate:R} < true error {trueError:R}");
        Assert.True(trueError >= sigma[c.K] * (1 - 1e-6) - tolerance, $"{c}: error {trueError:R} below σ_(k+1) = {sigma[c.K]:R} (impossible by Eckart–Young)");
        double vacuous = 10 * Math.Sqrt(2 / Math.PI) * 3 * Math.Sqrt(c.N + c.M) * trueError + 20 * (c.K + c.P) * (c.Method == RandomizedSvdMethod.BlockKrylov ? c.Q + 1 : 1) * unitRoundoff * sigma[0] + sigma[c.K];
        Assert.True(result.ErrorEstimate <= vacuous, $"{c}: estimate {result.ErrorEstimate:R} is vacuous for true error {trueError:R}");
        CheckOrthonormalColumns(u, c.M, c.K, 50 * Math.Sqrt(c.M) * unitRoundoff, c);
        CheckOrthonormalColumns(Transpose(vt, c.K, c.N), c.N, c.K, 50 * Math.Sqrt(c.N) * unitRoundoff, c);
    }

    [Property(MaxTest = 25)]
    public void TopValuesWithinHalkoBoundAndEstimateBoundsErrorFloat64(int seed) =>
        CheckKnownSpectrum<double>(MakeCase(seed), Math.Pow(2, -53));

    [Property(MaxTest = 15)]
    public void TopValuesWithinHalkoBoundAndEstimateBoundsErrorFloat32(int seed) =>
        CheckKnownSpectrum<float>(MakeCase(seed), Math.Pow(2, -24));

    [Property(MaxTest = 15)]
    public void BlockKrylovWithinBoundAndEstimateBoundsError(int seed) =>
        CheckKnownSpectrum<double>(MakeCase(seed, krylov: true), Math.Pow(2, -53));

    [Property(MaxTest = 10)]
    public void HeavyTailedEntriesMatchReferenceSvd(int seed)
    {
        seed += TestMatrices.SeedOffset;
        var random = new Random(seed);
        int m = random.Next(20, 70), n = random.Next(20, 70), k = random.Next(1, 6);
        var a = TestMatrices.HeavyTailed(m, n, random);
        var exact = TestMatrices.ReferenceSingularValues(a, m, n);
        using var engine = Engine();
        var result = engine.RandomizedSvd(MatrixView<double>.RowMajor(a, m, n), k, oversample: 10, powerIterations: 2, seed: seed);
        double bound = HalkoBound(k, 10, 2, Math.Min(m, n), exact[k]);
        double tolerance = 1e-12 * exact[0];
        for (int j = 0; j < k; j++)
        {
            double lower = Math.Sqrt(Math.Max(0, exact[j] * exact[j] - bound * bound)) - tolerance;
            Assert.True(result.SingularValues[j] <= exact[j] + tolerance && result.SingularValues[j] >= lower,
                $"seed={seed} {m}×{n} k={k}: σ̃[{j}] = {result.SingularValues[j]:R} outside [{lower:R}, {exact[j]:R}]");
        }
        double trueError = TestMatrices.ResidualNorm(a, m, n, result.U!.Data, result.SingularValues, result.Vt!.Data, k);
        Assert.True(result.ErrorEstimate >= trueError, $"seed={seed}: estimate {result.ErrorEstimate:R} < true error {trueError:R}");
    }

    [Property(MaxTest = 10)]
    public void Float32RangeFinderKeepsTopValuesAndARigorousBound(int seed)
    {
        seed += TestMatrices.SeedOffset;
        var random = new Random(seed);
        int m = random.Next(30, 90), n = random.Next(30, 90), k = random.Next(1, 8);
        var kind = (SpectrumKind)random.Next(4);
        var sigma = TestMatrices.Spectrum(kind, Math.Min(m, n));
        var a = TestMatrices.WithSpectrum(m, n, sigma, random);
        using var engine = Engine();
        var result = engine.RandomizedSvd(MatrixView<double>.RowMajor(a, m, n), k, new RandomizedSvdOptions { Seed = seed, RangeFinderPrecision = RangeFinderPrecision.Float32 });
        Assert.Equal(RangeFinderPrecision.Float32, result.RangeFinderPrecision);
        Assert.Contains("float32 range finder", result.Algorithm);
        Assert.Contains("implicit CholeskyQR", result.Algorithm); // the float64 basis Q = q·R⁻¹ is never formed
        // The float32 basis leaves a range error of at most ~1e-6·σ₁ on top of the Halko bound.
        double bound = HalkoBound(k, 10, 2, Math.Min(m, n), sigma[k]) + 1e-5 * sigma[0];
        for (int j = 0; j < k; j++)
        {
            double lower = Math.Sqrt(Math.Max(0, sigma[j] * sigma[j] - bound * bound)) - 1e-12 * sigma[0];
            Assert.True(result.SingularValues[j] <= sigma[j] + 1e-12 * sigma[0] && result.SingularValues[j] >= lower,
                $"seed={seed} {m}×{n} k={k} {kind}: σ̃[{j}] = {result.SingularValues[j]:R} outside [{lower:R}, {sigma[j]:R}]");
        }
        double trueError = TestMatrices.ResidualNorm(a, m, n, result.U!.Data, result.SingularValues, result.Vt!.Data, k);
        Assert.True(result.ErrorEstimate >= trueError, $"seed={seed}: estimate {result.ErrorEstimate:R} < true error {trueError:R}");
        var op = LinearOperator.FromMatrix(MatrixView<double>.RowMajor(a, m, n));
        Assert.Equal("options", Assert.ThrowsAny<ArgumentException>(() => engine.RandomizedSvd(op, k, new RandomizedSvdOptions { RangeFinderPrecision = RangeFinderPrecision.Float32 })).ParamName);
        Assert.Equal("rangeFinderPrecision", Assert.ThrowsAny<ArgumentException>(() => engine.RandomizedSvd(MatrixView<double>.RowMajor(a, m, n), k, new RandomizedSvdOptions { RangeFinderPrecision = (RangeFinderPrecision)7 })).ParamName);
        // Below 2²⁰ entries Auto is float64.
        Assert.Equal(RangeFinderPrecision.Float64, engine.RandomizedSvd(MatrixView<double>.RowMajor(a, m, n), k, new RandomizedSvdOptions { Seed = seed }).RangeFinderPrecision);
    }

    /// <summary>
    /// Auto on a matrix above the 2²⁰-entry threshold: with a slowly decaying spectrum (randomized error ≫ 1e-3·σ₁) it
    /// keeps the float32 range finder, and its singular values equal the float64 range finder's (same sketch) to
    /// 1e-9·σ₁ — the float32 basis error is second order — while both stay within the Halko bound and below the exact
    /// values. With a fast decay A·Ω is nearly rank-deficient and Auto gives float32 up after the first product; with a
    /// spectrum falling three decades across the sketch width and then dropping, the first product looks fine and the
    /// float32 basis is rejected at the end by the error bound (without that check the values are off by ~1e-13·σ₁).
    /// Both then equal the float64 path (float64 accuracy).
    /// </summary>
    [Theory]
    [InlineData(0, 11)]
    [InlineData(1, 12)]
    [InlineData(2, 13)]
    public void AutoRangeFinderKeepsFloat32OnlyWhereTheRandomizedErrorDominates(int kind, int seed)
    {
        seed += TestMatrices.SeedOffset;
        var random = new Random(seed);
        int m = 1100, n = 1000, rank = 100, k = 10;
        bool accurate = kind != 0;
        var sigma = Enumerable.Range(0, rank).Select(i => kind switch
        {
            0 => 1.0 / (i + 1),
            1 => Math.Pow(10, -i / 2.0),
            // Three decades across the sketch width l = k + 10, then a drop: A·Ω looks well enough conditioned, but a
            // float32 basis leaves ≈ 1e-13·σ₁ errors (measured) where float64 reaches ≈ 1e-15·σ₁.
            _ => i < k + 10 ? Math.Pow(10, -3.0 * i / (k + 9)) : 1e-9 / (i + 1),
        }).ToArray();
        var left = TestMatrices.RandomOrthonormal(m, rank, random);
        var right = TestMatrices.RandomOrthonormal(n, rank, random);
        var a = TestMatrices.ToRowMajor(left * MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfDiagonalArray(sigma) * right.Transpose());
        using var engine = Engine();
        var view = MatrixView<double>.RowMajor(a, m, n);
        var auto = engine.RandomizedSvd(view, k, new RandomizedSvdOptions { Seed = seed });
        var exact64 = engine.RandomizedSvd(view, k, new RandomizedSvdOptions { Seed = seed, RangeFinderPrecision = RangeFinderPrecision.Float64 });
        string context = $"seed={seed} kind={kind}: {auto.Algorithm}";
        Assert.Equal(accurate ? RangeFinderPrecision.Float64 : RangeFinderPrecision.Float32, auto.RangeFinderPrecision);
        Assert.Contains(kind switch { 0 => "auto → float32", 1 => "nearly rank-deficient", _ => "float32 rejected" }, auto.Algorithm);
        bool fastDecay = accurate;
        double bound = HalkoBound(k, 10, 2, n, sigma[k]);
        for (int j = 0; j < k; j++)
        {
            double value = auto.SingularValues[j];
            Assert.True(Math.Abs(value - exact64.SingularValues[j]) <= (fastDecay ? 2e-14 : 1e-9) * sigma[0], $"{context}: σ̃[{j}] {value:R} vs float64 range finder {exact64.SingularValues[j]:R}");
            double lower = Math.Sqrt(Math.Max(0, sigma[j] * sigma[j] - bound * bound)) - 1e-12 * sigma[0];
            Assert.True(value <= sigma[j] * (1 + 1e-12) && value >= lower, $"{context}: σ̃[{j}] = {value:R} outside [{lower:R}, {sigma[j]:R}]");
            if (fastDecay) Assert.True(Math.Abs(value - sigma[j]) <= 2e-14 * sigma[0], $"{context}: σ̃[{j}] = {value:R} vs exact {sigma[j]:R}");
        }
        double trueError = LowRankResidualNorm(left, sigma, right, auto.U!.Data, auto.SingularValues, auto.Vt!.Data, k);
        Assert.True(auto.ErrorEstimate >= trueError, $"{context}: estimate {auto.ErrorEstimate:R} < true error {trueError:R}");
    }

    /// <summary>
    /// The float32 copy is scaled by a power of two when max|A| is far from 1: float64 matrices whose entries would
    /// overflow (1e200) or underflow (1e-200) in float32 still take the float32 range finder and give the same
    /// singular values, relative to the magnitude, as the float64 range finder.
    /// </summary>
    [Theory]
    [InlineData(1e200)]
    [InlineData(1e-200)]
    [InlineData(1e15)]
    public void Float32RangeFinderHandlesAnyFiniteMagnitude(double magnitude)
    {
        var random = new Random(23 + TestMatrices.SeedOffset);
        int m = 1030, n = 1024, rank = 80, k = 8;
        var sigma = Enumerable.Range(0, rank).Select(i => magnitude / (i + 1)).ToArray();
        var a = TestMatrices.ToRowMajor(TestMatrices.RandomOrthonormal(m, rank, random) * MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfDiagonalArray(sigma)
                                        * TestMatrices.RandomOrthonormal(n, rank, random).Transpose());
        using var engine = Engine();
        var view = MatrixView<double>.RowMajor(a, m, n);
        var auto = engine.RandomizedSvd(view, k, new RandomizedSvdOptions { Seed = 5, ComputeVectors = false });
        var exact64 = engine.RandomizedSvd(view, k, new RandomizedSvdOptions { Seed = 5, ComputeVectors = false, RangeFinderPrecision = RangeFinderPrecision.Float64 });
        // An operator has no known magnitude: its scale comes from the first product.
        var viaOperator = engine.RandomizedSvd(LinearOperator.FromMatrix(view), k, new RandomizedSvdOptions { Seed = 5, ComputeVectors = false });
        Assert.True(auto.RangeFinderPrecision == RangeFinderPrecision.Float32, $"magnitude {magnitude:G3}: {auto.Algorithm}, estimate {auto.ErrorEstimate:R}, range {auto.RangeResidualEstimate:R}");
        for (int j = 0; j < k; j++)
            Assert.True(Math.Abs(viaOperator.SingularValues[j] - exact64.SingularValues[j]) <= 1e-12 * magnitude,
                $"magnitude {magnitude:G3}: operator σ̃[{j}] {viaOperator.SingularValues[j]:R} vs dense {exact64.SingularValues[j]:R}");
        Assert.InRange(viaOperator.ErrorEstimate / exact64.ErrorEstimate, 0.999, 1.001);
        Assert.True(double.IsFinite(auto.ErrorEstimate) && auto.ErrorEstimate > 0, $"magnitude {magnitude:G3}: estimate {auto.ErrorEstimate:R}, {exact64.ErrorEstimate:R}");
        for (int j = 0; j < k; j++)
        {
            Assert.True(Math.Abs(auto.SingularValues[j] - exact64.SingularValues[j]) <= 1e-9 * magnitude,
                $"magnitude {magnitude:G3}: σ̃[{j}] {auto.SingularValues[j]:R} vs float64 range finder {exact64.SingularValues[j]:R}");
            Assert.True(auto.SingularValues[j] <= sigma[j] * (1 + 1e-12) && auto.SingularValues[j] >= 0.5 * sigma[j],
                $"magnitude {magnitude:G3}: σ̃[{j}] = {auto.SingularValues[j]:R}, exact {sigma[j]:R}");
        }
    }

    /// <summary>
    /// float32 matrices near the ends of float32's range: 1e36 entries would overflow in the products (sums of
    /// thousands of terms), 1e-41 entries are subnormal; both run on an exactly scaled copy and agree with the float64
    /// solver on the same values to float32 accuracy.
    /// </summary>
    [Theory]
    [InlineData(1e34)]
    [InlineData(1e-41)]
    public void Float32InputOfExtremeMagnitude(double magnitude)
    {
        var random = new Random(29 + TestMatrices.SeedOffset);
        int m = 3000, n = 200, k = 4;
        var sigma = Enumerable.Range(0, n).Select(i => 1.0 / (i + 1)).ToArray();
        var unit = TestMatrices.WithSpectrum(m, n, sigma, random);
        var single = Array.ConvertAll(unit, x => (float)(x * magnitude * 50));
        var asDouble = Array.ConvertAll(single, x => (double)x);
        using var engine = Engine();
        var result = engine.RandomizedSvd(MatrixView<float>.RowMajor(single, m, n), k, new RandomizedSvdOptions { Seed = 2 });
        var reference = engine.RandomizedSvd(MatrixView<double>.RowMajor(asDouble, m, n), k, new RandomizedSvdOptions { Seed = 2 });
        for (int j = 0; j < k; j++)
            Assert.True(float.IsFinite(result.SingularValues[j]) && Math.Abs(result.SingularValues[j] - reference.SingularValues[j]) <= 1e-4 * reference.SingularValues[0],
                $"magnitude {magnitude:G3}: float32 σ̃[{j}] = {result.SingularValues[j]:R}, float64 {reference.SingularValues[j]:R}");
        Assert.True(float.IsFinite(result.U![0, 0]) && double.IsFinite(result.ErrorEstimate), $"magnitude {magnitude:G3}: {result.ErrorEstimate:R}");
    }

    /// <summary>
    /// The float32 copy doubles as the finiteness check: NaN/∞ anywhere in a large float64 matrix is still reported
    /// with its position, in every precision mode.
    /// </summary>
    [Theory]
    [InlineData(RangeFinderPrecision.Auto)]
    [InlineData(RangeFinderPrecision.Float32)]
    [InlineData(RangeFinderPrecision.Float64)]
    public void NonFiniteLargeMatrixIsRejectedWithItsPosition(RangeFinderPrecision precision)
    {
        int m = 1100, n = 1000;
        var a = new double[m * n];
        var random = new Random(3);
        for (int i = 0; i < a.Length; i++) a[i] = random.NextDouble();
        a[700 * n + 3] = double.NaN;
        using var engine = Engine();
        var error = Assert.ThrowsAny<ArgumentException>(() => engine.RandomizedSvd(MatrixView<double>.RowMajor(a, m, n), 5, new RandomizedSvdOptions { RangeFinderPrecision = precision }));
        Assert.Equal("matrix", error.ParamName);
        Assert.Contains("(700, 3)", error.Message);
        a[700 * n + 3] = double.NegativeInfinity;
        var transposed = new MatrixView<double>(a, n, m, MatrixLayout.ColumnMajor, n);
        error = Assert.ThrowsAny<ArgumentException>(() => engine.RandomizedSvd(transposed, 5, new RandomizedSvdOptions { RangeFinderPrecision = precision }));
        Assert.Contains("(3, 700)", error.Message);
    }

    /// <summary>‖L diag(σ) Rᵀ − U diag(s) Vᵀ‖₂ through thin QRs of [L U] and [R V] (exact for low-rank A, no big SVD).</summary>
    private static double LowRankResidualNorm(MathNet.Numerics.LinearAlgebra.Matrix<double> left, double[] sigma, MathNet.Numerics.LinearAlgebra.Matrix<double> right,
        double[] u, double[] s, double[] vt, int k)
    {
        var build = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build;
        var um = build.DenseOfRowMajor(left.RowCount, k, u);
        var vm = build.DenseOfRowMajor(k, right.RowCount, vt).Transpose();
        var middle = build.Dense(sigma.Length + k, sigma.Length + k);
        for (int i = 0; i < sigma.Length; i++) middle[i, i] = sigma[i];
        for (int i = 0; i < k; i++) middle[sigma.Length + i, sigma.Length + i] = -s[i];
        var lq = left.Append(um).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var rq = right.Append(vm).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        return (lq.R * middle * rq.R.Transpose()).L2Norm();
    }

    [Fact]
    public void ExactlyLowRankIsRecoveredToRoundoff()
    {
        var random = new Random(7 + TestMatrices.SeedOffset);
        var sigma = TestMatrices.Spectrum(SpectrumKind.ExactlyLowRank, 40, lowRank: 4);
        var a = TestMatrices.WithSpectrum(60, 40, sigma, random);
        using var engine = Engine();
        var result = engine.RandomizedSvd(MatrixView<double>.RowMajor(a, 60, 40), 4, oversample: 6, powerIterations: 1, seed: 3);
        for (int j = 0; j < 4; j++) Assert.Equal(sigma[j], result.SingularValues[j], 1e-12);
        Assert.True(result.ErrorEstimate < 1e-11, $"estimate {result.ErrorEstimate}");
    }

    [Fact]
    public void OperatorAndDensePathsAgree()
    {
        var random = new Random(11 + TestMatrices.SeedOffset);
        int m = 45, n = 70;
        var sigma = TestMatrices.Spectrum(SpectrumKind.FastExponentialDecay, m);
        var a = TestMatrices.WithSpectrum(m, n, sigma, random);
        using var engine = Engine();
        var dense = engine.RandomizedSvd(MatrixView<double>.RowMajor(a, m, n), 5, seed: 42);
        // The dense adapter runs the same products: identical bits.
        var adapter = engine.RandomizedSvd(LinearOperator.FromMatrix(MatrixView<double>.RowMajor(a, m, n)), 5, seed: 42);
        Assert.Equal(dense.SingularValues, adapter.SingularValues);
        Assert.Equal(dense.U!.Data, adapter.U!.Data);
        // A user callback with naive loops (different rounding): agreement to roundoff.
        var callback = LinearOperator.FromCallbacks<double>(m, n,
            (x, y, count) => NaiveProduct(a, m, n, transpose: false, x, y, count),
            (x, y, count) => NaiveProduct(a, m, n, transpose: true, x, y, count));
        var viaCallback = engine.RandomizedSvd(callback, 5, seed: 42);
        for (int j = 0; j < 5; j++) Assert.Equal(dense.SingularValues[j], viaCallback.SingularValues[j], 1e-12 * sigma[0]);
        for (int i = 0; i < dense.U.Data.Length; i++) Assert.Equal(dense.U.Data[i], viaCallback.U!.Data[i], 1e-8);
        Assert.Equal(dense.ErrorEstimate, viaCallback.ErrorEstimate, 1e-9 * sigma[0]);
        // A column-major, strided view of the same matrix gives the same answer to roundoff.
        var padded = new double[n * (m + 3)];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) padded[j * (m + 3) + i] = a[i * n + j];
        var strided = engine.RandomizedSvd(new MatrixView<double>(padded, m, n, MatrixLayout.ColumnMajor, m + 3), 5, seed: 42);
        for (int j = 0; j < 5; j++) Assert.Equal(dense.SingularValues[j], strided.SingularValues[j], 1e-12 * sigma[0]);
    }

    [Fact]
    public void GramOperatorMatchesExplicitGram()
    {
        var random = new Random(5 + TestMatrices.SeedOffset);
        int m = 30, n = 20;
        var a = TestMatrices.HeavyTailed(m, n, random);
        var gram = LinearOperator.Gram(LinearOperator.FromMatrix(MatrixView<double>.RowMajor(a, m, n)));
        Assert.Equal(n, gram.Rows);
        Assert.Equal(n, gram.Columns);
        var x = new double[n * 3];
        for (int i = 0; i < x.Length; i++) x[i] = TestMatrices.Gaussian(random);
        var y = new double[n * 3];
        gram.Apply(x, y, 3);
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 3; c++)
            {
                double expected = 0;
                for (int r = 0; r < m; r++)
                    for (int j = 0; j < n; j++) expected += a[r * n + i] * a[r * n + j] * x[j * 3 + c];
                Assert.Equal(expected, y[i * 3 + c], 1e-9 * (1 + Math.Abs(expected)));
            }
        var outer = LinearOperator.OuterGram(LinearOperator.FromMatrix(MatrixView<double>.RowMajor(a, m, n)));
        Assert.Equal(m, outer.Rows);
    }

    [Fact]
    public void SameSeedSameBitsOnAnyThreadCountAndSeedsDiffer()
    {
        var random = new Random(3 + TestMatrices.SeedOffset);
        var a = TestMatrices.HeavyTailed(300, 90, random);
        var view = MatrixView<double>.RowMajor(a, 300, 90);
        using var one = Engine(1);
        using var two = Engine(2);
        var r1 = one.RandomizedSvd(view, 6, seed: 9);
        var r2 = two.RandomizedSvd(view, 6, seed: 9);
        Assert.Equal(r1.SingularValues, r2.SingularValues);
        Assert.Equal(r1.U!.Data, r2.U!.Data);
        Assert.Equal(r1.Vt!.Data, r2.Vt!.Data);
        Assert.Equal(r1.ErrorEstimate, r2.ErrorEstimate);
        var other = two.RandomizedSvd(view, 6, seed: 10);
        Assert.NotEqual(r1.U.Data, other.U!.Data);
    }

    [Fact]
    public void SingularValuesOnlySkipsVectors()
    {
        var a = TestMatrices.HeavyTailed(30, 40, new Random(1));
        using var engine = Engine();
        var result = engine.RandomizedSvd(MatrixView<double>.RowMajor(a, 30, 40), 3, computeVectors: false);
        Assert.Null(result.U);
        Assert.Null(result.Vt);
        Assert.Equal(3, result.SingularValues.Length);
        Assert.Equal(1e-10, result.ErrorFailureProbability, 1e-20);
        Assert.Contains("subspace iteration", result.Algorithm);
    }

    [Theory]
    [InlineData(0, 10, 2, "k")]
    [InlineData(20, 0, 2, "k")]
    [InlineData(25, 0, 2, "k")]
    [InlineData(15, 6, 2, "oversample")]
    [InlineData(5, -1, 2, "oversample")]
    [InlineData(5, 10, -1, "powerIterations")]
    public void BadArgumentsNameTheArgument(int k, int oversample, int powerIterations, string name)
    {
        var a = TestMatrices.HeavyTailed(30, 20, new Random(1));
        using var engine = Engine();
        var e = Assert.ThrowsAny<ArgumentException>(() => engine.RandomizedSvd(MatrixView<double>.RowMajor(a, 30, 20), k, oversample, powerIterations));
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void BlockKrylovBasisTooWideIsRejected()
    {
        var a = TestMatrices.HeavyTailed(30, 20, new Random(1));
        using var engine = Engine();
        var e = Assert.ThrowsAny<ArgumentException>(() => engine.RandomizedSvd(MatrixView<double>.RowMajor(a, 30, 20), 3, 5, 2, method: RandomizedSvdMethod.BlockKrylov));
        Assert.Equal("powerIterations", e.ParamName);
    }

    [Theory]
    [InlineData(double.NaN, 0, 17)]
    [InlineData(double.PositiveInfinity, 0, 17)]
    [InlineData(double.NegativeInfinity, 29, 19)] // the last element: a line's scalar tail when vectors are 8 or 16 wide
    [InlineData(double.NaN, 11, 0)]
    public void NonFiniteInputIsRejected(double bad, int row, int column)
    {
        var a = TestMatrices.HeavyTailed(30, 20, new Random(1));
        a[row * 20 + column] = bad;
        using var engine = Engine();
        var e = Assert.ThrowsAny<ArgumentException>(() => engine.RandomizedSvd(MatrixView<double>.RowMajor(a, 30, 20), 3));
        Assert.Equal("matrix", e.ParamName);
        Assert.Contains($"({row}, {column})", e.Message);
        var f = Assert.ThrowsAny<ArgumentException>(() => engine.RandomizedSvd(MatrixView<float>.RowMajor(TestMatrices.ToFloat(a), 30, 20), 3));
        Assert.Equal("matrix", f.ParamName);
        Assert.Contains($"({row}, {column})", f.Message);
        // Huge but finite values must not be mistaken for overflow.
        var large = (double[])a.Clone();
        large[row * 20 + column] = double.MaxValue;
        BlockOps.RequireFinite(MatrixView<double>.RowMajor(large, 30, 20), "matrix");
        large[row * 20 + column] = -double.MaxValue;
        BlockOps.RequireFinite(MatrixView<double>.RowMajor(large, 30, 20), "matrix");
        var op = LinearOperator.FromCallbacks<double>(30, 20, (x, y, c) => y.Fill(bad), (x, y, c) => y.Fill(1));
        var g = Assert.ThrowsAny<ArgumentException>(() => engine.RandomizedSvd(op, 3));
        Assert.Equal("operator", g.ParamName);
    }

    [Fact]
    public void CallbackBlockSizesAreChecked()
    {
        var op = LinearOperator.FromCallbacks<double>(3, 2, (x, y, c) => y.Clear(), (x, y, c) => y.Clear());
        Assert.Throws<ArgumentException>(() => op.Apply(new double[3], new double[6], 2));
        Assert.Throws<ArgumentException>(() => op.ApplyTranspose(new double[6], new double[3], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearOperator.FromCallbacks<double>(0, 2, (x, y, c) => { }, (x, y, c) => { }));
    }

    internal static void NaiveProduct(double[] a, int m, int n, bool transpose, ReadOnlySpan<double> x, Span<double> y, int count)
    {
        int rows = transpose ? n : m, inner = transpose ? m : n;
        for (int i = 0; i < rows; i++)
            for (int c = 0; c < count; c++)
            {
                double sum = 0;
                for (int j = 0; j < inner; j++) sum += (transpose ? a[j * n + i] : a[i * n + j]) * x[j * count + c];
                y[i * count + c] = sum;
            }
    }

    private static void CheckOrthonormalColumns(double[] u, int rows, int k, double tolerance, object context)
    {
        for (int a = 0; a < k; a++)
            for (int b = a; b < k; b++)
            {
                double dot = 0;
                for (int i = 0; i < rows; i++) dot += u[i * k + a] * u[i * k + b];
                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) <= tolerance, $"{context}: column dot ({a},{b}) = {dot:R}");
            }
    }

    private static double[] Transpose(double[] a, int rows, int columns)
    {
        var t = new double[a.Length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) t[j * rows + i] = a[i * columns + j];
        return t;
    }
}

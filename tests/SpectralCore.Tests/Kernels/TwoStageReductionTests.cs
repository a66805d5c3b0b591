using Xunit;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpectralCore.Kernels.Eigen;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>
/// The two-stage tridiagonalization (dense → band → tridiagonal) against the one-stage Householder reduction, at
/// every bandwidth from 1 up, sizes that are and are not multiples of it, and every matrix family; plus the
/// invariants of an orthogonal similarity (trace, Frobenius norm) and bit-identity across thread counts.
/// </summary>
public class TwoStageReductionTests
{
    private const double Eps = 2.220446049250313e-16;

    private static (double[] D, double[] E) TwoStage(double[] a, int n, int b, int threads)
    {
        var copy = (double[])a.Clone();
        var d = new double[n];
        var e = new double[n];
        DenseToBandReduction.Reduce(copy, n, b, threads);
        BandToTridiagonal.Reduce(copy, n, b, d, e, threads);
        return (d, e);
    }

    private static double[] OneStageValues(double[] a, int n)
    {
        var copy = (double[])a.Clone();
        var d = new double[n];
        var e = new double[n];
        HouseholderTridiagonalization.Reduce(copy, n, d, e, new double[n], 1);
        TridiagonalQL.ValuesRootFree(d, e, n);
        Array.Sort(d);
        return d;
    }

    private static void CheckAgainstOneStage(MatrixCase c, int b, int threads)
    {
        int n = c.Rows;
        var a = MatrixGenerators.SymmetricDouble(c);
        string context = $"{c} b={b} threads={threads} ({TestSeed.Describe(c.Seed)})";
        var (d, e) = TwoStage(a, n, b, threads);
        double norm = SpectralChecks.Frobenius(a);
        double tolerance = 10 * Math.Max(n, 1) * Eps * norm;
        // Orthogonal similarity keeps the trace and the Frobenius norm.
        double trace = 0, traceT = 0, frobT = 0;
        for (int i = 0; i < n; i++)
        {
            trace += a[i * n + i];
            traceT += d[i];
            frobT += d[i] * d[i] + (i + 1 < n ? 2 * e[i] * e[i] : 0);
        }
        Assert.True(Math.Abs(trace - traceT) <= tolerance, $"{context}: trace {trace:R} vs {traceT:R}");
        Assert.True(Math.Abs(Math.Sqrt(frobT) - norm) <= tolerance, $"{context}: ‖T‖F {Math.Sqrt(frobT):R} vs ‖A‖F {norm:R}");
        Assert.Equal(0.0, n > 0 ? e[n - 1] : 0.0);
        var values = (double[])d.Clone();
        TridiagonalQL.ValuesRootFree(values, (double[])e.Clone(), n);
        Array.Sort(values);
        var expected = OneStageValues(a, n);
        for (int i = 0; i < n; i++)
            Assert.True(Math.Abs(values[i] - expected[i]) <= tolerance, $"{context}: λ[{i}] two-stage {values[i]:R} vs one-stage {expected[i]:R}");
    }

    [Fact]
    public void EveryBandwidthAndSizeAgreesWithTheOneStageReduction()
    {
        int index = 0;
        foreach (int b in new[] { 1, 2, 3, 4, 5, 8, 13, 32 })
            foreach (int n in new[] { 0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33, 64, 65, 100, 131 })
            {
                var kind = MatrixGenerators.AllKinds[index % MatrixGenerators.AllKinds.Count];
                CheckAgainstOneStage(new MatrixCase(kind, n, n, TestSeed.For(nameof(EveryBandwidthAndSizeAgreesWithTheOneStageReduction), index++)), b, 1 + index % 2);
            }
    }

    [Property(MaxTest = 40)]
    public Property RandomCasesAgreeWithTheOneStageReduction() => Prop.ForAll(
        (from c in MatrixGenerators.SymmetricCases(160, [1.0])
         from b in Gen.Elements(1, 2, 3, 6, 7, 16, 24, 32)
         from threads in Gen.Choose(1, 3)
         select (c, b, threads)).ToArbitrary(),
        t => CheckAgainstOneStage(t.c, t.b, t.threads));

    [Fact]
    public void SameBitsForEveryThreadCount()
    {
        var c = new MatrixCase(MatrixKind.StudentT2_5, 301, 301, TestSeed.For(nameof(SameBitsForEveryThreadCount)));
        var a = MatrixGenerators.SymmetricDouble(c);
        var (d1, e1) = TwoStage(a, c.Rows, 7, 1);
        foreach (int threads in new[] { 2, 3, 4 })
        {
            var (d, e) = TwoStage(a, c.Rows, 7, threads);
            Assert.Equal(d1, d);
            Assert.Equal(e1, e);
        }
    }

    [Theory]
    [InlineData(48, 640)]
    [InlineData(20, 611)]
    public void LookAheadHelperLeavesTheBandBitsUnchangedAndAgreesWithTheOneStageReduction(int b, int n)
    {
        // From a trailing order of 384 on, with two or more threads, a helper updates A₂₂'s bottom blocks while the
        // panel is factored (how many depends on timing; the test knob forces 1, 5 or all of them); the band must come
        // out bit-identical to the one-thread run.
        var c = new MatrixCase(MatrixKind.StudentT2_5, n, n, TestSeed.For("look-ahead", b));
        var a = MatrixGenerators.SymmetricDouble(c);
        var reference = (double[])a.Clone();
        DenseToBandReduction.Reduce(reference, n, b, 1);
        foreach (int threads in new[] { 2, 3 })
            foreach (int forced in new[] { 0, 1, 5, 1000 })
                AssertBandBitsWithKnob(a, n, b, threads, reference, knob => DenseToBandReduction.ForcedLookAheadBlocks = knob, forced, "forced");
        CheckAgainstOneStage(c, b, 2);
    }

    [Fact]
    public void BlocksUpdatedOutOfOrderByAnIdleWorkerLeaveTheBandBitsUnchanged()
    {
        // A worker of the fused pass with no chunk left updates the highest blocks still to do; the test knob makes every
        // worker do that first (2 or 9 blocks), so chunk owners must skip those blocks. Bits as in the plain run.
        const int n = 500, b = 20;
        var c = new MatrixCase(MatrixKind.Gaussian, n, n, TestSeed.For("stolen-blocks"));
        var a = MatrixGenerators.SymmetricDouble(c);
        var reference = (double[])a.Clone();
        DenseToBandReduction.Reduce(reference, n, b, 1);
        foreach (int threads in new[] { 1, 2, 3 })
            foreach (int stolen in new[] { 2, 9 })
                AssertBandBitsWithKnob(a, n, b, threads, reference, knob => DenseToBandReduction.ForcedStolenBlocks = knob, stolen, "stolen");
    }

    /// <summary>Reduces a copy of <paramref name="a"/> with a test knob set (reset to 0 after) and asserts its band equals <paramref name="reference"/> bit for bit.</summary>
    private static void AssertBandBitsWithKnob(double[] a, int n, int b, int threads, double[] reference, Action<int> setKnob, int value, string knobName)
    {
        var reduced = (double[])a.Clone();
        setKnob(value);
        try
        {
            DenseToBandReduction.Reduce(reduced, n, b, threads);
        }
        finally
        {
            setKnob(0);
        }
        for (int i = 0; i < n; i++)
            for (int j = Math.Max(0, i - b); j <= i; j++)
                Assert.True(reduced[i * n + j] == reference[i * n + j],
                    $"n={n} b={b} threads={threads} {knobName}={value}: band ({i}, {j}) {reduced[i * n + j]:R} vs {reference[i * n + j]:R}");
    }

    [Fact]
    public void TwoSidedBlockUpdateMatchesTheDenseProductAtEveryOrder()
    {
        // H S H (H = I − τ v vᵀ) on a symmetric block kept as lower band columns, against the dense triple product:
        // every order 0..50 (four-column groups, 1–3 leftover columns, vector bodies and scalar tails), entries outside
        // the block untouched, and w returned in p.
        var rng = new SeededRandom(TestSeed.For(nameof(TwoSidedBlockUpdateMatchesTheDenseProductAtEveryOrder)));
        const int ld = 100, first = 3;
        for (int len = 0; len <= 50; len++)
        {
            var band = new double[(first + len + 2) * ld];
            for (int i = 0; i < band.Length; i++) band[i] = rng.NextNormal();
            var original = (double[])band.Clone();
            var v = Enumerable.Range(0, len).Select(_ => rng.NextNormal()).ToArray();
            double tau = len == 0 ? 0 : 2 / v.Sum(x => x * x);
            var dense = new double[len * len];
            for (int c = 0; c < len; c++)
                for (int r = c; r < len; r++) dense[r * len + c] = dense[c * len + r] = band[(first + c) * ld + (r - c)];
            // H S H = S − v wᵀ − w vᵀ with p = τ S v, w = p − ½ τ (pᵀ v) v.
            var p = new double[len];
            for (int i = 0; i < len; i++)
                for (int j = 0; j < len; j++) p[i] += tau * dense[i * len + j] * v[j];
            double kappa = -0.5 * tau * p.Select((x, i) => x * v[i]).Sum();
            var w = p.Select((x, i) => x + kappa * v[i]).ToArray();
            var scratch = new double[Math.Max(len, 1)];
            BulgeBlock.TwoSided(band, first * ld, ld, len, v, tau, scratch);
            double scale = dense.Length == 0 ? 1 : dense.Max(Math.Abs) * (1 + tau * v.Sum(x => x * x));
            for (int i = 0; i < len; i++)
                Assert.True(Math.Abs(scratch[i] - w[i]) <= 1e-13 * scale * Math.Max(1, len), $"len={len}: w[{i}] {scratch[i]:R} vs {w[i]:R}");
            for (int c = 0; c < band.Length / ld; c++)
                for (int o = 0; o < ld; o++)
                {
                    int index = c * ld + o, col = c - first, row = col + o;
                    bool inBlock = col >= 0 && col < len && row < len;
                    double expected = inBlock ? dense[row * len + col] - v[row] * w[col] - w[row] * v[col] : original[index];
                    if (inBlock)
                        Assert.True(Math.Abs(band[index] - expected) <= 1e-13 * scale * Math.Max(1, len), $"len={len}: ({row}, {col}) {band[index]:R} vs {expected:R}");
                    else
                        Assert.Equal(expected, band[index]);
                }
        }
    }

    [Fact]
    public void OneSidedBlockUpdatesMatchTheDenseProducts()
    {
        // (I − τ u uᵀ) B and B (I − τ v vᵀ) on a rows × cols block of band storage (columns ld − 1 apart), against dense
        // products: shapes 0..50 × 0..50 with 1–3 leftover columns and rows, the left one from a first column on; entries
        // outside the block (and left of the first column) untouched.
        var rng = new SeededRandom(TestSeed.For(nameof(OneSidedBlockUpdatesMatchTheDenseProducts)));
        const int stride = 95, offset = 7;
        foreach (int rows in new[] { 0, 1, 3, 4, 5, 16, 17, 31, 48, 50 })
            foreach (int cols in new[] { 0, 1, 2, 4, 7, 13, 48, 50 })
                foreach (bool left in new[] { true, false })
                {
                    var band = new double[offset + Math.Max(cols, 1) * stride + 64];
                    for (int i = 0; i < band.Length; i++) band[i] = rng.NextNormal();
                    var original = (double[])band.Clone();
                    int length = left ? rows : cols;
                    var h = Enumerable.Range(0, length).Select(_ => rng.NextNormal()).ToArray();
                    double tau = length == 0 ? 0 : 2 / h.Sum(x => x * x);
                    int firstColumn = left && cols > 0 ? cols / 3 : 0;
                    double B(int r, int c) => original[offset + c * stride + r];
                    var expected = (double[])original.Clone();
                    for (int c = firstColumn; c < cols; c++)
                        for (int r = 0; r < rows; r++)
                        {
                            double sum = 0;
                            if (left) for (int q = 0; q < rows; q++) sum += h[q] * B(q, c);
                            else for (int q = 0; q < cols; q++) sum += B(r, q) * h[q];
                            expected[offset + c * stride + r] = B(r, c) - tau * sum * (left ? h[r] : h[c]);
                        }
                    if (left) BulgeBlock.ApplyFromLeft(band, offset, stride, rows, cols, firstColumn, h, tau, new double[Math.Max(cols, 1)]);
                    else BulgeBlock.ApplyFromRight(band, offset, stride, rows, cols, h, tau);
                    for (int i = 0; i < band.Length; i++)
                        Assert.True(Math.Abs(band[i] - expected[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i])) * Math.Max(rows, cols),
                            $"{(left ? "left" : "right")} {rows}×{cols} from {firstColumn}: entry {i} {band[i]:R} vs {expected[i]:R}");
                }
    }

    [Fact]
    public void WaveGroupsGiveTheBitsOfSweepBySweepOrder()
    {
        // Sweep-by-sweep on one thread (group size 1) is the reference order; waves of any size, on any number of
        // workers, must reproduce it bit for bit — a wave that ran a step before its predecessor cleared the window
        // would change the bits (or the values, which the one-stage comparison above checks).
        foreach (var (n, b) in new[] { (301, 7), (200, 16), (97, 3) })
        {
            var c = new MatrixCase(MatrixKind.StudentT2_5, n, n, TestSeed.For(nameof(WaveGroupsGiveTheBitsOfSweepBySweepOrder), n));
            var a = MatrixGenerators.SymmetricDouble(c);
            DenseToBandReduction.Reduce(a, n, b, 1);
            int ld = 2 * b;
            var band = new double[n * ld];
            for (int col = 0; col < n; col++)
                for (int o = 0; o <= Math.Min(b, n - 1 - col); o++) band[col * ld + o] = a[(col + o) * n + col];
            var reference = (double[])band.Clone();
            BandToTridiagonal.Chase(reference, n, b, 1, groupSize: 1);
            foreach (int groupSize in new[] { 2, 3, 8, 64 })
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    var chased = (double[])band.Clone();
                    BandToTridiagonal.Chase(chased, n, b, threads, groupSize);
                    for (int i = 0; i < n; i++)
                    {
                        Assert.True(chased[i * ld] == reference[i * ld], $"n={n} b={b} group={groupSize} threads={threads}: d[{i}] {chased[i * ld]:R} vs {reference[i * ld]:R}");
                        Assert.True(chased[i * ld + 1] == reference[i * ld + 1], $"n={n} b={b} group={groupSize} threads={threads}: e[{i}] {chased[i * ld + 1]:R} vs {reference[i * ld + 1]:R}");
                    }
                }
        }
    }

    [Fact]
    public void PublicValuesOnlyRouteTakesTheTwoStageReductionAndMeetsTheBar()
    {
        var backend = new ManagedBackend(new SpectralOptions { MaxDegreeOfParallelism = 2 });
        int index = 0;
        // Below and above the order from which the tridiagonal's values come from divide and conquer.
        foreach (int n in new[] { SymmetricEigenSolver.TwoStageThreshold + 17, TridiagonalSplitValues.MinimumOrder + 17 })
        foreach (var kind in new[] { MatrixKind.Gaussian, MatrixKind.StudentT1_5, MatrixKind.RepeatedEigenvalues, MatrixKind.LowRankPlusNoise, MatrixKind.Zero })
            foreach (double scale in new[] { 1.0, 1e-150, 1e+150 })
            {
                var c = new MatrixCase(kind, n, n, TestSeed.For(nameof(PublicValuesOnlyRouteTakesTheTwoStageReductionAndMeetsTheBar), index++), scale);
                var data = c.Symmetric<double>();
                var result = backend.EigenSymmetric(MatrixView<double>.RowMajor(data, n, n), EigenOptions.ValuesOnly);
                Assert.Equal(n >= TridiagonalSplitValues.MinimumOrder ? SymmetricEigenSolver.TwoStageValuesAlgorithm : SymmetricEigenSolver.TwoStageRootFreeValuesAlgorithm, result.Algorithm);
                SpectralChecks.CheckEigen(data, n, result, $"{c} ({TestSeed.Describe(c.Seed)})");
                // The vectors route reduces in one stage: both spectra must agree.
                var withVectors = backend.EigenSymmetric(MatrixView<double>.RowMajor(data, n, n), EigenOptions.WithVectors).Values;
                double tolerance = 10 * n * Eps * SpectralChecks.Frobenius(data);
                for (int i = 0; i < n; i++)
                    Assert.True(Math.Abs(result.Values[i] - withVectors[i]) <= tolerance, $"{c}: λ[{i}] {result.Values[i]:R} vs {withVectors[i]:R}");
            }
    }

    [Theory]
    [InlineData(48, 512)]
    [InlineData(48, 611)]
    [InlineData(20, 433)]
    public void APaddedLeadingDimensionGivesTheBitsOfTheDenseLayoutAndLeavesThePaddingAlone(int b, int n)
    {
        // The Gram and eigvalsh routes store the matrix at PaddedLeadingDimension(n) (rows out of each other's cache sets);
        // n = 512 also moves the pass's transposed product from its packed path (stride a multiple of 512) to reading in
        // place. Same products in the same order: the band and the tridiagonal must be bit-identical, and no entry of the
        // padding (NaN here) may be read (the band would turn NaN) or written.
        var c = new MatrixCase(MatrixKind.StudentT2_5, n, n, TestSeed.For("padded-lda", b * 10000 + n));
        var a = MatrixGenerators.SymmetricDouble(c);
        int padded = DenseToBandReduction.PaddedLeadingDimension(n);
        foreach (int threads in new[] { 1, 2 })
        {
            var (d0, e0) = TwoStage(a, n, b, threads);
            foreach (int lda in new[] { padded, n + 3 })
            {
                var stored = new double[n * lda];
                Array.Fill(stored, double.NaN);
                for (int i = 0; i < n; i++) Array.Copy(a, i * n, stored, i * lda, n);
                DenseToBandReduction.Reduce(stored, n, lda, b, threads);
                for (int i = 0; i < n; i++)
                    for (int j = n; j < lda && i * lda + j < stored.Length; j++)
                        Assert.True(double.IsNaN(stored[i * lda + j]), $"n={n} lda={lda}: padding ({i}, {j}) was written: {stored[i * lda + j]:R}");
                var d = new double[n];
                var e = new double[n];
                BandToTridiagonal.Reduce(stored, n, lda, b, d, e, threads);
                for (int i = 0; i < n; i++)
                {
                    Assert.True(d[i] == d0[i], $"n={n} b={b} lda={lda} threads={threads}: d[{i}] {d[i]:R} vs {d0[i]:R}");
                    Assert.True(e[i] == e0[i], $"n={n} b={b} lda={lda} threads={threads}: e[{i}] {e[i]:R} vs {e0[i]:R}");
                }
            }
        }
    }

    [Fact]
    public void PaddedLeadingDimensionIsAnOddNumberOfCacheLinesAtLeastTheOrder()
    {
        for (int n = 0; n <= 5000; n++)
        {
            int lda = DenseToBandReduction.PaddedLeadingDimension(n);
            Assert.True(lda >= n && lda < n + 16 && lda % 8 == 0 && lda / 8 % 2 == 1, $"n={n}: lda={lda}");
        }
    }

    [Theory]
    [InlineData(SymmetricEigenSolver.TwoStageThreshold + 17, false)]
    [InlineData(100, false)]
    [InlineData(100, true)]
    public void SolveAtAPaddedLeadingDimensionGivesTheDenseLayoutsBits(int n, bool vectors)
    {
        // Two-stage values read the padded rows in place; the other routes pack them to n first.
        var c = new MatrixCase(MatrixKind.Gaussian, n, n, TestSeed.For("solve-lda", n));
        var a = MatrixGenerators.SymmetricDouble(c);
        var (values0, vectors0) = SymmetricEigenSolver.Solve((double[])a.Clone(), n, vectors, 2, out string algorithm0);
        int lda = n + 11;
        var stored = new double[n * lda];
        for (int i = 0; i < n; i++) Array.Copy(a, i * n, stored, i * lda, n);
        var (values, vectorsT) = SymmetricEigenSolver.Solve(stored, n, vectors, 2, out string algorithm, lda: lda);
        Assert.Equal(algorithm0, algorithm);
        Assert.Equal(values0, values);
        Assert.Equal(vectors0, vectorsT);
    }
}

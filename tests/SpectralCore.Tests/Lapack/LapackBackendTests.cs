using System.Numerics;
using SpectralCore.Interop;
using Xunit;
using SpectralCore.Tests.Infrastructure;
using static SpectralCore.Tests.Lapack.TestMatrices;

namespace SpectralCore.Tests.Lapack;

/// <summary>
/// The LAPACK backend against invariants and matrices with known spectra (built here in float64, independent
/// of any backend): exact eigen/singular values, residuals, orthogonality, every layout/triangle/stride,
/// index ranges, batches with rejected matrices, the randomized SVD, and the error contract.
/// </summary>
public sealed class LapackBackendTests
{
    private static void EigenCase<T>(int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        int n = random.Next(0, 40);
        // Known spectrum with a repeated eigenvalue and mixed signs.
        var values = Enumerable.Range(0, n).Select(i => i % 5 == 0 ? 2.0 : (i - n / 2.0) * (1 + random.NextDouble())).OrderBy(x => x).ToArray();
        var a = SymmetricWithEigenvalues(values, random);
        var layout = random.Next(2) == 0 ? MatrixLayout.RowMajor : MatrixLayout.ColumnMajor;
        var triangle = random.Next(2) == 0 ? Triangle.Lower : Triangle.Upper;
        var view = Store(a, layout, random.Next(3), T.NaN);
        // Poison the triangle that must not be read.
        var data = (T[])System.Runtime.InteropServices.MemoryMarshal.AsMemory(view.Data).ToArray();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (triangle == Triangle.Lower ? j > i : j < i) data[view.Index(i, j)] = T.NaN;
        view = new MatrixView<T>(data, n, n, layout, view.LeadingDimension);

        using var lapack = LapackFixture.Create();
        var result = lapack.EigenSymmetric(view, new EigenOptions { ComputeVectors = true, Triangle = triangle });
        Assert.Equal(Backend.Lapack, result.Backend);
        Assert.Contains("syevd", result.Algorithm);
        double norm = Math.Max(FrobeniusNorm(a), 1e-300), eps = Epsilon<T>();
        double tolerance = 20 * Math.Max(n, 1) * eps * norm;
        for (int i = 0; i < n; i++)
            Assert.True(Math.Abs(double.CreateChecked(result.Values[i]) - values[i]) <= tolerance,
                $"n={n} {layout} {triangle}: λ[{i}] = {result.Values[i]}, expected {values[i]} (tolerance {tolerance:g3})");
        var v = result.Vectors!;
        for (int c = 0; c < n; c++)
        {
            double residual = 0;
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                for (int j = 0; j < n; j++) sum += a[i, j] * double.CreateChecked(v[j, c]);
                double r = sum - double.CreateChecked(result.Values[c]) * double.CreateChecked(v[i, c]);
                residual += r * r;
            }
            Assert.True(Math.Sqrt(residual) <= tolerance, $"n={n}: residual of pair {c} is {Math.Sqrt(residual):g3} > {tolerance:g3}");
            for (int d = 0; d <= c; d++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += double.CreateChecked(v[i, c]) * double.CreateChecked(v[i, d]);
                Assert.True(Math.Abs(dot - (c == d ? 1 : 0)) <= 20 * Math.Max(n, 1) * eps, $"n={n}: vᵀv[{c},{d}] = {dot}");
            }
        }
    }

    [SkippableFact]
    public void EigenOfKnownSpectraDouble() => SeededCases.Check(nameof(EigenOfKnownSpectraDouble), 40, EigenCase<double>);

    [SkippableFact]
    public void EigenOfKnownSpectraFloat() => SeededCases.Check(nameof(EigenOfKnownSpectraFloat), 40, EigenCase<float>);

    private static void SvdCase<T>(int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        int m = random.Next(0, 30), n = random.Next(0, 30), k = Math.Min(m, n);
        var s = Enumerable.Range(0, k).Select(i => Math.Pow(10, -3.0 * i / Math.Max(k, 1)) * 5).ToArray();
        var a = WithSingularValues(m, n, s, random);
        var layout = random.Next(2) == 0 ? MatrixLayout.RowMajor : MatrixLayout.ColumnMajor;
        var view = Store(a, layout, random.Next(3), T.NaN);
        using var lapack = LapackFixture.Create();
        var result = lapack.Svd(view, SvdOptions.WithVectors);
        double eps = Epsilon<T>(), tolerance = 20 * Math.Max(Math.Max(m, n), 1) * eps * (k > 0 ? s[0] : 1);
        Assert.Equal(k, result.SingularValues.Length);
        for (int i = 0; i < k; i++)
            Assert.True(Math.Abs(double.CreateChecked(result.SingularValues[i]) - s[i]) <= tolerance, $"{m}×{n} {layout}: σ[{i}] = {result.SingularValues[i]}, expected {s[i]}");
        var u = result.U!;
        var vt = result.Vt!;
        Assert.Equal((m, k), (u.Rows, u.Columns));
        Assert.Equal((k, n), (vt.Rows, vt.Columns));
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += double.CreateChecked(u[i, p]) * double.CreateChecked(result.SingularValues[p]) * double.CreateChecked(vt[p, j]);
                Assert.True(Math.Abs(sum - a[i, j]) <= tolerance, $"{m}×{n} {layout}: (UΣVᵀ)[{i},{j}] = {sum}, A = {a[i, j]}");
            }
        var valuesOnly = lapack.Svd(view, SvdOptions.ValuesOnly);
        Assert.Null(valuesOnly.U);
        for (int i = 0; i < k; i++) Assert.True(Math.Abs(double.CreateChecked(valuesOnly.SingularValues[i]) - s[i]) <= tolerance);
    }

    private static void GramCase<T>(int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        int m = random.Next(1, 60), n = random.Next(1, 60), k = Math.Min(m, n);
        // σ from 5 down to 5e-3: well above √ε·σ₁, where the Gram route keeps its accuracy.
        var s = Enumerable.Range(0, k).Select(i => Math.Pow(10, -3.0 * i / Math.Max(k, 1)) * 5).ToArray();
        var a = WithSingularValues(m, n, s, random);
        var layout = random.Next(2) == 0 ? MatrixLayout.RowMajor : MatrixLayout.ColumnMajor;
        var view = Store(a, layout, random.Next(3), T.NaN);
        using var lapack = LapackFixture.Create();
        var result = lapack.Svd(view, new SvdOptions { Method = SvdMethod.Gram });
        Assert.Equal(Backend.Lapack, result.Backend);
        Assert.Contains("Gram route", result.Algorithm);
        Assert.Contains("dsyrk + dsyevd", result.Algorithm); // the backend's own SYRK and eigensolver (spectral_gram_eigenvalues)
        Assert.Null(result.U);
        Assert.Equal(k, result.SingularValues.Length);
        int size = Math.Max(m, n);
        for (int i = 0; i < k; i++)
        {
            // Storing A in T perturbs σ by ≤ ‖ΔA‖_F ≤ (ε_T/2)·‖A‖_F ≤ (ε_T/2)·√k·σ₁; the float64 Gram eigenvalues are off
            // by ~size·ε·σ₁², i.e. σᵢ by that / (2σᵢ).
            double tolerance = 2 * Math.Sqrt(k) * Epsilon<T>() * s[0] + 20 * size * Epsilon<double>() * s[0] * s[0] / s[i];
            Assert.True(Math.Abs(double.CreateChecked(result.SingularValues[i]) - s[i]) <= tolerance,
                $"seed {seed}, {m}×{n} {layout}: Gram σ[{i}] = {result.SingularValues[i]}, expected {s[i]} (tolerance {tolerance:g3})");
        }
    }

    [SkippableFact]
    public void GramRouteMatchesKnownSingularValuesDouble() => SeededCases.Check(nameof(GramRouteMatchesKnownSingularValuesDouble), 30, GramCase<double>);

    [SkippableFact]
    public void GramRouteMatchesKnownSingularValuesFloat() => SeededCases.Check(nameof(GramRouteMatchesKnownSingularValuesFloat), 30, GramCase<float>);

    [SkippableFact]
    public void GramRouteKeepsSingularValuesOfMatricesAtExtremeScales()
    {
        // σ² of a 1e-300 matrix is below float64's range: the backend's eigenvalues came back 0 before the wrapper
        // scaled such a matrix by a power of two first.
        using var lapack = LapackFixture.Create();
        foreach (int exponent in new[] { -1000, -1060, 1000 }) GramScaling.Check<double>(lapack.Svd, "lapack", exponent);
        foreach (int exponent in new[] { -120, 100 }) GramScaling.Check<float>(lapack.Svd, "lapack", exponent);
    }

    [SkippableFact]
    public void GramRouteRefusesNonFiniteInputNamingTheMatrix()
    {
        using var lapack = LapackFixture.Create();
        var data = new double[] { 1, 2, double.NaN, 4, 5, 6 };
        var e = Assert.Throws<ArgumentException>(() => lapack.Svd(MatrixView<double>.RowMajor(data, 2, 3), new SvdOptions { Method = SvdMethod.Gram }));
        Assert.Equal("matrix", e.ParamName);
    }

    [SkippableFact]
    public void SvdOfKnownSpectraDouble() => SeededCases.Check(nameof(SvdOfKnownSpectraDouble), 40, SvdCase<double>);

    [SkippableFact]
    public void SvdOfKnownSpectraFloat() => SeededCases.Check(nameof(SvdOfKnownSpectraFloat), 40, SvdCase<float>);

    [SkippableFact]
    public void IndexRangeMatchesTheFullSpectrum()
    {
        using var lapack = LapackFixture.Create();
        var random = new Random(3);
        var values = Enumerable.Range(0, 25).Select(i => (double)i * i - 40).ToArray();
        var a = SymmetricWithEigenvalues(values, random);
        foreach (var layout in new[] { MatrixLayout.RowMajor, MatrixLayout.ColumnMajor })
            foreach (int extra in new[] { 0, 2 })
            {
                var view = Store(a, layout, extra, 0.0);
                var range = lapack.EigenSymmetric(view, new EigenOptions { ComputeVectors = true, FirstIndex = 4, LastIndex = 9 });
                Assert.Contains("syevr", range.Algorithm);
                Assert.Equal(6, range.Values.Length);
                Assert.Equal((25, 6), (range.Vectors!.Rows, range.Vectors.Columns));
                for (int i = 0; i < 6; i++) Assert.Equal(values[4 + i], range.Values[i], 1e-11);
                // A v = λ v for each returned pair.
                for (int c = 0; c < 6; c++)
                    for (int i = 0; i < 25; i++)
                    {
                        double sum = 0;
                        for (int j = 0; j < 25; j++) sum += a[i, j] * range.Vectors[j, c];
                        Assert.Equal(range.Values[c] * range.Vectors[i, c], sum, 1e-10);
                    }
            }
    }

    [SkippableFact]
    public void BatchesOfMixedSizesMatchKnownSpectraAndRejectOnlyBadMatrices()
    {
        using var lapack = LapackFixture.Create(threads: 2);
        var random = new Random(11);
        int[] sizes = { 5, 0, 17, 1, 9, 30, 4 };
        var truths = sizes.Select(n => Enumerable.Range(0, n).Select(i => i - 3.5).ToArray()).ToArray();
        var views = new List<MatrixView<float>>();
        for (int i = 0; i < sizes.Length; i++)
            views.Add(Store(SymmetricWithEigenvalues(truths[i], random), i % 2 == 0 ? MatrixLayout.RowMajor : MatrixLayout.ColumnMajor, i % 3, 0f));
        // Matrix 4 gets an infinity in its lower triangle.
        var bad = (float[])System.Runtime.InteropServices.MemoryMarshal.AsMemory(views[4].Data).ToArray();
        bad[views[4].Index(3, 1)] = float.PositiveInfinity;
        views[4] = new MatrixView<float>(bad, 9, 9, views[4].Layout, views[4].LeadingDimension);

        var batch = lapack.EigenSymmetricBatch(views, EigenOptions.WithVectors);
        Assert.Equal(Backend.Lapack, batch.Backend);
        Assert.False(batch.AllSucceeded);
        for (int i = 0; i < sizes.Length; i++)
        {
            if (i == 4)
            {
                Assert.Equal(BatchItemStatus.Rejected, batch.Items[i].Status);
                Assert.Contains("NaN or infinity", batch.Items[i].Message);
                Assert.Throws<ArgumentException>(() => batch[i]);
                continue;
            }
            Assert.Equal(BatchItemStatus.Ok, batch.Items[i].Status);
            var r = batch[i];
            Assert.Equal(sizes[i], r.Values.Length);
            for (int j = 0; j < sizes[i]; j++) Assert.True(Math.Abs(r.Values[j] - truths[i][j]) <= 1e-4, $"matrix {i}: λ[{j}] = {r.Values[j]}");
        }
        var svd = lapack.SvdBatch(views.Where((_, i) => i != 4).ToList(), SvdOptions.WithVectors);
        Assert.True(svd.AllSucceeded);
        var ranged = lapack.EigenSymmetricBatch(new[] { views[2], views[5] }, new EigenOptions { FirstIndex = 1, LastIndex = 3 });
        Assert.Equal(new[] { -2.5f, -1.5f, -0.5f }, ranged[0].Values.Select(x => MathF.Round(x * 1000) / 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => lapack.EigenSymmetricBatch(new[] { views[0] }, new EigenOptions { FirstIndex = 2, LastIndex = 7 }));
    }

    [SkippableFact]
    public void SvdBatchValuesMatchSingleCalls()
    {
        using var lapack = LapackFixture.Create(threads: 3);
        var random = new Random(5);
        var views = new List<MatrixView<double>>();
        for (int i = 0; i < 12; i++)
        {
            int m = random.Next(1, 20), n = random.Next(1, 20);
            var a = new double[m, n];
            for (int r = 0; r < m; r++)
                for (int c = 0; c < n; c++) a[r, c] = Gaussian(random);
            views.Add(Store(a, i % 2 == 0 ? MatrixLayout.RowMajor : MatrixLayout.ColumnMajor, i % 2, double.NaN));
        }
        var batch = lapack.SvdBatch(views, SvdOptions.ValuesOnly);
        for (int i = 0; i < views.Count; i++)
        {
            var single = lapack.Svd(views[i], SvdOptions.ValuesOnly);
            double scale = single.SingularValues.Length > 0 ? single.SingularValues[0] : 1;
            for (int j = 0; j < single.SingularValues.Length; j++)
                Assert.True(Math.Abs(batch[i].SingularValues[j] - single.SingularValues[j]) <= 1e-13 * scale * 20);
        }
    }

    [SkippableFact]
    public void BatchBitsDoNotDependOnTheThreadCount()
    {
        var random = new Random(8);
        var views = Enumerable.Range(0, 16).Select(i =>
        {
            int n = 3 + (i * 5) % 23;
            var a = new double[n, n];
            for (int r = 0; r < n; r++)
                for (int c = 0; c <= r; c++) a[r, c] = a[c, r] = Gaussian(random);
            return Store(a, MatrixLayout.RowMajor, 0, 0.0);
        }).ToList();
        using var one = LapackFixture.Create(threads: 1);
        using var three = LapackFixture.Create(threads: 3);
        var x = one.EigenSymmetricBatch(views, EigenOptions.WithVectors);
        var y = three.EigenSymmetricBatch(views, EigenOptions.WithVectors);
        for (int i = 0; i < views.Count; i++)
        {
            Assert.Equal(x[i].Values, y[i].Values);
            Assert.Equal(x[i].Vectors!.Data, y[i].Vectors!.Data);
        }
    }

    [SkippableFact]
    public void RandomizedSvdRecoversALowRankMatrixAndIsSeedDeterministic()
    {
        using var lapack = LapackFixture.Create();
        var random = new Random(21);
        double[] s = { 40, 10, 3, 1, 0.5, 0.25 };
        var a = WithSingularValues(80, 50, s, random);
        foreach (var layout in new[] { MatrixLayout.RowMajor, MatrixLayout.ColumnMajor })
        {
            var view = Store(a, layout, 1, 0.0);
            var r = lapack.RandomizedSvd(view, rank: 4, oversample: 4, powerIterations: 1, seed: 99);
            Assert.Contains("Halko", r.Algorithm);
            for (int i = 0; i < 4; i++) Assert.Equal(s[i], r.SingularValues[i], 1e-10);
            for (int i = 0; i < 80; i++)
                for (int j = 0; j < 50; j++)
                {
                    double rank4 = 0;
                    for (int p = 0; p < 4; p++) rank4 += r.U![i, p] * r.SingularValues[p] * r.Vt![p, j];
                    // A minus its best rank-4 approximation has spectral norm 0.5.
                    Assert.True(Math.Abs(rank4 - a[i, j]) <= 0.5 + 1e-9);
                }
            var again = lapack.RandomizedSvd(view, rank: 4, oversample: 4, powerIterations: 1, seed: 99, computeVectors: false);
            for (int i = 0; i < 4; i++) Assert.Equal(r.SingularValues[i], again.SingularValues[i], 1e-12);
            Assert.Null(again.U);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => lapack.RandomizedSvd(Store(a, MatrixLayout.RowMajor, 0, 0.0), rank: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => lapack.RandomizedSvd(Store(a, MatrixLayout.RowMajor, 0, 0.0), rank: 51));
    }

    [SkippableFact]
    public void BadInputGivesArgumentExceptionsNamingTheArgument()
    {
        using var lapack = LapackFixture.Create();
        var square = new double[] { 1, double.NaN, 2, 3 };
        var e = Assert.Throws<ArgumentException>(() => lapack.EigenSymmetric(MatrixView<double>.RowMajor(square, 2, 2), new EigenOptions { Triangle = Triangle.Upper }));
        Assert.Equal("matrix", e.ParamName);
        Assert.Contains("NaN", e.Message);
        // The NaN is in the upper triangle: reading the lower one is fine (and, column-major, the lower is the NaN one).
        Assert.Equal(2, lapack.EigenSymmetric(MatrixView<double>.RowMajor(square, 2, 2), EigenOptions.ValuesOnly).Values.Length);
        Assert.Equal(2, lapack.EigenSymmetric(MatrixView<double>.ColumnMajor(square, 2, 2), new EigenOptions { Triangle = Triangle.Upper }).Values.Length);
        Assert.Throws<ArgumentException>(() => lapack.EigenSymmetric(MatrixView<double>.ColumnMajor(square, 2, 2), EigenOptions.ValuesOnly));
        var rect = new float[6];
        Assert.Equal("matrix", Assert.Throws<ArgumentException>(() => lapack.EigenSymmetric(MatrixView<float>.RowMajor(rect, 2, 3), EigenOptions.ValuesOnly)).ParamName);
        Assert.Equal("matrices", Assert.Throws<ArgumentException>(() => lapack.EigenSymmetricBatch(new[] { MatrixView<float>.RowMajor(rect, 2, 3) }, EigenOptions.ValuesOnly)).ParamName);
        var inf = new float[] { 1, float.PositiveInfinity, 0, 1 };
        Assert.Equal("matrix", Assert.Throws<ArgumentException>(() => lapack.Svd(MatrixView<float>.RowMajor(inf, 2, 2), SvdOptions.ValuesOnly)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => lapack.EigenSymmetric(MatrixView<double>.RowMajor(new double[4], 2, 2), new EigenOptions { FirstIndex = 1, LastIndex = 2 }));
        Assert.Throws<BackendNotSupportedException>(() => lapack.Svd(MatrixView<Half>.RowMajor(new Half[4], 2, 2), SvdOptions.ValuesOnly));
        lapack.Dispose();
        Assert.Throws<ObjectDisposedException>(() => lapack.Svd(MatrixView<double>.RowMajor(new double[4], 2, 2), SvdOptions.ValuesOnly));
    }

    [SkippableFact]
    public void EmptyMatricesGiveEmptyResults()
    {
        using var lapack = LapackFixture.Create();
        var empty = lapack.EigenSymmetric(MatrixView<double>.RowMajor(Array.Empty<double>(), 0, 0), EigenOptions.WithVectors);
        Assert.Empty(empty.Values);
        var svd = lapack.Svd(MatrixView<float>.RowMajor(Array.Empty<float>(), 3, 0), SvdOptions.WithVectors);
        Assert.Empty(svd.SingularValues);
        Assert.Equal((3, 0), (svd.U!.Rows, svd.U.Columns));
        Assert.Empty(lapack.SvdBatch(Array.Empty<MatrixView<float>>(), SvdOptions.ValuesOnly).Items);
    }

    [SkippableFact]
    public void OneInstanceUsedFromManyThreadsGivesTheSameResults()
    {
        // A native context serves one thread at a time; the managed backend serializes calls on it.
        using var lapack = LapackFixture.Create(threads: 2);
        var random = new Random(31);
        var a = SymmetricWithEigenvalues(Enumerable.Range(0, 20).Select(i => (double)i).ToArray(), random);
        var view = Store(a, MatrixLayout.RowMajor, 0, 0.0);
        var reference = lapack.EigenSymmetric(view, EigenOptions.WithVectors);
        var batchReference = lapack.EigenSymmetricBatch(new[] { view, view, view }, EigenOptions.ValuesOnly);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 24, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            if (i % 2 == 0)
            {
                // Single calls use BLAS's own threads, whose count other tests' batches may pin meanwhile, so
                // their bits are compared with a rounding-level tolerance (batches are bitwise reproducible).
                var r = lapack.EigenSymmetric(view, EigenOptions.WithVectors);
                for (int j = 0; j < r.Values.Length; j++)
                    if (Math.Abs(r.Values[j] - reference.Values[j]) > 1e-12) failures.Add($"single call {i}: λ[{j}]");
                for (int j = 0; j < r.Vectors!.Data.Length; j++)
                    if (Math.Abs(Math.Abs(r.Vectors.Data[j]) - Math.Abs(reference.Vectors!.Data[j])) > 1e-10) failures.Add($"single call {i}: V[{j}]");
            }
            else
            {
                var b = lapack.EigenSymmetricBatch(new[] { view, view, view }, EigenOptions.ValuesOnly);
                for (int j = 0; j < 3; j++)
                    if (!b[j].Values.SequenceEqual(batchReference[j].Values)) failures.Add($"batch call {i} item {j}");
            }
        });
        Assert.Empty(failures);
    }

    [SkippableFact]
    public void AutoPicksLapackWhenCudaIsAbsent()
    {
        _ = LapackFixture.Create();
        Skip.If(NativeContext.Query(Backend.Cuda) is { Available: true }, "a CUDA device is present: Auto picks CUDA");
        Skip.IfNot(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(BackendSelector.EnvironmentVariable)), "SPECTRAL_BACKEND is set");
        Assert.Equal(Backend.Lapack, BackendSelector.Resolve(Backend.Auto));
        using var engine = SpectralEngine.Create();
        Assert.Equal(Backend.Lapack, engine.Backend);
        var values = engine.EigenvaluesSymmetric(MatrixView<double>.RowMajor(new double[] { 2, 1, 1, 2 }, 2, 2));
        Assert.Equal(new[] { 1.0, 3.0 }, values.Select(x => Math.Round(x, 12)));
    }
    [SkippableFact]
    public void AutoOnLapackRunsLargeGramRouteValuesManagedAndSaysSo()
    {
        _ = LapackFixture.Create();
        Skip.If(NativeContext.Query(Backend.Cuda) is { Available: true }, "a CUDA device is present: Auto picks CUDA");
        Skip.IfNot(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(BackendSelector.EnvironmentVariable)), "SPECTRAL_BACKEND is set");
        var rng = new SeededRandom(TestSeed.For("auto-gram-managed"));
        int order = SpectralEngine.AutoGramManagedFromOrder;
        var options = new SpectralOptions { MaxDegreeOfParallelism = 2 };
        using var auto = SpectralEngine.Create(Backend.Auto, options);
        using var explicitLapack = SpectralEngine.Use(Backend.Lapack, options);
        using var managed = SpectralEngine.Use(Backend.Managed, options);
        Assert.Equal(Backend.Lapack, auto.Backend);
        var gramValues = new SvdOptions { Method = SvdMethod.Gram };
        foreach (var (rows, columns) in new[] { (order, order + 37), (order + 50, order), (order - 1, order + 10) })
        {
            var a = new float[rows * columns];
            for (int i = 0; i < a.Length; i++) a[i] = (float)rng.NextNormal();
            var view = MatrixView<float>.RowMajor(a, rows, columns);
            bool large = Math.Min(rows, columns) >= order;
            Assert.Equal(large, auto.GramRunsManaged(rows, columns));
            Assert.False(explicitLapack.GramRunsManaged(rows, columns));
            // Large: the managed kernels' bits and a note saying so; small: LAPACK's own route, no note.
            var fromAuto = auto.Svd(view, gramValues);
            var fromLapack = explicitLapack.Svd(view, gramValues);
            Assert.Equal(Backend.Lapack, fromLapack.Backend);
            Assert.Null(fromLapack.FallbackNote);
            if (large)
            {
                Assert.Equal(Backend.Managed, fromAuto.Backend);
                Assert.Contains("managed two-stage eigensolver", fromAuto.FallbackNote);
                Assert.Equal(managed.Svd(view, gramValues).SingularValues, fromAuto.SingularValues);
                Assert.Equal(managed.SingularValuesFloat64(view, SvdMethod.Gram), auto.SingularValuesFloat64(view, SvdMethod.Gram));
            }
            else
            {
                Assert.Equal(Backend.Lapack, fromAuto.Backend);
                Assert.Null(fromAuto.FallbackNote);
            }
            // Either way the values agree with LAPACK's own Gram route (float64 eigenvalues of the same Gram matrix).
            var expected = fromLapack.SingularValues;
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(fromAuto.SingularValues[i] - expected[i]) <= 1e-6f * expected[0], $"{rows}×{columns}: σ[{i}] {fromAuto.SingularValues[i]} vs {expected[i]}");
            // Vectors are never rerouted.
            Assert.False(auto.Svd(view, new SvdOptions { Method = SvdMethod.Gram, ComputeVectors = true }).FallbackNote?.Contains("two-stage") ?? false);
        }
    }
}

using System.Numerics;
using SpectralCore.Interop;
using SpectralCore.Tests.Infrastructure;
using Xunit;

namespace SpectralCore.Tests.Cuda;

/// <summary>
/// GPU differential tests: the Cuda backend against the managed backend on the shared seeded generators
/// (<see cref="MatrixGenerators"/>: Gaussian, Wishart, Student-t, Pareto, low rank, repeated eigenvalues,
/// diagonal, zero; sizes around the batched-routine limits 32/33; extreme scales), float32 and float64, both
/// layouts and triangles, plus invariants that do not depend on the other backend (residuals, orthonormality,
/// reconstruction). Skipped with the `spectral info` reason when no CUDA device is usable.
/// Seeds: SPECTRAL_TEST_SEED (printed in every failure).
/// </summary>
public sealed class CudaDifferentialTests
{
    private static readonly int[] Sizes = [1, 2, 5, 17, 32, 33, 64, 130];
    private static readonly (int Rows, int Columns)[] Shapes = [(1, 1), (1, 7), (5, 3), (3, 5), (32, 32), (40, 12), (12, 40), (150, 60)];

    private static void RequireCuda()
    {
        Skip.IfNot(NativeLibraryLoader.IsAvailable, $"libspectral not loaded: {NativeLibraryLoader.Status.Problem}");
        var cuda = SpectralEngine.Describe().Single(d => d.Backend == Backend.Cuda);
        Skip.IfNot(cuda.Available, cuda.Reason);
    }

    private static double Epsilon<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Math.Pow(2, -23) : Math.Pow(2, -52);

    /// <summary>50·n·ε·‖A‖: loose enough for Jacobi and divide-and-conquer, tight enough to catch a wrong answer.</summary>
    private static double Tolerance<T>(int n, double norm) where T : unmanaged, IFloatingPointIeee754<T> =>
        50.0 * Math.Max(1, n) * Epsilon<T>() * norm + 1e-300;

    private static double D<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => double.CreateChecked(x);

    private static double Frobenius(double[] a)
    {
        double max = a.Length == 0 ? 0 : a.Max(Math.Abs);
        if (max == 0) return 0;
        return max * Math.Sqrt(a.Sum(x => (x / max) * (x / max)));
    }

    /// <summary>Row-major doubles as a T view in `layout`, with `poison` written over entries `keep` rejects.</summary>
    private static MatrixView<T> View<T>(double[] rowMajor, int rows, int cols, MatrixLayout layout, Func<int, int, bool>? keep = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = new T[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                T value = keep is null || keep(i, j) ? T.CreateTruncating(rowMajor[i * cols + j]) : T.NaN;
                data[layout == MatrixLayout.RowMajor ? i * cols + j : i + j * rows] = value;
            }
        return new MatrixView<T>(data, rows, cols, layout);
    }

    private static IReadOnlyList<double> Scales<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? [1.0, 1e-18, 1e18] : [1.0, 1e-150, 1e150];

    [SkippableFact]
    public void EigenMatchesManagedFloat64() => EigenMatchesManaged<double>();

    [SkippableFact]
    public void EigenMatchesManagedFloat32() => EigenMatchesManaged<float>();

    private static void EigenMatchesManaged<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireCuda();
        using var cuda = SpectralEngine.Use(Backend.Cuda);
        using var managed = SpectralEngine.Use(Backend.Managed);
        foreach (double scale in Scales<T>())
            foreach (var c in MatrixGenerators.SymmetricSweep($"cuda-eigen-{typeof(T).Name}-{scale}", Sizes, scale: scale))
                foreach (var layout in new[] { MatrixLayout.RowMajor, MatrixLayout.ColumnMajor })
                    foreach (var triangle in new[] { Triangle.Lower, Triangle.Upper })
                    {
                        int n = c.Rows;
                        string where = $"{c}, {layout}, {triangle}, {typeof(T).Name}; {TestSeed.Describe(c.Seed)}";
                        // Rounded to T once, so both backends see the same matrix.
                        double[] a = c.Symmetric<T>().Select(D).ToArray();
                        double norm = Frobenius(a), tol = Tolerance<T>(n, norm);
                        // The CUDA call gets NaN in the other triangle: only `triangle` may be read.
                        var options = new EigenOptions { ComputeVectors = true, Triangle = triangle };
                        var gpu = cuda.EigenSymmetric(View<T>(a, n, n, layout, (i, j) => triangle == Triangle.Lower ? i >= j : i <= j), options);
                        var cpu = managed.EigenSymmetric(View<T>(a, n, n, layout), EigenOptions.ValuesOnly);
                        Assert.Equal(Backend.Cuda, gpu.Backend);
                        Assert.Equal(n, gpu.Values.Length);
                        for (int j = 0; j < n; j++)
                            Assert.True(Math.Abs(D(gpu.Values[j]) - D(cpu.Values[j])) <= tol,
                                $"eigenvalue {j}: cuda {gpu.Values[j]} vs managed {cpu.Values[j]} (tol {tol:g3}); {where}");
                        var v = gpu.Vectors!;
                        for (int j = 0; j < n; j++)
                        {
                            double residual = 0;
                            for (int i = 0; i < n; i++)
                            {
                                double av = 0;
                                for (int l = 0; l < n; l++) av += a[i * n + l] * D(v[l, j]);
                                residual = Math.Max(residual, Math.Abs(av - D(gpu.Values[j]) * D(v[i, j])));
                            }
                            Assert.True(residual <= tol, $"residual of eigenpair {j} = {residual:g3} (tol {tol:g3}); {where}");
                            for (int p = 0; p <= j; p++)
                            {
                                double dot = 0;
                                for (int i = 0; i < n; i++) dot += D(v[i, p]) * D(v[i, j]);
                                Assert.True(Math.Abs(dot - (p == j ? 1 : 0)) <= Tolerance<T>(n, 1), $"vectors {p},{j}: dot {dot:g6}; {where}");
                            }
                        }
                    }
    }

    [SkippableFact]
    public void EigenRangeMatchesTheFullSpectrum()
    {
        RequireCuda();
        using var cuda = SpectralEngine.Use(Backend.Cuda);
        foreach (var c in MatrixGenerators.SymmetricSweep("cuda-eigen-range", [7, 40, 120], [MatrixKind.Wishart, MatrixKind.RepeatedEigenvalues]))
        {
            int n = c.Rows;
            var view = c.SymmetricView<double>();
            var full = cuda.EigenSymmetric(view, EigenOptions.ValuesOnly);
            int first = n / 4, last = n / 2;
            var part = cuda.EigenSymmetricRange(view, first, last, computeVectors: true);
            double tol = Tolerance<double>(n, Frobenius(c.Symmetric<double>()));
            Assert.Equal(last - first + 1, part.Values.Length);
            for (int j = first; j <= last; j++)
                Assert.True(Math.Abs(part.Values[j - first] - full.Values[j]) <= tol, $"range value {j}; {c}; {TestSeed.Describe(c.Seed)}");
            Assert.Equal((n, last - first + 1), (part.Vectors!.Rows, part.Vectors.Columns));
        }
    }

    [SkippableFact]
    public void EigenBatchOfMixedSizesMatchesManaged()
    {
        RequireCuda();
        using var cuda = SpectralEngine.Use(Backend.Cuda);
        using var managed = SpectralEngine.Use(Backend.Managed);
        // Repeated sizes reach the batched routines (syevjBatched / XsyevBatched); the others go per matrix.
        int[] sizes = [1, 3, 8, 8, 8, 32, 32, 33, 33, 50, 3, 1];
        var cases = MatrixGenerators.SymmetricSweep("cuda-eigen-batch", sizes, [MatrixKind.Gaussian]).ToArray();
        Check<double>();
        Check<float>();

        void Check<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var views = cases.Select(c => c.SymmetricView<T>()).ToList();
            var batch = cuda.EigenSymmetricBatch(views, EigenOptions.ValuesOnly);
            Assert.True(batch.AllSucceeded);
            for (int i = 0; i < views.Count; i++)
            {
                var expected = managed.EigenSymmetric(views[i], EigenOptions.ValuesOnly).Values;
                double tol = Tolerance<T>(cases[i].Rows, Frobenius(cases[i].Symmetric<T>().Select(D).ToArray()));
                for (int j = 0; j < cases[i].Rows; j++)
                    Assert.True(Math.Abs(D(batch[i].Values[j]) - D(expected[j])) <= tol,
                        $"matrix {i} value {j}; {cases[i]}, {typeof(T).Name}; {TestSeed.Describe(cases[i].Seed)}");
            }
        }
    }

    [SkippableFact]
    public void SvdMatchesManagedFloat64() => SvdMatchesManaged<double>();

    [SkippableFact]
    public void SvdMatchesManagedFloat32() => SvdMatchesManaged<float>();

    private static void SvdMatchesManaged<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireCuda();
        using var cuda = SpectralEngine.Use(Backend.Cuda);
        using var managed = SpectralEngine.Use(Backend.Managed);
        foreach (double scale in Scales<T>())
            foreach (var c in MatrixGenerators.GeneralSweep($"cuda-svd-{typeof(T).Name}-{scale}", Shapes, scale: scale))
                foreach (var layout in new[] { MatrixLayout.RowMajor, MatrixLayout.ColumnMajor })
                {
                    int m = c.Rows, n = c.Columns, k = Math.Min(m, n);
                    string where = $"{c}, {layout}, {typeof(T).Name}; {TestSeed.Describe(c.Seed)}";
                    double[] a = c.General<T>().Select(D).ToArray();
                    double norm = Frobenius(a), tol = Tolerance<T>(Math.Max(m, n), norm);
                    var view = View<T>(a, m, n, layout);
                    var gpu = cuda.Svd(view, SvdOptions.WithVectors);
                    var cpu = managed.Svd(view, SvdOptions.ValuesOnly);
                    Assert.Equal(k, gpu.SingularValues.Length);
                    for (int j = 0; j < k; j++)
                        Assert.True(Math.Abs(D(gpu.SingularValues[j]) - D(cpu.SingularValues[j])) <= tol,
                            $"singular value {j}: cuda {gpu.SingularValues[j]} vs managed {cpu.SingularValues[j]}; {where}");
                    var u = gpu.U!;
                    var vt = gpu.Vt!;
                    double worst = 0;
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                        {
                            double x = 0;
                            for (int l = 0; l < k; l++) x += D(u[i, l]) * D(gpu.SingularValues[l]) * D(vt[l, j]);
                            worst = Math.Max(worst, Math.Abs(x - a[i * n + j]));
                        }
                    Assert.True(worst <= tol, $"|A - U S Vt| = {worst:g3} (tol {tol:g3}); {where}");
                }
    }

    [SkippableFact]
    public void SvdBatchOfSmallAndMixedShapesMatchesSingleCalls()
    {
        RequireCuda();
        using var cuda = SpectralEngine.Use(Backend.Cuda);
        var shapes = Enumerable.Repeat((12, 7), 40).Concat(Enumerable.Repeat((7, 12), 40)).Concat([(33, 20), (1, 5), (32, 32), (32, 32)]).ToArray();
        var cases = MatrixGenerators.GeneralSweep("cuda-svd-batch", shapes, [MatrixKind.Gaussian]).ToArray();
        var views = cases.Select(c => c.GeneralView<double>()).ToList();
        var batch = cuda.SvdBatch(views, SvdOptions.WithVectors);
        Assert.True(batch.AllSucceeded);
        for (int i = 0; i < views.Count; i++)
        {
            var single = cuda.Svd(views[i], SvdOptions.ValuesOnly).SingularValues;
            double tol = Tolerance<double>(Math.Max(cases[i].Rows, cases[i].Columns), Frobenius(cases[i].General<double>()));
            for (int j = 0; j < single.Length; j++)
                Assert.True(Math.Abs(batch[i].SingularValues[j] - single[j]) <= tol, $"matrix {i} value {j}; {cases[i]}; {TestSeed.Describe(cases[i].Seed)}");
        }
    }

    [SkippableFact]
    public void RandomizedSvdIsExactOnLowRankInput()
    {
        RequireCuda();
        using var cuda = new CudaBackend();
        using var managed = SpectralEngine.Use(Backend.Managed);
        ulong seed = TestSeed.For("cuda-rsvd");
        var rng = new Random((int)(seed & 0x7FFFFFFF));
        foreach (var (m, n) in new[] { (90, 60), (60, 90) })
        {
            // Rank 5 <= k = 8: the sketch captures the range exactly, so the top values are exact to rounding.
            int r = 5, k = 8;
            var a = new double[m * n];
            for (int l = 0; l < r; l++)
            {
                var x = Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.5).ToArray();
                var y = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++) a[i * n + j] += (l + 1) * x[i] * y[j];
            }
            var view = MatrixView<double>.RowMajor(a, m, n);
            var approx = cuda.RandomizedSvd(view, k, oversample: 6, powerIterations: 2);
            var exact = managed.Svd(view, SvdOptions.ValuesOnly).SingularValues;
            double tol = 1e3 * Math.Max(m, n) * Epsilon<double>() * Frobenius(a);
            for (int j = 0; j < k; j++)
                Assert.True(Math.Abs(approx.SingularValues[j] - exact[j]) <= tol, $"{m}x{n} value {j}: {approx.SingularValues[j]} vs {exact[j]}; {TestSeed.Describe(seed)}");
            Assert.Equal((m, k), (approx.U!.Rows, approx.U.Columns));
            Assert.Equal((k, n), (approx.Vt!.Rows, approx.Vt.Columns));
        }
    }
}

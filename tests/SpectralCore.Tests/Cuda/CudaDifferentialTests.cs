using System.Numerics;
using SpectralCore.Interop;
using Xunit;

namespace SpectralCore.Tests.Cuda;

/// <summary>
/// GPU differential tests: the Cuda backend against the managed backend on the same seeded matrices
/// (random, low rank, repeated eigenvalues, Wishart, heavy-tailed, diagonal, zero; odd sizes around the
/// batched-routine limits 32/33), in float32 and float64, both layouts, plus invariants that do not depend on
/// the other backend (residuals, orthonormality, reconstruction). Skipped with the `spectral info` reason when
/// no CUDA device is usable.
/// </summary>
public sealed class CudaDifferentialTests
{
    private static readonly int[] Sizes = [1, 2, 5, 17, 32, 33, 64, 130];
    private static readonly (int M, int N)[] Shapes = [(1, 1), (1, 7), (5, 3), (3, 5), (32, 32), (40, 12), (12, 40), (150, 60)];

    private static void RequireCuda()
    {
        Skip.IfNot(NativeLibraryLoader.IsAvailable, $"libspectral not loaded: {NativeLibraryLoader.Status.Problem}");
        var cuda = SpectralEngine.Describe().Single(d => d.Backend == Backend.Cuda);
        Skip.IfNot(cuda.Available, cuda.Reason);
    }

    /// <summary>Tolerance for a problem of order n with norm `norm` in precision T.</summary>
    private static double Tolerance<T>(int n, double norm) where T : unmanaged, IFloatingPointIeee754<T> =>
        50.0 * Math.Max(1, n) * CudaTestMatrices.Epsilon<T>() * Math.Max(norm, 1e-300);

    private static double D<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => double.CreateChecked(x);

    [SkippableFact]
    public void EigenMatchesManagedFloat64() => EigenMatchesManaged<double>(CudaTestMatrices.Seed(1101));

    [SkippableFact]
    public void EigenMatchesManagedFloat32() => EigenMatchesManaged<float>(CudaTestMatrices.Seed(1102));

    private static void EigenMatchesManaged<T>(int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireCuda();
        using var cuda = SpectralEngine.Use(Backend.Cuda);
        using var managed = SpectralEngine.Use(Backend.Managed);
        var rng = new Random(seed);
        foreach (int n in Sizes)
            foreach (string kind in CudaTestMatrices.SymmetricKinds)
                foreach (var layout in new[] { MatrixLayout.RowMajor, MatrixLayout.ColumnMajor })
                    foreach (var triangle in new[] { Triangle.Lower, Triangle.Upper })
                    {
                        string where = $"seed {seed} (SPECTRAL_TEST_SEED), n {n}, {kind}, {layout}, {triangle}, {typeof(T).Name}";
                        double[] a = CudaTestMatrices.Symmetric(rng, n, kind);
                        double norm = CudaTestMatrices.Frobenius(a), tol = Tolerance<T>(n, norm);
                        // The CUDA call gets the other triangle poisoned: only `triangle` may be read.
                        double[] poisoned = (double[])a.Clone();
                        for (int j = 0; j < n; j++)
                            for (int i = 0; i < n; i++)
                                if (triangle == Triangle.Lower ? j > i : j < i) poisoned[i + j * n] = 1e30;
                        var options = new EigenOptions { ComputeVectors = true, Triangle = triangle };
                        var gpu = cuda.EigenSymmetric(CudaTestMatrices.View<T>(poisoned, n, n, layout), options);
                        var cpu = managed.EigenSymmetric(CudaTestMatrices.View<T>(a, n, n, layout), options);
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
                                for (int l = 0; l < n; l++) av += a[i + l * n] * D(v[l, j]);
                                residual = Math.Max(residual, Math.Abs(av - D(gpu.Values[j]) * D(v[i, j])));
                            }
                            Assert.True(residual <= tol, $"residual of eigenpair {j} = {residual:g3} (tol {tol:g3}); {where}");
                            for (int p = 0; p <= j; p++)
                            {
                                double dot = 0;
                                for (int i = 0; i < n; i++) dot += D(v[i, p]) * D(v[i, j]);
                                Assert.True(Math.Abs(dot - (p == j ? 1 : 0)) <= Tolerance<T>(n, 1), $"vectors {p},{j} dot {dot:g6}; {where}");
                            }
                        }
                    }
    }

    [SkippableFact]
    public void EigenRangeMatchesTheFullSpectrum()
    {
        RequireCuda();
        int seed = CudaTestMatrices.Seed(1103);
        using var cuda = SpectralEngine.Use(Backend.Cuda);
        var rng = new Random(seed);
        foreach (int n in new[] { 7, 40, 120 })
        {
            double[] a = CudaTestMatrices.Symmetric(rng, n, "wishart");
            var view = CudaTestMatrices.View<double>(a, n, n, MatrixLayout.RowMajor);
            var full = cuda.EigenSymmetric(view, EigenOptions.ValuesOnly);
            int first = n / 4, last = n / 2;
            var part = cuda.EigenSymmetricRange(view, first, last, computeVectors: true);
            double tol = Tolerance<double>(n, CudaTestMatrices.Frobenius(a));
            Assert.Equal(last - first + 1, part.Values.Length);
            for (int j = first; j <= last; j++)
                Assert.True(Math.Abs(part.Values[j - first] - full.Values[j]) <= tol, $"range value {j}; seed {seed}, n {n}");
            Assert.Equal(n, part.Vectors!.Rows);
            Assert.Equal(last - first + 1, part.Vectors!.Columns);
        }
    }

    [SkippableFact]
    public void EigenBatchOfMixedSizesMatchesSingleCalls()
    {
        RequireCuda();
        int seed = CudaTestMatrices.Seed(1104);
        using var cuda = SpectralEngine.Use(Backend.Cuda);
        using var managed = SpectralEngine.Use(Backend.Managed);
        var rng = new Random(seed);
        int[] sizes = [1, 3, 8, 8, 8, 32, 32, 33, 33, 50, 3, 1];
        var inputs = sizes.Select(n => CudaTestMatrices.Symmetric(rng, n, "random")).ToArray();
        foreach (var dtypeIsFloat in new[] { false, true })
        {
            if (dtypeIsFloat) Check<float>(); else Check<double>();
        }

        void Check<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var views = inputs.Select((a, i) => CudaTestMatrices.View<T>(a, sizes[i], sizes[i], MatrixLayout.ColumnMajor)).ToList();
            var batch = cuda.EigenSymmetricBatch(views, EigenOptions.ValuesOnly);
            Assert.True(batch.AllSucceeded, $"seed {seed}");
            for (int i = 0; i < views.Count; i++)
            {
                var expected = managed.EigenSymmetric(views[i], EigenOptions.ValuesOnly).Values;
                double tol = Tolerance<T>(sizes[i], CudaTestMatrices.Frobenius(inputs[i]));
                for (int j = 0; j < sizes[i]; j++)
                    Assert.True(Math.Abs(D(batch[i].Values[j]) - D(expected[j])) <= tol, $"matrix {i} value {j}; seed {seed}, {typeof(T).Name}");
            }
        }
    }

    [SkippableFact]
    public void SvdMatchesManagedFloat64() => SvdMatchesManaged<double>(CudaTestMatrices.Seed(1201));

    [SkippableFact]
    public void SvdMatchesManagedFloat32() => SvdMatchesManaged<float>(CudaTestMatrices.Seed(1202));

    private static void SvdMatchesManaged<T>(int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireCuda();
        using var cuda = SpectralEngine.Use(Backend.Cuda);
        using var managed = SpectralEngine.Use(Backend.Managed);
        var rng = new Random(seed);
        foreach (var (m, n) in Shapes)
            foreach (string kind in CudaTestMatrices.GeneralKinds)
                foreach (var layout in new[] { MatrixLayout.RowMajor, MatrixLayout.ColumnMajor })
                {
                    string where = $"seed {seed} (SPECTRAL_TEST_SEED), {m}x{n}, {kind}, {layout}, {typeof(T).Name}";
                    double[] a = CudaTestMatrices.General(rng, m, n, kind);
                    int k = Math.Min(m, n);
                    double tol = Tolerance<T>(Math.Max(m, n), CudaTestMatrices.Frobenius(a));
                    var view = CudaTestMatrices.View<T>(a, m, n, layout);
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
                            worst = Math.Max(worst, Math.Abs(x - a[i + j * m]));
                        }
                    Assert.True(worst <= tol, $"|A - U S Vt| = {worst:g3} (tol {tol:g3}); {where}");
                }
    }

    [SkippableFact]
    public void SvdBatchOfSmallAndMixedShapesMatchesSingleCalls()
    {
        RequireCuda();
        int seed = CudaTestMatrices.Seed(1203);
        using var cuda = SpectralEngine.Use(Backend.Cuda);
        var rng = new Random(seed);
        var shapes = Enumerable.Repeat((12, 7), 40).Concat(Enumerable.Repeat((7, 12), 40)).Concat([(33, 20), (1, 5), (32, 32), (32, 32)]).ToArray();
        var inputs = shapes.Select(s => CudaTestMatrices.General(rng, s.Item1, s.Item2, "random")).ToArray();
        var views = inputs.Select((a, i) => CudaTestMatrices.View<double>(a, shapes[i].Item1, shapes[i].Item2, MatrixLayout.RowMajor)).ToList();
        var batch = cuda.SvdBatch(views, SvdOptions.WithVectors);
        Assert.True(batch.AllSucceeded, $"seed {seed}");
        for (int i = 0; i < views.Count; i++)
        {
            var single = cuda.Svd(views[i], SvdOptions.ValuesOnly).SingularValues;
            double tol = Tolerance<double>(Math.Max(shapes[i].Item1, shapes[i].Item2), CudaTestMatrices.Frobenius(inputs[i]));
            for (int j = 0; j < single.Length; j++)
                Assert.True(Math.Abs(batch[i].SingularValues[j] - single[j]) <= tol, $"matrix {i} value {j}; seed {seed}");
        }
    }
}

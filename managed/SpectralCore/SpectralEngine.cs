using System.Globalization;
using System.Numerics;

namespace SpectralCore;

/// <summary>
/// The entry point: symmetric eigen, SVD and their batched forms on a chosen backend. With
/// <see cref="Backend.Auto"/>, an operation the chosen backend does not support for the given arguments
/// falls back to the managed backend and the result's <c>FallbackNote</c> says why, and on LAPACK the Gram route's
/// values of large matrices run managed (<see cref="AutoGramManagedFromOrder"/>, also noted); an explicitly chosen
/// backend never falls back. Dispose to release native contexts.
/// </summary>
public sealed class SpectralEngine : IDisposable
{
    private readonly ISpectralBackend _backend;
    private readonly bool _mayFallBack;
    private ManagedBackend? _fallback;

    private SpectralEngine(ISpectralBackend backend, bool mayFallBack, SpectralOptions options)
    {
        _backend = backend;
        _mayFallBack = mayFallBack;
        Options = options;
    }

    /// <summary>Creates an engine on <paramref name="backend"/> (Auto honours SPECTRAL_BACKEND).</summary>
    public static SpectralEngine Create(Backend backend = Backend.Auto, SpectralOptions? options = null)
    {
        options ??= SpectralOptions.Default;
        bool auto = backend == Backend.Auto && BackendSelector.FromEnvironment() is null or Backend.Auto;
        return new SpectralEngine(BackendSelector.Create(backend, options), auto, options);
    }

    /// <summary>Creates an engine on an explicit backend (no fallback). Throws if it is unavailable.</summary>
    public static SpectralEngine Use(Backend backend, SpectralOptions? options = null)
    {
        options ??= SpectralOptions.Default;
        return new SpectralEngine(BackendSelector.Create(backend, options), backend == Backend.Auto, options);
    }

    /// <summary>Creates an engine on <paramref name="backend"/> if available; else returns false and the reason.</summary>
    public static bool TryUse(Backend backend, out SpectralEngine? engine, out string reason, SpectralOptions? options = null)
    {
        options ??= SpectralOptions.Default;
        if (BackendSelector.TryCreate(backend, options, out var instance, out reason))
        {
            engine = new SpectralEngine(instance!, backend == Backend.Auto, options);
            return true;
        }
        engine = null;
        return false;
    }

    /// <summary>Describes every backend on this machine.</summary>
    public static IReadOnlyList<BackendDescription> Describe() => BackendSelector.Describe();

    /// <summary>Whether libspectral was found, where, its ABI version, and every path tried when it was not.</summary>
    public static Interop.NativeLibraryState NativeLibrary => Interop.NativeLibraryLoader.Status;

    /// <summary>The native ABI major version this assembly requires.</summary>
    public const uint RequiredNativeAbiMajor = Interop.NativeLibraryLoader.ExpectedAbiMajor;

    /// <summary>The backend this engine runs on.</summary>
    public Backend Backend => _backend.Kind;

    /// <summary>The backend object (for advanced use).</summary>
    public ISpectralBackend Implementation => _backend;

    /// <summary>The options in force.</summary>
    public SpectralOptions Options { get; }

    /// <summary>Eigenvalues (ascending) of a symmetric matrix; only <paramref name="triangle"/> is read.</summary>
    public T[] EigenvaluesSymmetric<T>(MatrixView<T> matrix, Triangle triangle = Triangle.Lower) where T : unmanaged, IFloatingPointIeee754<T> =>
        EigenSymmetric(matrix, new EigenOptions { Triangle = triangle }).Values;

    /// <summary>Eigenvalues and eigenvectors of a symmetric matrix.</summary>
    public EigenResult<T> EigenSymmetric<T>(MatrixView<T> matrix, EigenOptions? options = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        Run(b => b.EigenSymmetric(matrix, options ?? EigenOptions.WithVectors), (r, note) => new EigenResult<T>(r.Values, r.Vectors, r.Backend, r.Algorithm, note));

    /// <summary>Eigenvalues <paramref name="first"/>..<paramref name="last"/> (0-based, inclusive, ascending order).</summary>
    public EigenResult<T> EigenSymmetricRange<T>(MatrixView<T> matrix, int first, int last, bool computeVectors = false, Triangle triangle = Triangle.Lower)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        EigenSymmetric(matrix, new EigenOptions { ComputeVectors = computeVectors, Triangle = triangle, FirstIndex = first, LastIndex = last });

    /// <summary>The <paramref name="k"/> largest eigenvalues (returned ascending, as the range call does).</summary>
    public EigenResult<T> EigenSymmetricTop<T>(MatrixView<T> matrix, int k, bool computeVectors = false, Triangle triangle = Triangle.Lower)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (k < 0 || k > matrix.Rows)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in 0..{matrix.Rows}.");
        if (k == 0) return new EigenResult<T>([], computeVectors ? new Matrix<T>(matrix.Rows, 0) : null, Backend, "empty range");
        return EigenSymmetricRange(matrix, matrix.Rows - k, matrix.Rows - 1, computeVectors, triangle);
    }

    /// <summary>Singular values, descending.</summary>
    public T[] SingularValues<T>(MatrixView<T> matrix, SvdMethod method = SvdMethod.Auto) where T : unmanaged, IFloatingPointIeee754<T> =>
        Svd(matrix, new SvdOptions { Method = method }).SingularValues;

    /// <summary>
    /// Singular values of a float32 matrix, descending, computed and returned in float64. The elements widen exactly, so
    /// these are the singular values of the same matrix in float64 (as <see cref="SingularValues{T}"/> on a widened copy
    /// would give), for callers that need float64 spectra of float32 data (e.g. WeightWatcher-exact layer metrics). The
    /// managed backend reads the float32 storage directly (the Gram route in place, one ≤ 32 MiB slice widened at a
    /// time), as does the Gram route under auto on LAPACK from <see cref="AutoGramManagedFromOrder"/> on; otherwise the
    /// LAPACK and CUDA backends receive a widened float64 copy.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix holds NaN or ±∞, or the method is unknown.</exception>
    public double[] SingularValuesFloat64(MatrixView<float> matrix, SvdMethod method = SvdMethod.Auto)
    {
        if (_backend.Kind == Backend.Managed || (method == SvdMethod.Gram && GramRunsManaged(matrix.Rows, matrix.Columns)))
            return Kernels.ManagedKernels.SingularValuesFloat64(matrix, method, Options.EffectiveThreads, out _);
        // The kernels' reader widens any layout into row-major float64 and names a non-finite element's position.
        var widened = Kernels.Common.KernelInput.ReadGeneral(matrix, false, nameof(matrix));
        return SingularValues(MatrixView<double>.RowMajor(widened, matrix.Rows, matrix.Columns), method);
    }

    /// <summary>Thin SVD (or values only, per <paramref name="options"/>).</summary>
    public SvdResult<T> Svd<T>(MatrixView<T> matrix, SvdOptions? options = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        options ??= SvdOptions.WithVectors;
        if (options.Method == SvdMethod.Gram && !options.ComputeVectors && GramRunsManaged(matrix.Rows, matrix.Columns))
        {
            var r = Managed.Svd(matrix, options);
            return new SvdResult<T>(r.SingularValues, r.U, r.Vt, r.Backend, r.Algorithm, GramRouteNote);
        }
        return Run(b => b.Svd(matrix, options), (r, note) => new SvdResult<T>(r.SingularValues, r.U, r.Vt, r.Backend, r.Algorithm, note));
    }

    /// <summary>
    /// From this smaller side on, an engine whose backend <see cref="Backend.Auto"/> resolved to LAPACK computes Gram-route
    /// singular values (<see cref="SvdMethod.Gram"/>, values only) with the managed kernels: their two-stage eigensolver
    /// (dense → band at level 3, bulge chasing, divide and conquer) beats OpenBLAS's dsyevd on the Gram matrix — a
    /// 4096² layer's Gram route took 4.5 s through LAPACK and 2.4–2.7 s managed on a 2-core Zen 4 (bench/RESULTS.md) —
    /// and reads float32 in place instead of a widened copy. Below it the managed route has no two-stage reduction.
    /// An explicitly chosen backend always computes its own.
    /// </summary>
    public const int AutoGramManagedFromOrder = Kernels.Eigen.SymmetricEigenSolver.TwoStageThreshold;

    /// <summary>Whether Gram-route singular values of a rows × columns matrix run on the managed kernels (see <see cref="AutoGramManagedFromOrder"/>).</summary>
    public bool GramRunsManaged(int rows, int columns) =>
        _mayFallBack && _backend.Kind == Backend.Lapack && Math.Min(rows, columns) >= AutoGramManagedFromOrder;

    private static readonly string GramRouteNote =
        $"auto: Gram-route values from order {AutoGramManagedFromOrder} run on the managed two-stage eigensolver (faster than LAPACK's dsyevd on the Gram matrix)";

    private ManagedBackend Managed => _fallback ??= new ManagedBackend(Options);

    /// <summary>Symmetric eigendecomposition of many matrices of mixed sizes (per-matrix status).</summary>
    public BatchResult<EigenResult<T>> EigenSymmetricBatch<T>(IReadOnlyList<MatrixView<T>> matrices, EigenOptions? options = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(matrices);
        return Run(b => b.EigenSymmetricBatch(matrices, options ?? EigenOptions.ValuesOnly), (r, _) => r);
    }

    /// <summary>SVD of many matrices of mixed shapes (per-matrix status).</summary>
    public BatchResult<SvdResult<T>> SvdBatch<T>(IReadOnlyList<MatrixView<T>> matrices, SvdOptions? options = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(matrices);
        return Run(b => b.SvdBatch(matrices, options ?? SvdOptions.ValuesOnly), (r, _) => r);
    }

    /// <summary>
    /// Randomized truncated SVD of a dense matrix: the top <paramref name="k"/> singular triplets by the
    /// Halko–Martinsson–Tropp range finder (or block Krylov), with an a-posteriori error bound. Computed by the
    /// managed solver (SIMD block products, float64 small factorizations) whatever this engine's backend;
    /// same input, seed and options give the same bits on any thread count.
    /// </summary>
    /// <param name="matrix">m × n, finite (NaN/∞ → <see cref="ArgumentException"/>).</param>
    /// <param name="k">Number of singular triplets, 1 ≤ k &lt; min(m, n).</param>
    /// <param name="oversample">Extra sketch columns p ≥ 0, k + p ≤ min(m, n).</param>
    /// <param name="powerIterations">Power iterations q ≥ 0 (2q + 2 passes over A).</param>
    /// <param name="seed">Seed of the Gaussian sketch.</param>
    /// <param name="method">Subspace iteration (default) or block Krylov for slowly decaying spectra.</param>
    /// <param name="computeVectors">Also return U and Vᵀ.</param>
    public Randomized.RandomizedSvdResult<T> RandomizedSvd<T>(MatrixView<T> matrix, int k, int oversample = 10, int powerIterations = 2, long seed = 0,
        Randomized.RandomizedSvdMethod method = Randomized.RandomizedSvdMethod.SubspaceIteration, bool computeVectors = true)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        RandomizedSvd(matrix, k, new Randomized.RandomizedSvdOptions { Oversample = oversample, PowerIterations = powerIterations, Seed = seed, Method = method, ComputeVectors = computeVectors });

    /// <summary>Randomized truncated SVD of a dense matrix with explicit options (see the other overload).</summary>
    public Randomized.RandomizedSvdResult<T> RandomizedSvd<T>(MatrixView<T> matrix, int k, Randomized.RandomizedSvdOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        Randomized.RandomizedSvdSolver.Validate(matrix.Rows, matrix.Columns, k, options);
        int threads = Options.EffectiveThreads;
        var dense = new Operators.DenseOperator<T>(matrix, threads);
        if (typeof(T) == typeof(double) && UsesFloat32RangeFinder(matrix.Rows, matrix.Columns, options.RangeFinderPrecision))
            return MixedPrecisionRandomizedSvd(matrix, dense, k, options, threads);
        double scale = Randomized.BlockOps.UnitScale(Randomized.BlockOps.RequireFiniteMaxMagnitude(matrix, nameof(matrix)));
        if (typeof(T) == typeof(float) && scale != 1)
        {
            // float32 products of a matrix near the ends of float32's range would overflow (or lose subnormal digits)
            // before any output scaling: work on a copy scaled by a power of two (exact; only entries smaller than
            // about 2⁻¹⁴⁹·max|A| become zero, far below float32's relative precision).
            using var copy = new Kernels.Memory.LargePageBuffer<float>(checked(matrix.Rows * matrix.Columns));
            var scaledCopy = new Operators.DenseOperator<float>(Randomized.BlockOps.ToFloat32(matrix, copy.Memory, scale, threads), threads);
            var result = Randomized.RandomizedSvdSolver.Compute(scaledCopy, k, options, threads, scale: scale, alreadyScaled: true);
            return (Randomized.RandomizedSvdResult<T>)(object)result;
        }
        return Randomized.RandomizedSvdSolver.Compute(dense, k, options, threads, scale: scale);
    }

    /// <summary>The float32 range finder on a float64 matrix (Float32, or Auto with its fallback to float64).</summary>
    private Randomized.RandomizedSvdResult<T> MixedPrecisionRandomizedSvd<T>(MatrixView<T> matrix, Operators.DenseOperator<T> dense, int k,
        Randomized.RandomizedSvdOptions options, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Randomized.RandomizedSvdResult<T>? mixed;
        double scale;
        using (var copy = new Kernels.Memory.LargePageBuffer<float>(checked(matrix.Rows * matrix.Columns)))
        {
            // The finiteness check rides on the conversion (no separate pass over A). When max|A| is far from 1 the
            // copy is redone scaled by a power of two (the range of A·X does not depend on the scale), so a float64
            // matrix of any finite magnitude has a float32 copy without overflow or underflow.
            var (scaled, largest) = Randomized.BlockOps.ToFloat32Checked(matrix, copy.Memory, threads, nameof(matrix));
            scale = Randomized.BlockOps.UnitScale(largest);
            if (scale != 1) scaled = Randomized.BlockOps.ToFloat32(matrix, copy.Memory, scale, threads);
            var sketch = new Operators.DenseOperator<float>(scaled, threads);
            // Auto gives the float32 attempt up after its first product when A·Ω is (nearly) rank-deficient: the spectrum
            // falls steeply within the sketch, so the float32 basis would be rejected at the end (exactly low-rank input
            // then costs ≈ 1.1× the float64 run instead of ≈ 1.6×).
            double abandon = options.RangeFinderPrecision == Randomized.RangeFinderPrecision.Auto ? AutoAbandonDiagonalRatio : 0;
            mixed = Randomized.RandomizedSvdSolver.TryComputeMixed(dense, k, options, threads, sketch, scale, abandon);
        }
        if (mixed is null)
            return Randomized.RandomizedSvdSolver.Compute(dense, k, options, threads, scale: scale).WithNote(string.Create(CultureInfo.InvariantCulture,
                $"range finder: auto → float64 (A·Ω in float32 is nearly rank-deficient: Cholesky diagonal ratio < {AutoAbandonDiagonalRatio:G1})"));
        double sigmaOne = mixed.SingularValues.Length > 0 ? double.CreateTruncating(mixed.SingularValues[0]) : 0;
        double floor = AutoFloat32MinimumResidual * sigmaOne;
        if (options.RangeFinderPrecision == Randomized.RangeFinderPrecision.Float32 || mixed.RangeResidualEstimate >= floor)
            return options.RangeFinderPrecision == Randomized.RangeFinderPrecision.Auto ? mixed.WithNote("range finder: auto → float32") : mixed;
        // The randomized error is so small that float32 rounding in the basis could dominate it: redo in float64.
        return Randomized.RandomizedSvdSolver.Compute(dense, k, options, threads, scale: scale).WithNote(string.Create(CultureInfo.InvariantCulture,
            $"range finder: auto → float32 rejected (bound on ‖A − QQᵀA‖ {mixed.RangeResidualEstimate:G3} < {AutoFloat32MinimumResidual:G1}·σ₁ = {floor:G3}), recomputed in float64"));
    }

    /// <summary>
    /// <see cref="Randomized.RangeFinderPrecision.Auto"/> keeps a float32 range finder only when its bound on
    /// ‖A − QQᵀA‖₂ is at least this fraction of σ₁ (see the enum's documentation for why).
    /// </summary>
    internal const double AutoFloat32MinimumResidual = 1e-3;

    /// <summary>
    /// Auto abandons the float32 range finder after A·Ω when the Cholesky factor of its Gram has min/max diagonal
    /// below this (≥ σ_min(A·Ω)/σ_max(A·Ω), so the sketch's spectrum spans more than 10⁴).
    /// </summary>
    internal const double AutoAbandonDiagonalRatio = 1e-4;

    /// <summary>Auto's size rule: at least 2²⁰ entries, and a float32 copy within a quarter of the available memory.</summary>
    internal const long AutoFloat32MinimumEntries = 1L << 20;

    private static bool UsesFloat32RangeFinder(int rows, int columns, Randomized.RangeFinderPrecision precision)
    {
        long entries = (long)rows * columns;
        return precision switch
        {
            Randomized.RangeFinderPrecision.Float64 => false,
            Randomized.RangeFinderPrecision.Float32 => true,
            Randomized.RangeFinderPrecision.Auto => entries >= AutoFloat32MinimumEntries && entries * sizeof(float) <= GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4,
            _ => throw new ArgumentException($"Unknown range-finder precision {(int)precision}.", "rangeFinderPrecision"),
        };
    }

    /// <summary>
    /// Randomized truncated SVD of a matrix-free operator (e.g. a Jacobian known through J·X and Jᵀ·X). Non-finite
    /// operator outputs give <see cref="ArgumentException"/> naming "operator".
    /// </summary>
    public Randomized.RandomizedSvdResult<T> RandomizedSvd<T>(Operators.ILinearOperator<T> @operator, int k, int oversample = 10, int powerIterations = 2, long seed = 0,
        Randomized.RandomizedSvdMethod method = Randomized.RandomizedSvdMethod.SubspaceIteration, bool computeVectors = true)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        RandomizedSvd(@operator, k, new Randomized.RandomizedSvdOptions { Oversample = oversample, PowerIterations = powerIterations, Seed = seed, Method = method, ComputeVectors = computeVectors });

    /// <summary>Randomized truncated SVD of an operator with explicit options.</summary>
    public Randomized.RandomizedSvdResult<T> RandomizedSvd<T>(Operators.ILinearOperator<T> @operator, int k, Randomized.RandomizedSvdOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(@operator);
        ArgumentNullException.ThrowIfNull(options);
        if (options.RangeFinderPrecision == Randomized.RangeFinderPrecision.Float32 && typeof(T) == typeof(double))
            throw new ArgumentException("RangeFinderPrecision.Float32 needs a dense float64 matrix (an operator has no float32 copy); pass a MatrixView or use Auto/Float64.", nameof(options));
        return Randomized.RandomizedSvdSolver.Compute(@operator, k, options, Options.EffectiveThreads);
    }

    /// <summary>
    /// The <paramref name="k"/> algebraically largest eigenpairs of a dense symmetric matrix (values ascending)
    /// by tridiagonalization + bisection + inverse iteration (managed, float64 inside, whatever this engine's
    /// backend); only <paramref name="triangle"/> is read.
    /// </summary>
    public EigenResult<T> TopEigen<T>(MatrixView<T> matrix, int k, bool computeVectors = true, Triangle triangle = Triangle.Lower)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (k < 1 || k > matrix.Rows) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in 1..{matrix.Rows}.");
        return Partial.DensePartialEigen.Range(matrix, matrix.Rows - k, matrix.Rows - 1, computeVectors, triangle, Options.EffectiveThreads);
    }

    /// <summary>
    /// Eigenpairs <paramref name="first"/>..<paramref name="last"/> (0-based, ascending order, inclusive) of a dense
    /// symmetric matrix by tridiagonalization + bisection + inverse iteration (managed, float64 inside).
    /// </summary>
    public EigenResult<T> EigenIndexRange<T>(MatrixView<T> matrix, int first, int last, bool computeVectors = true, Triangle triangle = Triangle.Lower)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Partial.DensePartialEigen.Range(matrix, first, last, computeVectors, triangle, Options.EffectiveThreads);

    /// <summary>
    /// The <paramref name="k"/> eigenpairs of largest |λ| of a dense symmetric matrix, signs kept (InPCA), returned
    /// in ascending order of λ (sort by |λ| for the InPCA order). Tridiagonalization + bisection + inverse iteration.
    /// </summary>
    public EigenResult<T> LargestMagnitudeEigen<T>(MatrixView<T> matrix, int k, bool computeVectors = true, Triangle triangle = Triangle.Lower)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Partial.DensePartialEigen.LargestMagnitude(matrix, k, computeVectors, triangle, Options.EffectiveThreads);

    /// <summary>The <paramref name="k"/> largest eigenpairs of a symmetric operator by thick-restart Lanczos (values ascending).</summary>
    public EigenResult<T> TopEigen<T>(Operators.ILinearOperator<T> @operator, int k, Partial.LanczosOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Partial.LanczosEigensolver.Solve(@operator, k, Partial.EigenSelection.LargestAlgebraic, options ?? Partial.LanczosOptions.Default);

    /// <summary>The <paramref name="k"/> eigenpairs of largest |λ| of a symmetric operator by thick-restart Lanczos (values ascending).</summary>
    public EigenResult<T> LargestMagnitudeEigen<T>(Operators.ILinearOperator<T> @operator, int k, Partial.LanczosOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Partial.LanczosEigensolver.Solve(@operator, k, Partial.EigenSelection.LargestMagnitude, options ?? Partial.LanczosOptions.Default);

    /// <summary>
    /// <paramref name="k"/> eigenpairs of a symmetric operator chosen by <paramref name="selection"/>, by thick-restart
    /// Lanczos with full reorthogonalization (values ascending; the algorithm text reports restarts and residuals).
    /// </summary>
    public EigenResult<T> LanczosEigen<T>(Operators.ILinearOperator<T> @operator, int k, Partial.EigenSelection selection, Partial.LanczosOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Partial.LanczosEigensolver.Solve(@operator, k, selection, options ?? Partial.LanczosOptions.Default);

    private TResult Run<TResult>(Func<ISpectralBackend, TResult> operation, Func<TResult, string, TResult> annotate)
    {
        try
        {
            return operation(_backend);
        }
        catch (BackendNotSupportedException e) when (_mayFallBack && _backend.Kind != Backend.Managed)
        {
            return annotate(operation(Managed), $"{_backend.Kind.ToString().ToLowerInvariant()} does not support this call ({e.Message}); computed by the managed backend");
        }
    }

    /// <inheritdoc />
    public void Dispose() => (_backend as IDisposable)?.Dispose();
}

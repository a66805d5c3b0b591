namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>How layer singular values are computed.</summary>
public enum EsdRoute
{
    /// <summary>
    /// Default: float64 Golub–Kahan bidiagonalization SVD (<see cref="SvdMethod.Bidiagonal"/>) of the float64
    /// matrix — the route WeightWatcher takes (scipy gesdd values-only); every σ to a few ulps of σmax, so
    /// eigenvalues σ² agree with WeightWatcher's to ~1e-12 relative for all but the tiniest.
    /// </summary>
    Bidiagonal = 0,

    /// <summary>
    /// Eigenvalues of the smaller Gram matrix WᵀW or WWᵀ (float64 accumulation, <see cref="SvdMethod.Gram"/>).
    /// Faster for rectangular layers; λ = σ² keeps absolute accuracy ~ε·λmax, so eigenvalues far below
    /// λmax (under ~1e-8·λmax) lose relative accuracy. The power-law tail, norms and λmax are unaffected in
    /// practice; rank and weak-rank counts near the tolerance may differ.
    /// </summary>
    Gram = 1,
}

/// <summary>Computes singular values of row-major float64 matrices.</summary>
public interface ISingularValueSolver
{
    /// <summary>All min(rows, columns) singular values (any order).</summary>
    double[] SingularValues(double[] rowMajor, int rows, int columns);

    /// <summary>
    /// All min(rows, columns) singular values of a float32 matrix, computed in float64 (any order). The elements widen
    /// exactly, so the result is that of the same matrix in float64; this default widens a copy, implementations may
    /// read the float32 data directly.
    /// </summary>
    double[] SingularValues(float[] rowMajor, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(rowMajor);
        var widened = new double[rowMajor.Length];
        SpectralCore.Kernels.Common.Widening.ToDouble<float>(rowMajor, widened);
        return SingularValues(widened, rows, columns);
    }

    /// <summary>
    /// <see cref="SingularValues(float[], int, int)"/> of a float32 matrix held in any memory (e.g. a memory-mapped file).
    /// This default hands a whole array over as is and copies anything else into one; implementations may read it in place.
    /// </summary>
    double[] SingularValues(ReadOnlyMemory<float> rowMajor, int rows, int columns) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(rowMajor, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? SingularValues(segment.Array, rows, columns)
            : SingularValues(rowMajor.ToArray(), rows, columns);

    /// <summary>Which backend and algorithm, for reports.</summary>
    string Description { get; }
}

/// <summary>Singular values through a <see cref="SpectralEngine"/> (any backend: managed, LAPACK, CUDA).</summary>
public sealed class EngineSingularValueSolver : ISingularValueSolver
{
    private readonly SpectralEngine _engine;
    private readonly SvdMethod _method;

    /// <summary>Uses <paramref name="engine"/> with the given route (not owned; the caller disposes it).</summary>
    public EngineSingularValueSolver(SpectralEngine engine, EsdRoute route = EsdRoute.Bidiagonal)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (!Enum.IsDefined(route)) throw new ArgumentException($"Unknown ESD route {(int)route}.", nameof(route));
        _engine = engine;
        _method = route == EsdRoute.Gram ? SvdMethod.Gram : SvdMethod.Bidiagonal;
    }

    /// <inheritdoc />
    public double[] SingularValues(double[] rowMajor, int rows, int columns) =>
        _engine.SingularValues(MatrixView<double>.RowMajor(rowMajor, rows, columns), _method);

    /// <inheritdoc />
    public double[] SingularValues(float[] rowMajor, int rows, int columns) =>
        _engine.SingularValuesFloat64(MatrixView<float>.RowMajor(rowMajor, rows, columns), _method);

    /// <inheritdoc />
    public double[] SingularValues(ReadOnlyMemory<float> rowMajor, int rows, int columns) =>
        _engine.SingularValuesFloat64(new MatrixView<float>(rowMajor, rows, columns), _method);

    /// <inheritdoc />
    public string Description => _method == SvdMethod.Gram && _engine.GramRunsManaged(SpectralEngine.AutoGramManagedFromOrder, SpectralEngine.AutoGramManagedFromOrder)
        ? $"{_engine.Backend.ToString().ToLowerInvariant()} {_method} float64 (orders ≥ {SpectralEngine.AutoGramManagedFromOrder}: managed two-stage eigensolver)"
        : $"{_engine.Backend.ToString().ToLowerInvariant()} {_method} float64";
}

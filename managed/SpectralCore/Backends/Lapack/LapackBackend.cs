namespace SpectralCore;

/// <summary>
/// The Lapack backend: libspectral calling the LAPACK found at run time (libopenblas.so.0, liblapack.so.3 or
/// SPECTRAL_LAPACK_LIBRARY). Full spectra use ?syevd (divide and conquer), index ranges ?syevr (MRRR), SVDs
/// ?gesdd (divide and conquer), randomized SVDs Halko–Martinsson–Tropp on ?gemm/?geqrf/?orgqr/?gesdd — in the
/// caller's precision (float32 stays float32). Batches run over the context's thread pool
/// (<see cref="SpectralOptions.MaxDegreeOfParallelism"/>, at most 32) with BLAS threads pinned to 1, so their
/// results are bitwise identical for every thread count; single-matrix calls use BLAS's own threads, whose
/// count can change results at the rounding level.
/// </summary>
public sealed class LapackBackend : NativeBackend
{
    /// <summary>Creates a native context; throws <see cref="BackendUnavailableException"/> with the reason when unavailable.</summary>
    public LapackBackend(SpectralOptions? options = null) : base(Backend.Lapack, options) { }

    /// <inheritdoc />
    protected override string EigenAlgorithm(bool isDouble, bool indexRange, int order, bool vectors) =>
        indexRange ? $"LAPACK {(isDouble ? 'd' : 's')}syevr (MRRR, index range)"
        // libspectral switches to ?syevr where ?syevd's 1 + 6n + 2n² workspace overflows LAPACK's 32-bit INTEGER.
        : vectors && order > MaxSyevdOrder ? $"LAPACK {(isDouble ? 'd' : 's')}syevr (MRRR, full spectrum: n > {MaxSyevdOrder})"
        : $"LAPACK {(isDouble ? 'd' : 's')}syevd (divide and conquer)";

    /// <summary>The largest order ?syevd (with vectors) can take with 32-bit LAPACK integers.</summary>
    private const int MaxSyevdOrder = 32766;

    /// <inheritdoc />
    protected override string SvdAlgorithm(bool isDouble) => $"LAPACK {(isDouble ? 'd' : 's')}gesdd (divide and conquer)";

    /// <inheritdoc />
    protected override string GramAlgorithm => "Gram route: dsyrk + dsyevd in float64 (input widened), σ = √max(λ, 0)";

    /// <inheritdoc />
    protected override string RandomizedSvdAlgorithm(bool isDouble) =>
        $"randomized SVD (Halko–Martinsson–Tropp) on BLAS/LAPACK {(isDouble ? 'd' : 's')}gemm/{(isDouble ? 'd' : 's')}geqrf/{(isDouble ? 'd' : 's')}gesdd";
}

namespace SpectralCore;

/// <summary>
/// The Lapack backend: libspectral calling the LAPACK found at run time (libopenblas.so.0, liblapack.so.3 or
/// SPECTRAL_LAPACK_LIBRARY). Full spectra use ?syevd (divide and conquer), index ranges ?syevr (MRRR), SVDs
/// ?gesdd (divide and conquer), randomized SVDs Halko–Martinsson–Tropp on ?gemm/?geqrf/?orgqr/?gesdd — in the
/// caller's precision (float32 stays float32). Batches run over the context's thread pool
/// (<see cref="SpectralOptions.MaxDegreeOfParallelism"/>) with BLAS threads pinned to 1.
/// </summary>
public sealed class LapackBackend : NativeBackend
{
    /// <summary>Creates a native context; throws <see cref="BackendUnavailableException"/> with the reason when unavailable.</summary>
    public LapackBackend(SpectralOptions? options = null) : base(Backend.Lapack, options) { }

    /// <inheritdoc />
    protected override string EigenAlgorithm(bool isDouble, bool indexRange) =>
        indexRange ? $"LAPACK {(isDouble ? 'd' : 's')}syevr (MRRR, index range)" : $"LAPACK {(isDouble ? 'd' : 's')}syevd (divide and conquer)";

    /// <inheritdoc />
    protected override string SvdAlgorithm(bool isDouble) => $"LAPACK {(isDouble ? 'd' : 's')}gesdd (divide and conquer)";

    /// <inheritdoc />
    protected override string RandomizedSvdAlgorithm(bool isDouble) =>
        $"randomized SVD (Halko–Martinsson–Tropp) on BLAS/LAPACK {(isDouble ? 'd' : 's')}gemm/{(isDouble ? 'd' : 's')}geqrf/{(isDouble ? 'd' : 's')}gesdd";
}

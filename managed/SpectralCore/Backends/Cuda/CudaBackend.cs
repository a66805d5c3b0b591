namespace SpectralCore;

/// <summary>
/// The Cuda backend: libspectral calling cuSOLVER/cuBLAS found at run time. All GPU work (device memory,
/// streams, routine choice) happens in native code; this class only names the backend and its algorithms.
/// </summary>
public sealed class CudaBackend : NativeBackend
{
    /// <summary>Creates a native context; throws <see cref="BackendUnavailableException"/> with the reason when unavailable.</summary>
    public CudaBackend(SpectralOptions? options = null) : base(Backend.Cuda, options) { }

    /// <inheritdoc />
    protected override string EigenAlgorithm(bool isDouble, bool indexRange, int order, bool vectors) =>
        $"cuSOLVER {(isDouble ? "float64" : "float32")} symmetric eigensolver{(indexRange ? " (index range)" : "")}, routine chosen by libspectral's GPU dispatch";

    /// <inheritdoc />
    protected override string SvdAlgorithm(bool isDouble) => $"cuSOLVER {(isDouble ? "float64" : "float32")} SVD, routine chosen by libspectral's GPU dispatch";

    /// <inheritdoc />
    protected override int SketchSlack => 1;

    /// <inheritdoc />
    protected override string RandomizedSvdAlgorithm(bool isDouble) => $"cuSOLVER {(isDouble ? "float64" : "float32")} randomized SVD";

    /// <inheritdoc />
    protected override string GramAlgorithm => "Gram route: cublasDsyrk + cusolverDnXsyevd in float64 on the device (input widened on the host), σ = √max(λ, 0)";
}

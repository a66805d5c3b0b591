namespace SpectralCore.Randomized;

/// <summary>Which subspace the randomized SVD builds.</summary>
public enum RandomizedSvdMethod
{
    /// <summary>
    /// Halko–Martinsson–Tropp randomized subspace iteration: Q = orth((AAᵀ)^q AΩ), re-orthonormalized after every
    /// product (HMT Algorithm 4.4). Basis width l = k + oversample. The default, as in scikit-learn and fbpca.
    /// </summary>
    SubspaceIteration = 0,

    /// <summary>
    /// Randomized block Krylov (Musco &amp; Musco 2015): Q = orth([AΩ, (AAᵀ)AΩ, …, (AAᵀ)^q AΩ]) with block
    /// Gram–Schmidt, basis width l·(q + 1). Better for slowly decaying singular values at the same number of
    /// passes over A, for a larger final basis.
    /// </summary>
    BlockKrylov = 1,
}

/// <summary>Parameters of a randomized truncated SVD (defaults match scikit-learn's oversampling of 10).</summary>
public sealed record RandomizedSvdOptions
{
    /// <summary>Extra sketch columns p ≥ 0 beyond k (l = k + p). Default 10.</summary>
    public int Oversample { get; init; } = 10;

    /// <summary>Power (or Krylov) iterations q ≥ 0; each costs two passes over A. Default 2.</summary>
    public int PowerIterations { get; init; } = 2;

    /// <summary>Seed of the Gaussian sketch (see <see cref="GaussianSketch"/>). Same seed and thread count → same bits.</summary>
    public long Seed { get; init; }

    /// <summary>Subspace iteration (default) or block Krylov.</summary>
    public RandomizedSvdMethod Method { get; init; } = RandomizedSvdMethod.SubspaceIteration;

    /// <summary>Compute U and Vᵀ (default true); singular values only otherwise.</summary>
    public bool ComputeVectors { get; init; } = true;

    /// <summary>
    /// Number r ≥ 1 of independent Gaussian probes for the a-posteriori error estimate; the estimate fails to
    /// bound the error with probability at most 10^(−r). Default 10 (probability ≤ 1e-10).
    /// </summary>
    public int ErrorProbes { get; init; } = 10;

    /// <summary>
    /// Mixed precision for dense float64 matrices (opt-in): the range finder (the first 2q + 1 passes) runs on a
    /// float32 copy of A (half the memory traffic, twice the SIMD width), then Q is re-orthonormalized and the
    /// final pass, the factors and the error bound are float64. Costs a float32 copy of A. The basis is only
    /// float32-accurate, so ‖A − QQᵀA‖ cannot drop below about 1e-7·σ₁: top singular values stay accurate to
    /// roughly (1e-7·σ₁)²/σⱼ, but exactly low-rank or very fast decaying matrices lose the float64 floor. The
    /// error bound stays rigorous (it is computed in float64). Ignored for float32 input.
    /// </summary>
    public bool Float32RangeFinder { get; init; }

    /// <summary>Defaults (p = 10, q = 2, seed 0, subspace iteration, vectors, 10 probes).</summary>
    public static RandomizedSvdOptions Default { get; } = new();
}

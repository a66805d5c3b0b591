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
    /// Precision of the range finder (the first 2q + 1 passes) on a dense float64 matrix; the final pass (B = QᵀA),
    /// the factors and the error bound are float64 in every mode. Default <see cref="RangeFinderPrecision.Auto"/>.
    /// Matrix-free operators and float32 matrices ignore Auto (their products run in their own type).
    /// </summary>
    public RangeFinderPrecision RangeFinderPrecision { get; init; } = RangeFinderPrecision.Auto;

    /// <summary>Defaults (p = 10, q = 2, seed 0, subspace iteration, vectors, 10 probes, automatic range-finder precision).</summary>
    public static RandomizedSvdOptions Default { get; } = new();
}

/// <summary>Arithmetic of the randomized SVD's range finder on a dense float64 matrix.</summary>
public enum RangeFinderPrecision
{
    /// <summary>
    /// Mixed precision where it cannot cost accuracy that matters, float64 otherwise. For a dense float64 matrix of at
    /// least 2²⁰ entries whose float32 copy fits in a quarter of the memory available to the process, the range
    /// finder runs as <see cref="Float32"/>; the result is kept only if its a-posteriori bound on ‖A − QQᵀA‖₂ is at
    /// least 10⁻³·σ₁ — then the float32 basis error (≈ 1e-7·σ₁ per direction) changes the error bound ε and the
    /// singular-value bound σᵢ − σ̃ᵢ ≤ ε²/2σᵢ by well under 1 % — and otherwise the range finder is run again in float64
    /// (<see cref="RandomizedSvdResult{T}.Algorithm"/> says so). Fast-decaying or exactly low-rank matrices are
    /// usually recognized after the first float32 product (A·Ω's Cholesky diagonal spans more than 10⁴) and switch
    /// to float64 there (≈ 1.2× the float64 time instead of ≈ 1.6×). Smaller matrices and operators use
    /// <see cref="Float64"/>.
    /// </summary>
    Auto = 0,

    /// <summary>All products with A in float64 (scikit-learn's arithmetic).</summary>
    Float64 = 1,

    /// <summary>
    /// The range finder on a float32 copy of A (half the memory traffic, twice the SIMD width; costs the copy, half
    /// A's size), then Q re-orthonormalized and the final pass in float64, unconditionally. The basis is only
    /// float32-accurate, so ‖A − QQᵀA‖₂ cannot drop below about 1e-7·σ₁: exactly low-rank or very fast decaying
    /// matrices lose the float64 floor. The error bound stays rigorous (float64). Dense float64 matrices only.
    /// </summary>
    Float32 = 2,
}

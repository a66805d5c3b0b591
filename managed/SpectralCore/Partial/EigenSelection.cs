namespace SpectralCore.Partial;

/// <summary>Which part of a symmetric spectrum a partial eigensolver returns.</summary>
public enum EigenSelection
{
    /// <summary>The k algebraically largest eigenvalues (top-k).</summary>
    LargestAlgebraic = 0,

    /// <summary>The k algebraically smallest eigenvalues.</summary>
    SmallestAlgebraic = 1,

    /// <summary>The k eigenvalues of largest |λ|, with their signs (InPCA's signed spectrum).</summary>
    LargestMagnitude = 2,
}

/// <summary>Parameters of the thick-restart Lanczos eigensolver.</summary>
public sealed record LanczosOptions
{
    /// <summary>Krylov basis size (k &lt; size ≤ n); null = min(n, max(2k + 1, k + 32)).</summary>
    public int? BasisSize { get; init; }

    /// <summary>
    /// Convergence: every wanted Ritz pair's residual ‖Ax − θx‖ ≤ Tolerance·max|θ|. 0 = automatic
    /// (64·√n·ε of the element type, at most 1e-3).
    /// </summary>
    public double Tolerance { get; init; }

    /// <summary>Maximum number of thick restarts before <see cref="NonConvergenceException"/>. Default 1000.</summary>
    public int MaxRestarts { get; init; } = 1000;

    /// <summary>Seed of the random start vector (same seed → same bits).</summary>
    public long Seed { get; init; }

    /// <summary>Compute eigenvectors too (default true).</summary>
    public bool ComputeVectors { get; init; } = true;

    /// <summary>Check symmetry of the operator with one random probe pair before iterating (default true).</summary>
    public bool CheckSymmetry { get; init; } = true;

    /// <summary>
    /// After convergence, restart from the converged vectors plus a random orthogonal direction until the wanted
    /// values stop changing (finds copies of repeated eigenvalues that a single Krylov sequence cannot see).
    /// Default true; costs at least one extra convergence round.
    /// </summary>
    public bool CheckMultiplicity { get; init; } = true;

    /// <summary>Defaults.</summary>
    public static LanczosOptions Default { get; } = new();
}

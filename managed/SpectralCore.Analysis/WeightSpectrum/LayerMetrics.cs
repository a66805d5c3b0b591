namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>
/// One analysed layer: WeightWatcher 0.7.5.5's row (same names and definitions, see the README) plus the
/// fit status, the optional MP fit, the phase label with its evidence, the randomized baseline and timings.
/// When the power-law fit fails, Alpha and the α-derived metrics are NaN, <see cref="Status"/> is "failed" and
/// <see cref="Warning"/> is empty (WeightWatcher reports α = −1 and the warning "over-trained" instead).
/// </summary>
public sealed record LayerMetrics
{
    /// <summary>1-based position in the analysed model (WeightWatcher's layer_id for its own iterators may differ).</summary>
    public required int LayerId { get; init; }
    /// <summary>Tensor name.</summary>
    public required string Name { get; init; }
    /// <summary>"dense", "conv1d", "conv2d" or "embedding".</summary>
    public required string LayerType { get; init; }
    /// <summary>N = max(slice shape).</summary>
    public required int N { get; init; }
    /// <summary>M = min(slice shape).</summary>
    public required int M { get; init; }
    /// <summary>Q = N/M.</summary>
    public double Q => (double)N / M;
    /// <summary>Receptive field (slices pooled).</summary>
    public required int Rf { get; init; }
    /// <summary>Always true for an analysed layer.</summary>
    public bool HasEsd => true;
    /// <summary>Number of eigenvalues (M·rf).</summary>
    public required int NumEvals { get; init; }

    /// <summary>"success" or "failed" (power-law fit).</summary>
    public required string Status { get; init; }
    /// <summary>Why the power-law fit failed (null on success).</summary>
    public string? FitFailure { get; init; }
    /// <summary>Power-law exponent α.</summary>
    public required double Alpha { get; init; }
    /// <summary>Chosen xmin.</summary>
    public required double Xmin { get; init; }
    /// <summary>Largest fitted eigenvalue.</summary>
    public required double Xmax { get; init; }
    /// <summary>KS distance at xmin.</summary>
    public required double D { get; init; }
    /// <summary>(α − 1)/√n.</summary>
    public required double Sigma { get; init; }
    /// <summary>Number of eigenvalues ≥ xmin.</summary>
    public required int NumPlSpikes { get; init; }
    /// <summary>"over-trained" (α &lt; 2), "under-trained" (α &gt; 6) or "".</summary>
    public required string Warning { get; init; }

    /// <summary>Σλ (WeightWatcher's "norm": the squared Frobenius norm).</summary>
    public required double Norm { get; init; }
    /// <summary>log10 Σλ.</summary>
    public required double LogNorm { get; init; }
    /// <summary>λmax.</summary>
    public required double SpectralNorm { get; init; }
    /// <summary>log10 λmax.</summary>
    public required double LogSpectralNorm { get; init; }
    /// <summary>α·log10 λmax.</summary>
    public required double AlphaWeighted { get; init; }
    /// <summary>log10 Σ λ^α.</summary>
    public required double LogAlphaNorm { get; init; }
    /// <summary>Σλ / λmax.</summary>
    public required double StableRank { get; init; }
    /// <summary>−Σ p ln p / ln(rank + 1e-10), p = λ/Σλ + 1e-10 (WeightWatcher 0.7.5.5).</summary>
    public required double Entropy { get; init; }
    /// <summary>#√λ &gt; √λmax·N·ε over the pooled ESD.</summary>
    public required int MatrixRank { get; init; }
    /// <summary>Σ over slices of #σ − rank.</summary>
    public required int RankLoss { get; init; }
    /// <summary>#λ &lt; tolerance (default 1e-6).</summary>
    public required int WeakRankLoss { get; init; }
    /// <summary>λmax.</summary>
    public required double LambdaMax { get; init; }
    /// <summary>Largest singular value.</summary>
    public required double SvMax { get; init; }
    /// <summary>WeightWatcher's sv_min (largest per-slice minimum).</summary>
    public required double SvMin { get; init; }

    /// <summary>The full power-law fit (with the truncated power law when requested).</summary>
    public required PowerLawFitResult PowerLaw { get; init; }
    /// <summary>The MP fit when requested (null otherwise, or when the ESD has no density above 0.01).</summary>
    public MarchenkoPasturFitResult? MarchenkoPastur { get; init; }
    /// <summary>The phase label and its evidence when requested.</summary>
    public PhaseAssessment? Phase { get; init; }
    /// <summary>The seeded randomized baseline when requested.</summary>
    public RandomizedBaselineResult? Randomized { get; init; }

    /// <summary>The eigenvalues (ascending) when <see cref="WeightWatcherOptions.KeepEigenvalues"/> is set.</summary>
    public double[]? Eigenvalues { get; init; }
    /// <summary>How the singular values were computed.</summary>
    public required string Solver { get; init; }
    /// <summary>Time spent per stage.</summary>
    public required LayerTimings Timings { get; init; }
}

/// <summary>Wall time per stage of one layer.</summary>
/// <param name="Load">Reading and slicing the tensor.</param>
/// <param name="Svd">Singular values.</param>
/// <param name="PowerLawFit">The xmin scan (and truncated fit).</param>
/// <param name="Metrics">Norms, ranks, entropy.</param>
/// <param name="MarchenkoPastur">MP fit.</param>
/// <param name="Phase">Phase classification.</param>
/// <param name="Randomized">Randomized baseline (its SVDs included).</param>
public sealed record LayerTimings(TimeSpan Load, TimeSpan Svd, TimeSpan PowerLawFit, TimeSpan Metrics, TimeSpan MarchenkoPastur, TimeSpan Phase, TimeSpan Randomized)
{
    /// <summary>Sum of all stages.</summary>
    public TimeSpan Total => Load + Svd + PowerLawFit + Metrics + MarchenkoPastur + Phase + Randomized;
}

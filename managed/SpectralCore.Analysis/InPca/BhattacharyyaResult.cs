namespace SpectralCore.Analysis.InPca;

/// <summary>Distances between models' predictive distributions and what was noticed about the input.</summary>
public sealed class BhattacharyyaResult
{
    internal BhattacharyyaResult(Matrix<double> distances, long unnormalizedRows, double maxNormalizationError, int chunkSamples)
    {
        Distances = distances;
        UnnormalizedRows = unnormalizedRows;
        MaxNormalizationError = maxNormalizationError;
        ChunkSamples = chunkSamples;
    }

    /// <summary>
    /// Rows × columns distances d_B = scale·(−1/N) Σ_i ln max(Σ_c √(p q), floor). For the symmetric (all-pairs)
    /// form this is M × M and symmetric; its diagonal is −(scale/N) Σ_i ln Σ_c p, exactly 0 only for normalised rows.
    /// </summary>
    public Matrix<double> Distances { get; }

    /// <summary>Number of (model, sample) rows whose class probabilities do not sum to 1 within 1e-6 (they are used as given).</summary>
    public long UnnormalizedRows { get; }

    /// <summary>Largest |Σ_c p − 1| over all (model, sample) rows.</summary>
    public double MaxNormalizationError { get; }

    /// <summary>Samples per chunk used (memory is O(models² + chunk·classes·models)).</summary>
    public int ChunkSamples { get; }
}

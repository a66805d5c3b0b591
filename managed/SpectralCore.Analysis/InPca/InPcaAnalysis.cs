namespace SpectralCore.Analysis.InPca;

/// <summary>
/// InPCA of a set of models (e.g. checkpoints of training runs): Bhattacharyya distances between their
/// predictive distributions, then the signed embedding of <see cref="InPcaEmbedding"/>.
/// </summary>
public sealed class InPcaAnalysis
{
    private readonly ProbabilityTensor _models;
    private readonly InPcaOptions _options;

    private InPcaAnalysis(ProbabilityTensor models, InPcaOptions options, BhattacharyyaResult distances, InPcaEmbedding embedding)
    {
        _models = models;
        _options = options;
        DistanceResult = distances;
        Embedding = embedding;
    }

    /// <summary>The M × M distances and the input diagnostics.</summary>
    public BhattacharyyaResult DistanceResult { get; }

    /// <summary>The embedding.</summary>
    public InPcaEmbedding Embedding { get; }

    /// <summary>Runs the analysis on <paramref name="engine"/> (which supplies the symmetric eigensolver).</summary>
    public static InPcaAnalysis Run(SpectralEngine engine, ProbabilityTensor models, InPcaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(models);
        options ??= InPcaOptions.Default;
        if (options.Dimensions is int k && k < 1)
            throw new ArgumentOutOfRangeException(nameof(options), k, "InPcaOptions.Dimensions must be ≥ 1 (or null for all).");
        var distances = BhattacharyyaDistances.Compute(models, options.Distances);
        int? keep = options.Dimensions is int d ? Math.Min(d, models.Models) : null;
        var embedding = InPcaEmbedding.FromDistances(engine, distances.Distances, keep);
        return new InPcaAnalysis(models, options, distances, embedding);
    }

    /// <summary>
    /// Places new models (same samples and classes, same probability/log convention not required) into this
    /// embedding: their distances to the reference models, then the out-of-sample formula.
    /// </summary>
    public Matrix<double> Project(ProbabilityTensor newModels)
    {
        ArgumentNullException.ThrowIfNull(newModels);
        if (newModels.Samples != _models.Samples || newModels.Classes != _models.Classes)
            throw new ArgumentException($"New models must have the reference's {_models.Samples} samples × {_models.Classes} classes, not {newModels.Samples} × {newModels.Classes}.", nameof(newModels));
        var cross = BhattacharyyaDistances.Compute(newModels, _models, _options.Distances);
        return Embedding.Project(cross.Distances);
    }
}

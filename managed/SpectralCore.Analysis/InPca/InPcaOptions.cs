namespace SpectralCore.Analysis.InPca;

/// <summary>Options of an InPCA run.</summary>
public sealed record InPcaOptions
{
    /// <summary>Retained directions K (default 3; clipped to M). Null keeps all M.</summary>
    public int? Dimensions { get; init; } = 3;

    /// <summary>Options of the distance computation (scale, clip, chunking, threads).</summary>
    public BhattacharyyaOptions Distances { get; init; } = BhattacharyyaOptions.Default;

    /// <summary>Defaults.</summary>
    public static InPcaOptions Default { get; } = new();
}

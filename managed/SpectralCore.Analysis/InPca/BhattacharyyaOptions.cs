namespace SpectralCore.Analysis.InPca;

/// <summary>Options of the Bhattacharyya distance computation.</summary>
public sealed record BhattacharyyaOptions
{
    /// <summary>The clip applied to each per-sample coefficient before the log: BC = max(BC, 1e-6) (Mao et al.).</summary>
    public const double DefaultCoefficientFloor = 1e-6;

    /// <summary>Multiplies every distance (default 1).</summary>
    public double Scale { get; init; } = 1.0;

    /// <summary>Lower clip of the per-sample Bhattacharyya coefficient (default 1e-6; must be &gt; 0).</summary>
    public double CoefficientFloor { get; init; } = DefaultCoefficientFloor;

    /// <summary>
    /// Budget in bytes for the per-chunk buffer of √p values (float64, samples × classes × models);
    /// the number of samples per chunk follows from it (at least one). Default 8 MiB.
    /// </summary>
    public long ChunkBytes { get; init; } = 8L << 20;

    /// <summary>Maximum worker threads (null = all cores). Results are bitwise identical for any value.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Defaults.</summary>
    public static BhattacharyyaOptions Default { get; } = new();

    internal void Validate()
    {
        if (!double.IsFinite(Scale) || Scale <= 0)
            throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "The scale factor must be finite and > 0.");
        if (!double.IsFinite(CoefficientFloor) || CoefficientFloor <= 0 || CoefficientFloor > 1)
            throw new ArgumentOutOfRangeException(nameof(CoefficientFloor), CoefficientFloor, "The coefficient floor must be in (0, 1].");
        if (ChunkBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(ChunkBytes), ChunkBytes, "The chunk budget must be ≥ 1 byte.");
        if (MaxDegreeOfParallelism is int n && n < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), n, "MaxDegreeOfParallelism must be ≥ 1 (or null for all cores).");
    }
}

namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>
/// Model-level averages as WeightWatcher's get_summary(): the mean over analysed layers of log_norm, alpha,
/// alpha_weighted, log_alpha_norm, log_spectral_norm, stable_rank and (with the MP fit) mp_softrank.
/// Layers whose power-law fit failed are left out of the α-based means (pandas skips WeightWatcher's NaN-free
/// −1 instead, which biases them); <see cref="FailedFits"/> says how many. Layers whose weights are all zero
/// (λmax = 0: log norms −∞, stable rank undefined) are left out of the norm-based means — one such layer would
/// make WeightWatcher's mean −∞ — and counted in <see cref="ZeroLayers"/>.
/// </summary>
public sealed record ModelSummary
{
    /// <summary>Mean log10 Σλ.</summary>
    public required double LogNorm { get; init; }
    /// <summary>Mean α over successful fits.</summary>
    public required double Alpha { get; init; }
    /// <summary>Mean α·log10 λmax over successful fits.</summary>
    public required double AlphaWeighted { get; init; }
    /// <summary>Mean log10 Σλ^α over successful fits.</summary>
    public required double LogAlphaNorm { get; init; }
    /// <summary>Mean log10 λmax.</summary>
    public required double LogSpectralNorm { get; init; }
    /// <summary>Mean Σλ/λmax.</summary>
    public required double StableRank { get; init; }
    /// <summary>Mean λ+/λmax over layers with an MP fit (NaN when none).</summary>
    public required double MpSoftrank { get; init; }
    /// <summary>Layers analysed.</summary>
    public required int Layers { get; init; }
    /// <summary>Layers whose power-law fit failed.</summary>
    public required int FailedFits { get; init; }
    /// <summary>Layers whose weights are all zero (left out of the norm-based means).</summary>
    public int ZeroLayers { get; init; }

    /// <summary>Averages <paramref name="layers"/>.</summary>
    public static ModelSummary From(IReadOnlyList<LayerMetrics> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var ok = layers.Where(l => l.Status == "success").ToList();
        var mp = layers.Where(l => l.MarchenkoPastur is not null).ToList();
        var nonzero = layers.Where(l => l.LambdaMax > 0).ToList();
        return new ModelSummary
        {
            LogNorm = Mean(nonzero.Select(l => l.LogNorm)),
            Alpha = Mean(ok.Select(l => l.Alpha)),
            AlphaWeighted = Mean(ok.Select(l => l.AlphaWeighted)),
            LogAlphaNorm = Mean(ok.Select(l => l.LogAlphaNorm)),
            LogSpectralNorm = Mean(nonzero.Select(l => l.LogSpectralNorm)),
            StableRank = Mean(nonzero.Select(l => l.StableRank)),
            MpSoftrank = Mean(mp.Select(l => l.MarchenkoPastur!.MpSoftrank)),
            Layers = layers.Count,
            FailedFits = layers.Count - ok.Count,
            ZeroLayers = layers.Count - nonzero.Count,
        };
    }

    private static double Mean(IEnumerable<double> values)
    {
        double sum = 0;
        int count = 0;
        foreach (double v in values) { sum += v; count++; }
        return count == 0 ? double.NaN : sum / count;
    }
}

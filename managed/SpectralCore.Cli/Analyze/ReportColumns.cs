using SpectralCore.Analysis.WeightSpectrum;

namespace SpectralCore.Cli.Analyze;

/// <summary>
/// The stable per-layer schema of --json and --csv (version <see cref="SchemaVersion"/>): one record per analysed
/// layer, columns in this order, always all present (empty/null when an option did not compute them). Metrics we
/// share with WeightWatcher 0.7.5.5 carry its column names and definitions; the rest are ours.
/// </summary>
internal static class ReportColumns
{
    internal const string SchemaVersion = "spectral-analyze/1";

    internal static readonly (string Name, Func<LayerOutcome, object?> Value)[] All =
    [
        ("layer_id", o => o.Input.Id),
        ("name", o => o.Input.Name),
        ("layer_type", o => o.Metrics!.LayerType),
        ("shape", o => o.Input.ShapeText),
        ("dtype", o => o.Input.DataType),
        ("N", o => o.Metrics!.N),
        ("M", o => o.Metrics!.M),
        ("Q", o => o.Metrics!.Q),
        ("rf", o => o.Metrics!.Rf),
        ("num_evals", o => o.Metrics!.NumEvals),
        ("has_esd", o => o.Metrics!.HasEsd),
        ("status", o => o.Metrics!.Status),
        ("alpha", o => o.Metrics!.Alpha),
        ("xmin", o => o.Metrics!.Xmin),
        ("xmax", o => o.Metrics!.Xmax),
        ("D", o => o.Metrics!.D),
        ("sigma", o => o.Metrics!.Sigma),
        ("num_pl_spikes", o => o.Metrics!.NumPlSpikes),
        ("warning", o => o.Metrics!.Warning),
        ("norm", o => o.Metrics!.Norm),
        ("log_norm", o => o.Metrics!.LogNorm),
        ("spectral_norm", o => o.Metrics!.SpectralNorm),
        ("log_spectral_norm", o => o.Metrics!.LogSpectralNorm),
        ("alpha_weighted", o => o.Metrics!.AlphaWeighted),
        ("log_alpha_norm", o => o.Metrics!.LogAlphaNorm),
        ("stable_rank", o => o.Metrics!.StableRank),
        ("entropy", o => o.Metrics!.Entropy),
        ("matrix_rank", o => o.Metrics!.MatrixRank),
        ("rank_loss", o => o.Metrics!.RankLoss),
        ("weak_rank_loss", o => o.Metrics!.WeakRankLoss),
        ("lambda_max", o => o.Metrics!.LambdaMax),
        ("sv_max", o => o.Metrics!.SvMax),
        ("sv_min", o => o.Metrics!.SvMin),
        ("sigma_mp", o => o.Metrics!.MarchenkoPastur?.SigmaMp),
        ("bulk_min", o => o.Metrics!.MarchenkoPastur?.BulkMin),
        ("bulk_max", o => o.Metrics!.MarchenkoPastur?.BulkMax),
        ("num_spikes", o => o.Metrics!.MarchenkoPastur?.NumSpikes),
        ("mp_softrank", o => o.Metrics!.MarchenkoPastur?.MpSoftrank),
        ("W_scale", o => o.Metrics!.MarchenkoPastur?.WScale),
        ("rand_seed", o => o.Metrics!.Randomized?.Seed),
        ("max_rand_eval", o => o.Metrics!.Randomized?.MaxRandEval),
        ("rand_distance", o => o.Metrics!.Randomized?.RandDistance),
        ("ww_softrank", o => o.Metrics!.Randomized?.WwSoftrank),
        ("ww_maxdist", o => o.Metrics!.Randomized?.WwMaxdist),
        ("rand_num_spikes", o => o.Metrics!.Randomized?.CorrelationTraps),
        ("rand_sigma_mp", o => o.Metrics!.Randomized?.RandomMpFit?.SigmaMp),
        ("rand_bulk_max", o => o.Metrics!.Randomized?.RandomMpFit?.BulkMax),
        ("rand_bulk_min", o => o.Metrics!.Randomized?.RandomMpFit?.BulkMin),
        ("phase", o => PhaseName(o.Metrics!.Phase?.Phase)),
        ("phase_reason", o => o.Metrics!.Phase?.Reason),
        ("fit_failure", o => o.Metrics!.FitFailure),
        ("solver", o => o.Metrics!.Solver),
        ("seconds", o => o.Elapsed.TotalSeconds),
        // Where a layer's time went: reading/slicing the weights, the eigenvalues (the solver), the power-law fit.
        ("load_seconds", o => o.Metrics!.Timings.Load.TotalSeconds),
        ("esd_seconds", o => o.Metrics!.Timings.Svd.TotalSeconds),
        ("fit_seconds", o => o.Metrics!.Timings.PowerLawFit.TotalSeconds),
    ];

    /// <summary>The phase as a stable token: random-like, bleeding-out, bulk+spikes, bulk-decay, heavy-tailed, rank-collapse.</summary>
    internal static string? PhaseName(TrainingPhase? phase) => phase switch
    {
        TrainingPhase.RandomLike => "random-like",
        TrainingPhase.BleedingOut => "bleeding-out",
        TrainingPhase.BulkPlusSpikes => "bulk+spikes",
        TrainingPhase.BulkDecay => "bulk-decay",
        TrainingPhase.HeavyTailed => "heavy-tailed",
        TrainingPhase.RankCollapse => "rank-collapse",
        _ => null,
    };
}

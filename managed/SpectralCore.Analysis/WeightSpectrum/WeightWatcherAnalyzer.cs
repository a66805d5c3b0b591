using System.Diagnostics;

namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>A layer the analyzer did not analyse, and why.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="Reason">The filter or kind that excluded it.</param>
public sealed record SkippedLayer(string Name, string Reason);

/// <summary>The analysis of a model: one row per analysed layer, the skipped ones, the summary.</summary>
public sealed record ModelAnalysis
{
    /// <summary>Analysed layers in input order.</summary>
    public required IReadOnlyList<LayerMetrics> Layers { get; init; }
    /// <summary>Layers left out, with the reason.</summary>
    public required IReadOnlyList<SkippedLayer> Skipped { get; init; }
    /// <summary>WeightWatcher-style means.</summary>
    public required ModelSummary Summary { get; init; }
    /// <summary>Wall time of the whole analysis.</summary>
    public required TimeSpan Elapsed { get; init; }
}

/// <summary>
/// The weight-spectrum analysis of a model, layer by layer: tensor → slices → singular values (any
/// <see cref="SpectralEngine"/> backend, float64) → ESD → WeightWatcher's power-law fit and metrics, and on
/// request the MP fit, the phase label and the seeded randomized baseline, with per-stage timings.
/// Nothing is ever down-cast to half precision; results depend on the backend only through float64 rounding.
/// </summary>
public sealed class WeightWatcherAnalyzer
{
    private readonly ISingularValueSolver _solver;

    /// <summary>Analyzer computing singular values with <paramref name="solver"/>.</summary>
    public WeightWatcherAnalyzer(ISingularValueSolver solver, WeightWatcherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(solver);
        Options = options ?? WeightWatcherOptions.Default;
        Options.Validate();
        _solver = solver;
    }

    /// <summary>Analyzer on <paramref name="engine"/> (not owned) with the route in <paramref name="options"/>.</summary>
    public WeightWatcherAnalyzer(SpectralEngine engine, WeightWatcherOptions? options = null)
        : this(new EngineSingularValueSolver(engine, (options ?? WeightWatcherOptions.Default).EsdRoute), options)
    {
    }

    /// <summary>The options in force.</summary>
    public WeightWatcherOptions Options { get; }

    /// <summary>Analyses every tensor (layer ids 1, 2, … in input order, counting skipped ones).</summary>
    public ModelAnalysis Analyze(IEnumerable<WeightTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var watch = Stopwatch.StartNew();
        var layers = new List<LayerMetrics>();
        var skipped = new List<SkippedLayer>();
        int id = 0;
        foreach (var tensor in tensors)
        {
            id++;
            ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
            var layer = AnalyzeLayer(tensor, id, out string? reason);
            if (layer is null) skipped.Add(new SkippedLayer(tensor.Name, reason!));
            else layers.Add(layer);
        }
        return new ModelAnalysis { Layers = layers, Skipped = skipped, Summary = ModelSummary.From(layers), Elapsed = watch.Elapsed };
    }

    /// <summary>Analyses one tensor; null (with the reason) when a filter or its kind excludes it.</summary>
    public LayerMetrics? AnalyzeLayer(WeightTensor tensor, int layerId, out string? skipReason)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var kind = tensor.ResolvedKind;
        skipReason = Filter(tensor, kind);
        if (skipReason is not null) return null;
        var watch = Stopwatch.StartNew();
        using var slices = WeightSlicer.Slice(tensor, Options.Conv2DNormalize);
        if (slices is null) { skipReason = "empty or not a weight matrix"; return null; }
        var load = watch.Elapsed;
        var esd = LayerEsd.Compute(slices, _solver);
        var layer = AnalyzeEsd(esd, tensor.Name, layerId, Options, load, slices, _solver);
        return layer;
    }

    /// <summary>
    /// The WeightWatcher row of an ESD computed elsewhere (no randomized baseline: it needs the weights).
    /// </summary>
    public static LayerMetrics AnalyzeEsd(LayerEsd esd, string name, int layerId = 1, WeightWatcherOptions? options = null)
    {
        options ??= WeightWatcherOptions.Default;
        options.Validate();
        return AnalyzeEsd(esd, name, layerId, options, TimeSpan.Zero, null, null);
    }

    private string? Filter(WeightTensor tensor, WeightLayerKind kind)
    {
        if (kind == WeightLayerKind.Other) return $"not a weight matrix (rank {tensor.Shape.Count})";
        var s = tensor.Shape;
        (int rows, int cols, int rf) = kind switch
        {
            WeightLayerKind.Dense or WeightLayerKind.Embedding when s.Count == 2 => (s[0], s[1], 1),
            WeightLayerKind.Conv1D when s.Count == 3 => tensor.Layout == TensorLayout.Keras ? (s[1], s[2], s[0]) : (s[0], s[1], s[2]),
            WeightLayerKind.Conv2D when s.Count == 4 => tensor.Layout == TensorLayout.Keras ? (s[2], s[3], s[0] * s[1]) : (s[0], s[1], s[2] * s[3]),
            _ => throw new InvalidDataException($"Tensor '{tensor.Name}': a {kind} weight cannot have shape [{string.Join(", ", s)}]."),
        };
        int n = Math.Max(rows, cols), m = Math.Min(rows, cols);
        long evals = (long)m * rf;
        if (evals < Options.MinEvals) return $"{evals} eigenvalues < min_evals {Options.MinEvals}";
        if (evals > Options.MaxEvals) return $"{evals} eigenvalues > max_evals {Options.MaxEvals}";
        if (n > Options.MaxN) return $"N = {n} > max_N {Options.MaxN}";
        return null;
    }

    private static LayerMetrics AnalyzeEsd(LayerEsd esd, string name, int layerId, WeightWatcherOptions options, TimeSpan load, WeightSlices? slices, ISingularValueSolver? solver)
    {
        var evals = esd.Eigenvalues;
        var watch = Stopwatch.StartNew();
        var fitData = evals.Where(v => v > options.EvalsThreshold).ToArray();
        var fit = PowerLawFit.FitSorted(ApplyXmax(fitData, options.PowerLaw), options.PowerLaw);
        var fitTime = watch.Elapsed;

        watch.Restart();
        bool ok = fit.Status == FitStatus.Success;
        double alpha = ok ? fit.Alpha : double.NaN;
        var norms = NormMetrics.Compute(evals, alpha, esd.N, options.WeakRankTolerance);
        int plSpikes = 0;
        if (ok) foreach (double v in evals) if (v >= fit.Xmin) plSpikes++;
        string warning = !ok ? "" : alpha < 2 ? "over-trained" : alpha > 6 ? "under-trained" : "";
        var metricsTime = watch.Elapsed;

        watch.Restart();
        var mp = options.MarchenkoPasturFit || options.ClassifyPhase ? MarchenkoPasturFit.Fit(evals, esd.N, esd.M) : null;
        var mpTime = watch.Elapsed;

        watch.Restart();
        var phase = options.ClassifyPhase ? PhaseClassifier.Classify(evals, esd.N, esd.M, alpha, esd.RankLoss, mp) : null;
        var phaseTime = watch.Elapsed;

        watch.Restart();
        var randomized = options.Randomize && slices is not null && solver is not null
            ? RandomizedBaseline.Compute(slices, esd, solver, options.RandomSeed, layerId)
            : null;
        var randomTime = watch.Elapsed;

        return new LayerMetrics
        {
            LayerId = layerId,
            Name = name,
            LayerType = esd.Kind switch
            {
                WeightLayerKind.Conv1D => "conv1d",
                WeightLayerKind.Conv2D => "conv2d",
                WeightLayerKind.Embedding => "embedding",
                _ => "dense",
            },
            N = esd.N,
            M = esd.M,
            Rf = esd.Rf,
            NumEvals = evals.Length,
            Status = ok ? "success" : "failed",
            FitFailure = fit.FailureReason,
            Alpha = alpha,
            Xmin = fit.Xmin,
            Xmax = fit.Xmax,
            D = fit.D,
            Sigma = fit.Sigma,
            NumPlSpikes = plSpikes,
            Warning = warning,
            Norm = norms.Norm,
            LogNorm = norms.LogNorm,
            SpectralNorm = norms.SpectralNorm,
            LogSpectralNorm = norms.LogSpectralNorm,
            AlphaWeighted = norms.AlphaWeighted,
            LogAlphaNorm = norms.LogAlphaNorm,
            StableRank = norms.StableRank,
            Entropy = norms.Entropy,
            MatrixRank = norms.MatrixRank,
            RankLoss = esd.RankLoss,
            WeakRankLoss = norms.WeakRankLoss,
            LambdaMax = evals[^1],
            SvMax = esd.SvMax,
            SvMin = esd.SvMin,
            PowerLaw = fit,
            MarchenkoPastur = options.MarchenkoPasturFit ? mp : null,
            Phase = phase,
            Randomized = randomized,
            Eigenvalues = options.KeepEigenvalues ? evals : null,
            Solver = esd.Solver,
            Timings = new LayerTimings(load, esd.SvdTime, fitTime, metricsTime, mpTime, phaseTime, randomTime),
        };
    }

    private static double[] ApplyXmax(double[] sorted, PowerLawFitOptions options) =>
        options.Xmax is double xmax ? sorted.Where(v => v <= xmax).ToArray() : sorted;
}

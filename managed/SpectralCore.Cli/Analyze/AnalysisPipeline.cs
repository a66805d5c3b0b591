using System.Diagnostics;
using SpectralCore.Analysis.Models;
using SpectralCore.Analysis.WeightSpectrum;

namespace SpectralCore.Cli.Analyze;

/// <summary>
/// Streams layers through read → ESD → fit on a few workers. Each worker owns one engine (its own backend
/// context) and takes the next layer when it finishes one, so at most <see cref="Workers"/> tensors are in
/// memory at any time (each as its float32/float64 data plus the SVD's workspace): peak memory is a few
/// copies of the largest layer, never the model. The threads are split between layers in flight and each
/// engine's own parallelism. Cancellation is checked between layers: a layer being analysed finishes.
/// </summary>
internal sealed class AnalysisPipeline
{
    /// <summary>Most layers analysed at the same time (bounds memory).</summary>
    internal const int MaxWorkers = 3;

    private readonly AnalyzeSettings _settings;

    internal AnalysisPipeline(AnalyzeSettings settings)
    {
        _settings = settings;
        _threads = settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount;
        Workers = Math.Clamp(_threads, 1, MaxWorkers);
        ThreadsPerWorker = Math.Max(1, _threads / Workers);
    }

    private readonly int _threads;

    internal int Workers { get; }

    internal int ThreadsPerWorker { get; private set; }

    /// <summary>The backend the engines resolved to (set once the first engine is created).</summary>
    internal string BackendDescription { get; private set; } = "";

    /// <summary>
    /// Analyses <paramref name="inputs"/> (already filtered by --layers). <paramref name="onLayer"/> runs on the
    /// worker right after each layer (plots), before its eigenvalues are dropped. Returns the outcomes in input
    /// order; when cancelled, only the layers that finished.
    /// </summary>
    internal IReadOnlyList<LayerOutcome> Run(IReadOnlyList<LayerInput> inputs, IAnalyzeProgress progress, Action<LayerOutcome>? onLayer, CancellationToken cancel)
    {
        var outcomes = new LayerOutcome?[inputs.Count];
        var engines = new List<SpectralEngine>();
        try
        {
            // Fewer layers than workers: the spare threads go to each engine's own parallelism.
            int workers = Math.Min(Workers, Math.Max(1, inputs.Count));
            ThreadsPerWorker = Math.Max(1, _threads / workers);
            for (int w = 0; w < workers; w++)
                engines.Add(SpectralEngine.Create(_settings.Backend, new SpectralOptions { MaxDegreeOfParallelism = ThreadsPerWorker }));
            BackendDescription = $"{engines[0].Backend.ToString().ToLowerInvariant()} ({engines.Count} layer{(engines.Count == 1 ? "" : "s")} at a time × {ThreadsPerWorker} thread{(ThreadsPerWorker == 1 ? "" : "s")})";
            var options = _settings.Analysis with { KeepEigenvalues = _settings.PlotDirectory is not null };
            int next = -1;
            Exception? failure = null;
            var threads = engines.Select(engine => new Thread(() =>
            {
                var analyzer = new WeightWatcherAnalyzer(engine, options);
                while (!cancel.IsCancellationRequested && Volatile.Read(ref failure) is null)
                {
                    int i = Interlocked.Increment(ref next);
                    if (i >= inputs.Count) break;
                    try
                    {
                        progress.LayerStarted(inputs[i]);
                        var outcome = Analyze(analyzer, inputs[i]);
                        onLayer?.Invoke(outcome);
                        if (outcome.Metrics?.Eigenvalues is not null) outcome = outcome with { Metrics = outcome.Metrics with { Eigenvalues = null } };
                        outcomes[i] = outcome;
                        progress.LayerDone(outcome);
                        // (After the last layer the process is about to report and exit: no collection.)
                        if (Volatile.Read(ref next) + 1 < inputs.Count) ReleaseLargeLayer(inputs[i]);
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref failure, e, null);
                    }
                }
            }) { IsBackground = true, Name = "spectral-analyze" }).ToList();
            foreach (var t in threads) t.Start();
            foreach (var t in threads) t.Join();
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
        finally
        {
            foreach (var engine in engines) engine.Dispose();
        }
        return outcomes.OfType<LayerOutcome>().ToList();
    }

    /// <summary>Element count above which a finished layer's arrays are collected at once (16 MiB as float32).</summary>
    private const long CollectAboveElements = 1L << 22;

    /// <summary>
    /// A layer's tensor, its float64 copy and the SVD workspace are large-object-heap arrays that the GC would
    /// otherwise let accumulate for several layers before collecting; collecting (and compacting the LOH) when a
    /// large layer finishes keeps the resident set at a few copies of the largest layer. The cost, a few
    /// milliseconds, is small next to the layer's SVD.
    /// </summary>
    private static void ReleaseLargeLayer(LayerInput input)
    {
        long count = 1;
        foreach (long d in input.Shape) count = d > 0 && count <= long.MaxValue / d ? count * d : count;
        if (count < CollectAboveElements) return;
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static LayerOutcome Analyze(WeightWatcherAnalyzer analyzer, LayerInput input)
    {
        var watch = Stopwatch.StartNew();
        if (input.SkipReason is not null || input.Create is null) return new LayerOutcome(input, null, input.SkipReason ?? "not loadable", watch.Elapsed);
        WeightTensor tensor;
        try
        {
            tensor = input.Create();
        }
        catch (ArgumentException e)
        {
            // The reader's shape does not fit the analysis' tensor type (e.g. a dimension beyond 2^31).
            return new LayerOutcome(input, null, e.Message, watch.Elapsed);
        }
        try
        {
            var metrics = analyzer.AnalyzeLayer(tensor, input.Id, out string? reason);
            return new LayerOutcome(input, metrics, reason, watch.Elapsed);
        }
        catch (ModelFormatException)
        {
            throw; // a bad file stops the run with its one-line message
        }
        catch (Exception e) when (e is NonConvergenceException or InvalidDataException or ArgumentException)
        {
            // One layer the numerics cannot handle does not hide the rest; it is reported as skipped with the reason.
            return new LayerOutcome(input, null, $"analysis failed: {e.Message}", watch.Elapsed);
        }
    }
}

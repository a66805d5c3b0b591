using System.Diagnostics;
using Spectre.Console;

namespace SpectralCore.Cli.Analyze;

/// <summary>Progress of an analysis, reported from the worker threads.</summary>
internal interface IAnalyzeProgress
{
    void LayerStarted(LayerInput layer);

    void LayerDone(LayerOutcome outcome);
}

/// <summary>Chooses the progress display: a live bar on an interactive terminal, plain lines when stderr is redirected.</summary>
internal static class AnalyzeProgress
{
    /// <summary>Runs <paramref name="body"/> with a progress display for <paramref name="total"/> layers (on stderr).</summary>
    internal static T Run<T>(int total, bool quiet, Func<IAnalyzeProgress, T> body)
    {
        if (quiet || total == 0) return body(new SilentProgress());
        if (!Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            T result = default!;
            console.Progress()
                .AutoClear(true)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(context =>
                {
                    var task = context.AddTask($"analyzing {total} layers", maxValue: total);
                    result = body(new BarProgress(task, total));
                });
            return result;
        }
        return body(new LineProgress(Console.Error, total));
    }

    private sealed class SilentProgress : IAnalyzeProgress
    {
        public void LayerStarted(LayerInput layer)
        {
        }

        public void LayerDone(LayerOutcome outcome)
        {
        }
    }

    private sealed class BarProgress(ProgressTask task, int total) : IAnalyzeProgress
    {
        private int _done;

        public void LayerStarted(LayerInput layer)
            => task.Description = Markup.Escape($"layer {Volatile.Read(ref _done) + 1}/{total}: {Shorten(layer.Name)}");

        public void LayerDone(LayerOutcome outcome)
        {
            Interlocked.Increment(ref _done);
            task.Increment(1);
        }
    }

    /// <summary>One line per finished layer: "[3/20 15%] name  α=3.21  (eta 0:12)".</summary>
    private sealed class LineProgress(TextWriter output, int total) : IAnalyzeProgress
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private readonly Lock _gate = new();
        private int _done;

        public void LayerStarted(LayerInput layer)
        {
        }

        public void LayerDone(LayerOutcome outcome)
        {
            lock (_gate)
            {
                _done++;
                var elapsed = _watch.Elapsed;
                var eta = TimeSpan.FromSeconds(elapsed.TotalSeconds / _done * (total - _done));
                string result = outcome.Metrics is { } m ? $"alpha={Format.Number(m.Alpha)}" : $"skipped: {outcome.SkipReason}";
                output.WriteLine($"[{_done}/{total} {100 * _done / total}%] {outcome.Input.Name}  {result}  (eta {Format.Duration(eta)})");
            }
        }
    }

    private static string Shorten(string name) => name.Length <= 40 ? name : "…" + name[^39..];
}

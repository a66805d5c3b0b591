using System.Diagnostics;
using Spectre.Console;
using SpectralCore.Analysis.Models;

namespace SpectralCore.Cli.Analyze;

/// <summary>Runs one `spectral analyze`: open, filter, stream through the pipeline, report; Ctrl-C stops between layers.</summary>
internal static class AnalyzeRunner
{
    internal static int Run(AnalyzeSettings settings, TextWriter? stdout = null, TextWriter? stderr = null, CancellationToken external = default, bool quietProgress = false)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(external);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (cancel.IsCancellationRequested) return; // a second Ctrl-C ends the process at once
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return RunCore(settings, stdout, stderr, cancel.Token, quietProgress);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static int RunCore(AnalyzeSettings settings, TextWriter stdout, TextWriter stderr, CancellationToken cancel, bool quietProgress)
    {
        var watch = Stopwatch.StartNew();
        var warmUp = ReportWarmUp.Start(settings);
        IModelReader? reader = null;
        try
        {
            string modelName;
            string description;
            IReadOnlyList<LayerInput> all;
            if (settings.ModelPath is null)
            {
                modelName = DemoModel.Path;
                description = "synthetic layers, one per phase of training (seeded)";
                all = DemoModel.Layers(settings.DemoSeed);
            }
            else
            {
                reader = ModelReader.Open(settings.ModelPath);
                modelName = settings.ModelPath;
                description = reader.Description;
                all = reader.Tensors.Select((t, i) => LayerInput.From(i + 1, t)).ToList();
            }
            var selected = all.Where(l => settings.Layers.Selects(l.Id, l.Name)).ToList();
            if (selected.Count == 0)
                throw new UsageException(all.Count == 0 ? $"{modelName}: the model holds no tensors" : $"--layers selects none of the {all.Count} tensors");
            if (settings.PlotDirectory is not null) Directory.CreateDirectory(settings.PlotDirectory);

            var pipeline = new AnalysisPipeline(settings);
            Action<LayerOutcome>? plot = settings.PlotDirectory is { } dir ? o => EsdPlotter.PlotLayer(o, dir) : null;
            // Tensors the reader cannot load (integer, bool, string…) are reported as skipped without entering the pipeline.
            var loadable = selected.Where(l => l.SkipReason is null && l.Create is not null).ToList();
            var analysed = AnalyzeProgress.Run(loadable.Count, quietProgress, progress => pipeline.Run(loadable, progress, plot, cancel));
            bool cancelled = cancel.IsCancellationRequested && analysed.Count < loadable.Count;
            var done = analysed.ToDictionary(o => o.Input.Id);
            var outcomes = selected
                .Select(l => done.TryGetValue(l.Id, out var o) ? o : l.SkipReason is not null || l.Create is null ? new LayerOutcome(l, null, l.SkipReason ?? "not loadable", TimeSpan.Zero) : null)
                .OfType<LayerOutcome>().ToList();
            var report = new AnalyzeReport(modelName, description, all.Count, outcomes, pipeline.BackendDescription, watch.Elapsed, settings, cancelled);

            warmUp.Join();
            if (settings.PlotDirectory is { } plots) EsdPlotter.PlotOverview(report, plots);
            if (settings.JsonPath is { } jsonPath)
                using (var stream = ReportWriters.Open(jsonPath)) ReportWriters.WriteJson(report, stream);
            if (settings.CsvPath is { } csvPath)
                using (var writer = ReportWriters.OpenText(csvPath)) ReportWriters.WriteCsv(report, writer);
            var tableOut = settings.ReportOnStdout ? stderr : stdout;
            ResultTable.Write(report, TableConsole(tableOut));
            if (settings.PlotDirectory is { } p) tableOut.WriteLine($"plots: {Path.GetFullPath(p)} ({report.Analysed.Count()} layers + model_alpha, PNG and SVG)");
            if (cancelled)
            {
                stderr.WriteLine($"spectral: analysis cancelled (Ctrl-C) after {analysed.Count} of {loadable.Count} layers; the report above covers those only");
                return CliRunner.RuntimeFailure;
            }
            return CliRunner.Ok;
        }
        finally
        {
            reader?.Dispose();
        }
    }

    /// <summary>A Spectre console on <paramref name="output"/>: colours only on a terminal, wide when redirected.</summary>
    private static IAnsiConsole TableConsole(TextWriter output)
    {
        bool terminal = ReferenceEquals(output, Console.Out) ? !Console.IsOutputRedirected : ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = 260;
        return console;
    }
}

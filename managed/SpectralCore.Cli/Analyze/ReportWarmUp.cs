using Spectre.Console;

namespace SpectralCore.Cli.Analyze;

/// <summary>
/// Renders an empty report into null sinks on a background thread while the model is opened and the first layer read:
/// the first use of Spectre.Console's table and of the JSON writer costs ≈ 45 + 13 ms of one-time initialization (type
/// loading, static tables, generic instantiations — a second render takes under a millisecond), which would otherwise
/// run on the critical path after the analysis, while at start one core sits idle. Measured on a 2-vCPU Zen 4 (5
/// alternating runs each): a 64×64 layer's whole process 0.16–0.23 → 0.12–0.19 s; a 4096² layer's process time outside
/// the layer 0.13–0.17 → 0.085–0.095 s. (Warming the fit and metrics as well saved ≈ 10 ms more on the 4096² layer but
/// slowed small layers, whose analysis it then competes with: not done.)
/// </summary>
internal static class ReportWarmUp
{
    internal static Thread Start(AnalyzeSettings settings)
    {
        var thread = new Thread(() =>
        {
            try
            {
                RenderEmptyReport(settings, TextWriter.Null, settings.JsonPath is null ? null : Stream.Null);
            }
            catch (Exception)
            {
                // Nothing is lost: the real report runs the same code afterwards and reports any failure itself.
            }
        })
        { IsBackground = true, Name = "spectral-report-warm-up" };
        thread.Start();
        return thread;
    }

    /// <summary>The warm-up's work: the table (no colours, as when redirected) of a report of no layers, and its JSON.</summary>
    internal static void RenderEmptyReport(AnalyzeSettings settings, TextWriter table, Stream? json)
    {
        var report = new AnalyzeReport("warm-up", "warm-up", 0, [], "", TimeSpan.Zero, settings, Cancelled: false);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(table),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        ResultTable.Write(report, console);
        if (json is not null) ReportWriters.WriteJson(report, json);
    }
}

using Spectre.Console;

namespace SpectralCore.Cli.Analyze;

/// <summary>The human-readable report: one table row per analysed layer, then the summary and the skipped layers.</summary>
internal static class ResultTable
{
    internal static void Write(AnalyzeReport report, IAnsiConsole console)
    {
        var mp = report.Settings.Analysis.MarchenkoPasturFit;
        var randomize = report.Settings.Analysis.Randomize;
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{report.Model} — {report.Description}"));
        table.AddColumn(new TableColumn("id").RightAligned());
        table.AddColumn("name");
        table.AddColumn("type");
        table.AddColumn("shape");
        table.AddColumn(new TableColumn("evals").RightAligned());
        table.AddColumn(new TableColumn("alpha").RightAligned());
        table.AddColumn(new TableColumn("D").RightAligned());
        table.AddColumn(new TableColumn("lambda_max").RightAligned());
        table.AddColumn(new TableColumn("alpha_weighted").RightAligned());
        table.AddColumn(new TableColumn("stable_rank").RightAligned());
        if (mp)
        {
            table.AddColumn(new TableColumn("num_spikes").RightAligned());
            table.AddColumn(new TableColumn("sigma_mp").RightAligned());
        }
        if (randomize) table.AddColumn(new TableColumn("rand_distance").RightAligned());
        table.AddColumn("phase");
        table.AddColumn("warning");
        foreach (var o in report.Analysed)
        {
            var m = o.Metrics!;
            var cells = new List<string>
            {
                o.Input.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(Shorten(o.Input.Name)),
                m.LayerType,
                Markup.Escape(o.Input.ShapeText),
                m.NumEvals.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Format.Number(m.Alpha),
                Format.Number(m.D),
                Format.Number(m.LambdaMax),
                Format.Number(m.AlphaWeighted),
                Format.Number(m.StableRank),
            };
            if (mp)
            {
                cells.Add(m.MarchenkoPastur is { } f ? f.NumSpikes.ToString(System.Globalization.CultureInfo.InvariantCulture) : "–");
                cells.Add(m.MarchenkoPastur is { } g ? Format.Number(g.SigmaMp) : "–");
            }
            if (randomize) cells.Add(m.Randomized is { } r ? Format.Number(r.RandDistance) : "–");
            cells.Add(PhaseMarkup(ReportColumns.PhaseName(m.Phase?.Phase), m.Phase?.LowConfidence == true));
            cells.Add(m.Status == "failed" ? $"[red]fit failed[/]" : m.Warning.Length == 0 ? "" : $"[yellow]{m.Warning}[/]");
            table.AddRow(cells.ToArray());
        }
        console.Write(table);

        var s = report.Summary;
        console.MarkupLine(Markup.Escape($"analysed {s.Layers} of {report.Tensors} tensors; mean alpha {Format.Number(s.Alpha)}, alpha_weighted {Format.Number(s.AlphaWeighted)}, log_norm {Format.Number(s.LogNorm)}, log_spectral_norm {Format.Number(s.LogSpectralNorm)}, stable_rank {Format.Number(s.StableRank)}{(s.FailedFits > 0 ? $"; {s.FailedFits} failed fits" : "")}{(s.ZeroLayers > 0 ? $"; {s.ZeroLayers} all-zero layers (left out of the norm means)" : "")}"));
        var phases = report.Analysed.GroupBy(o => ReportColumns.PhaseName(o.Metrics!.Phase?.Phase) ?? "unclassified").OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} {g.Key}");
        console.MarkupLine(Markup.Escape($"phases: {string.Join(", ", phases)}"));
        var skipped = report.Skipped.GroupBy(o => Category(o.SkipReason ?? "")).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} {g.Key}").ToList();
        if (skipped.Count > 0) console.MarkupLine(Markup.Escape($"skipped {report.Skipped.Count()}: {string.Join(", ", skipped)} (--json lists each with its reason)"));
        console.MarkupLine(Markup.Escape($"backend {report.Backend}; {Format.Duration(report.Elapsed)} ({report.Elapsed.TotalSeconds:F1} s)"));
    }

    private static string PhaseMarkup(string? phase, bool lowConfidence)
    {
        string color = phase switch
        {
            "heavy-tailed" => "green",
            "bulk-decay" => "green",
            "bulk+spikes" => "cyan",
            "bleeding-out" => "blue",
            "random-like" => "grey",
            "rank-collapse" => "red",
            _ => "default",
        };
        return phase is null ? "–" : $"[{color}]{phase}[/]{(lowConfidence ? " [dim](few evals)[/]" : "")}";
    }

    /// <summary>Skip reasons grouped by kind ("2 eigenvalues < min_evals 10" → "below min_evals").</summary>
    private static string Category(string reason) => reason switch
    {
        _ when reason.Contains("min_evals", StringComparison.Ordinal) => "below min_evals",
        _ when reason.Contains("max_evals", StringComparison.Ordinal) => "above max_evals",
        _ when reason.Contains("max_N", StringComparison.Ordinal) => "above max_N",
        _ when reason.StartsWith("not a weight matrix", StringComparison.Ordinal) => "not weight matrices (rank < 2)",
        _ when reason.StartsWith("analysis failed", StringComparison.Ordinal) => "failed",
        _ => reason,
    };

    private static string Shorten(string name) => name.Length <= 48 ? name : "…" + name[^47..];
}

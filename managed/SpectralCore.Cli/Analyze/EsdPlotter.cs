using System.Text;
using ScottPlot;
using ScottPlot.TickGenerators;
using SpectralCore.Analysis.WeightSpectrum;

namespace SpectralCore.Cli.Analyze;

/// <summary>
/// ESD figures (PNG and SVG, via ScottPlot): per layer, the log-log histogram of the eigenvalues as a density
/// (log-spaced bins), the fitted power law p(λ) = (n_tail/n)·(α−1)/xmin·(λ/xmin)^−α from xmin on, and, when
/// the MP fit ran, the Marchenko–Pastur density with bulk edges λ± and a line at λ+. A model overview plots
/// α per layer against WeightWatcher's 2 and 6 guides. Axes show log10 values labelled as powers of ten.
/// </summary>
internal static class EsdPlotter
{
    private const int Width = 900, Height = 600;

    /// <summary>Writes &lt;dir&gt;/&lt;id&gt;_&lt;name&gt;.png and .svg for one analysed layer (needs its eigenvalues).</summary>
    internal static void PlotLayer(LayerOutcome outcome, string directory)
    {
        var m = outcome.Metrics;
        if (m?.Eigenvalues is not { Length: > 0 } evals) return;
        var positive = evals.Where(v => v > 0 && double.IsFinite(v)).ToArray();
        if (positive.Length < 2) return;
        var plot = new Plot();
        double lo = Math.Log10(positive.Min()), hi = Math.Log10(positive.Max());
        if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
        int bins = Math.Clamp((int)Math.Sqrt(positive.Length) * 2, 10, 100);
        double step = (hi - lo) / bins;
        var counts = new int[bins];
        foreach (double v in positive) counts[Math.Clamp((int)((Math.Log10(v) - lo) / step), 0, bins - 1)]++;
        // Stairs: each non-empty bin drawn from its left edge to its right edge at its density.
        var xs = new List<double>();
        var ys = new List<double>();
        for (int b = 0; b < bins; b++)
        {
            if (counts[b] == 0) continue;
            double left = Math.Pow(10, lo + b * step), right = Math.Pow(10, lo + (b + 1) * step);
            double density = Math.Log10(counts[b] / (evals.Length * (right - left)));
            xs.Add(lo + b * step);
            ys.Add(density);
            xs.Add(lo + (b + 1) * step);
            ys.Add(density);
        }
        var histogram = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
        histogram.LegendText = $"ESD ({evals.Length} eigenvalues, density)";
        histogram.LineWidth = 1.5f;

        if (double.IsFinite(m.Alpha) && m.Xmin > 0)
        {
            double tail = (double)m.NumPlSpikes / evals.Length;
            double x0 = Math.Log10(m.Xmin), x1 = Math.Log10(Math.Max(m.Xmax, m.Xmin * 1.0001));
            var px = Enumerable.Range(0, 60).Select(i => x0 + (x1 - x0) * i / 59).ToArray();
            var py = px.Select(x => Math.Log10(tail * (m.Alpha - 1) / m.Xmin) - m.Alpha * (x - x0)).ToArray();
            var fit = plot.Add.ScatterLine(px, py);
            fit.LegendText = $"power law α = {m.Alpha:F2} from xmin";
            fit.LineWidth = 2;
            var xminLine = plot.Add.VerticalLine(x0);
            xminLine.LegendText = $"xmin = {m.Xmin:G3}";
            xminLine.LinePattern = LinePattern.Dotted;
        }
        if (m.MarchenkoPastur is { } mp && mp.BulkMax > mp.BulkMin && mp.BulkMin >= 0)
        {
            // λ± = s(1 ± √y)²  ⇒  s = ((√λ+ + √λ−)/2)², y = ((√λ+ − √λ−)/(√λ+ + √λ−))²; density √((λ+−λ)(λ−λ−)) / (2π s y λ).
            double a = mp.BulkMin, b = mp.BulkMax;
            double s = Math.Pow((Math.Sqrt(b) + Math.Sqrt(a)) / 2, 2), y = Math.Pow((Math.Sqrt(b) - Math.Sqrt(a)) / (Math.Sqrt(b) + Math.Sqrt(a)), 2);
            var mx = new List<double>();
            var my = new List<double>();
            double la = Math.Log10(Math.Max(a, b * 1e-6)), lb = Math.Log10(b);
            for (int i = 1; i < 200; i++)
            {
                double x = Math.Pow(10, la + (lb - la) * i / 200);
                double density = Math.Sqrt(Math.Max(0, (b - x) * (x - a))) / (2 * Math.PI * s * y * x);
                if (density > 0) { mx.Add(Math.Log10(x)); my.Add(Math.Log10(density)); }
            }
            if (mx.Count > 1)
            {
                var mpLine = plot.Add.ScatterLine(mx.ToArray(), my.ToArray());
                mpLine.LegendText = $"Marchenko–Pastur (σ_mp = {mp.SigmaMp:G3})";
                mpLine.LineWidth = 2;
                mpLine.LinePattern = LinePattern.Dashed;
            }
            var edge = plot.Add.VerticalLine(Math.Log10(b));
            edge.LegendText = $"λ+ = {b:G3}";
            edge.LinePattern = LinePattern.Dashed;
        }
        string phase = ReportColumns.PhaseName(m.Phase?.Phase) ?? "";
        plot.Title($"{outcome.Input.Name}  [{outcome.Input.ShapeText}]  {phase}");
        plot.XLabel("eigenvalue λ (log scale)");
        plot.YLabel("density (log scale)");
        LogAxis(plot.Axes.Bottom);
        LogAxis(plot.Axes.Left);
        plot.ShowLegend(Alignment.LowerLeft);
        Save(plot, Path.Combine(directory, $"{outcome.Input.Id:D4}_{SafeName(outcome.Input.Name)}"));
    }

    /// <summary>Writes &lt;dir&gt;/model_alpha.png and .svg: α per analysed layer.</summary>
    internal static void PlotOverview(AnalyzeReport report, string directory)
    {
        var layers = report.Analysed.Where(o => double.IsFinite(o.Metrics!.Alpha)).ToList();
        var plot = new Plot();
        if (layers.Count > 0)
        {
            var points = plot.Add.Scatter(layers.Select(o => (double)o.Input.Id).ToArray(), layers.Select(o => o.Metrics!.Alpha).ToArray());
            points.LegendText = "α per layer";
            points.LineWidth = 0;
            points.MarkerSize = 8;
        }
        var low = plot.Add.HorizontalLine(2);
        low.LegendText = "α = 2 (below: over-trained)";
        low.LinePattern = LinePattern.Dashed;
        var high = plot.Add.HorizontalLine(6);
        high.LegendText = "α = 6 (above: under-trained)";
        high.LinePattern = LinePattern.Dashed;
        plot.Title($"{Path.GetFileName(report.Model.TrimEnd('/'))}: power-law α per layer (mean {Format.Number(report.Summary.Alpha)})");
        plot.XLabel("layer id");
        plot.YLabel("α");
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, Path.Combine(directory, "model_alpha"));
    }

    private static void LogAxis(ScottPlot.IAxis axis)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => $"1e{v:0}",
        };
    }

    private static void Save(Plot plot, string stem)
    {
        plot.SavePng(stem + ".png", Width, Height);
        plot.SaveSvg(stem + ".svg", Width, Height);
    }

    /// <summary>A file-name-safe version of a tensor name (letters, digits, '.', '-', '_'; at most 80 characters).</summary>
    internal static string SafeName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char c in name) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        string safe = sb.ToString();
        return safe.Length <= 80 ? safe : safe[..80];
    }
}

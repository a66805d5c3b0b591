using ScottPlot;
using SpectralCore.Analysis.InPca;

namespace SpectralCore.Cli.Commands;

/// <summary>
/// InPCA figures (ScottPlot, PNG + SVG): the 2-D embedding, a 3-D embedding drawn in an oblique projection, and
/// |λ| by index. Time-like (λ &lt; 0) directions are marked in axis labels and drawn in red; points are coloured
/// by model index (e.g. training time), new (out-of-sample) models as black crosses.
/// </summary>
internal static class InPcaPlots
{
    private const int Width = 900, Height = 700;

    internal static string[] Write(string folder, InPcaEmbedding embedding, double[] eigenvalues, Matrix<double>? projected)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        files.AddRange(Save(Eigenvalues(eigenvalues), Path.Combine(folder, "inpca_eigenvalues")));
        if (embedding.Dimensions >= 2) files.AddRange(Save(Embedding2D(embedding, projected), Path.Combine(folder, "inpca_embedding_2d")));
        if (embedding.Dimensions >= 3) files.AddRange(Save(Embedding3D(embedding, projected), Path.Combine(folder, "inpca_embedding_3d")));
        return [.. files];
    }

    private static string[] Save(Plot plot, string stem)
    {
        plot.SavePng(stem + ".png", Width, Height);
        plot.SaveSvg(stem + ".svg", Width, Height);
        return [stem + ".png", stem + ".svg"];
    }

    private static string AxisName(InPcaEmbedding e, int i) =>
        $"InPCA {i + 1} (λ = {e.Eigenvalues[i]:G3}{(e.Signs[i] < 0 ? ", negative: time-like" : "")})";

    /// <summary>log10 |λ| by index (|λ| descending): positive eigenvalues blue, negative (time-like) red.</summary>
    private static Plot Eigenvalues(double[] eigenvalues)
    {
        var plot = new Plot();
        var positive = Enumerable.Range(0, eigenvalues.Length).Where(i => eigenvalues[i] > 0).ToArray();
        var negative = Enumerable.Range(0, eigenvalues.Length).Where(i => eigenvalues[i] < 0).ToArray();
        void Add(int[] indices, Color color, string label)
        {
            if (indices.Length == 0) return;
            var xs = indices.Select(i => (double)(i + 1)).ToArray();
            var ys = indices.Select(i => Math.Log10(Math.Abs(eigenvalues[i]))).ToArray();
            var points = plot.Add.ScatterPoints(xs, ys);
            points.Color = color;
            points.MarkerSize = 8;
            points.LegendText = label;
        }
        Add(positive, Colors.Blue, "λ > 0 (space-like)");
        Add(negative, Colors.Red, "λ < 0 (time-like)");
        plot.Title("InPCA eigenvalues of W = −½ P D P");
        plot.XLabel("index k (by |λ| descending)");
        plot.YLabel("log10 |λ_k|");
        plot.ShowLegend();
        return plot;
    }

    private static Plot Embedding2D(InPcaEmbedding e, Matrix<double>? projected)
    {
        var plot = new Plot();
        AddPoints(plot, e, projected, r => (e.Coordinates[r, 0], e.Coordinates[r, 1]), r => (projected![r, 0], projected[r, 1]));
        plot.Title("InPCA embedding");
        plot.XLabel(AxisName(e, 0));
        plot.YLabel(AxisName(e, 1));
        if (e.Signs[0] < 0) plot.Axes.Bottom.Label.ForeColor = Colors.Red;
        if (e.Signs[1] < 0) plot.Axes.Left.Label.ForeColor = Colors.Red;
        return plot;
    }

    /// <summary>Oblique projection (azimuth 35°, elevation 25°) with the three axes drawn; red, dashed for time-like.</summary>
    private static Plot Embedding3D(InPcaEmbedding e, Matrix<double>? projected)
    {
        double azimuth = 35 * Math.PI / 180, elevation = 25 * Math.PI / 180;
        (double, double) Project(double x, double y, double z) =>
            (x * Math.Cos(azimuth) - y * Math.Sin(azimuth),
             z * Math.Cos(elevation) + (x * Math.Sin(azimuth) + y * Math.Cos(azimuth)) * Math.Sin(elevation));
        var plot = new Plot();
        double extent = 0;
        for (int r = 0; r < e.Points; r++)
            for (int i = 0; i < 3; i++) extent = Math.Max(extent, Math.Abs(e.Coordinates[r, i]));
        extent = extent == 0 ? 1 : extent * 1.1;
        for (int i = 0; i < 3; i++)
        {
            var end = Project(i == 0 ? extent : 0, i == 1 ? extent : 0, i == 2 ? extent : 0);
            var start = Project(i == 0 ? -extent : 0, i == 1 ? -extent : 0, i == 2 ? -extent : 0);
            var line = plot.Add.Line(start.Item1, start.Item2, end.Item1, end.Item2);
            line.LineColor = e.Signs[i] < 0 ? Colors.Red : Colors.Gray;
            if (e.Signs[i] < 0) line.LinePattern = LinePattern.Dashed;
            var text = plot.Add.Text(AxisName(e, i), end.Item1, end.Item2);
            text.LabelFontColor = e.Signs[i] < 0 ? Colors.Red : Colors.Black;
        }
        AddPoints(plot, e, projected,
            r => Project(e.Coordinates[r, 0], e.Coordinates[r, 1], e.Coordinates[r, 2]),
            r => Project(projected![r, 0], projected[r, 1], projected[r, 2]));
        plot.Title("InPCA embedding (3-D, oblique view; dashed red axes are time-like)");
        plot.HideGrid();
        plot.Axes.Frameless();
        plot.Axes.Margins(0.25, 0.15); // room for the axis labels at the ends
        return plot;
    }

    private static void AddPoints(Plot plot, InPcaEmbedding e, Matrix<double>? projected, Func<int, (double X, double Y)> reference, Func<int, (double X, double Y)> extra)
    {
        var colormap = new ScottPlot.Colormaps.Viridis();
        for (int r = 0; r < e.Points; r++)
        {
            var (x, y) = reference(r);
            var marker = plot.Add.Marker(x, y);
            marker.Color = colormap.GetColor(e.Points == 1 ? 0 : (double)r / (e.Points - 1));
            marker.Size = 7;
        }
        if (projected is null) return;
        for (int r = 0; r < projected.Rows; r++)
        {
            var (x, y) = extra(r);
            var marker = plot.Add.Marker(x, y);
            marker.Color = Colors.Black;
            marker.Shape = MarkerShape.Cross;
            marker.Size = 10;
        }
    }
}

using System.Text.Json;
using SpectralCore.Analysis.Tests.Models;
using SpectralCore.Cli.Analyze;
using Xunit;

namespace SpectralCore.Analysis.Tests.Cli;

public sealed class AnalyzeDemoTests
{
    private static (int Exit, string Stdout, string Stderr) RunInProcess(AnalyzeSettings settings, CancellationToken cancel = default)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = AnalyzeRunner.Run(settings, stdout, stderr, cancel, quietProgress: true);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void TheReportWarmUpRendersAReportOfNoLayers()
    {
        // The warm-up thread swallows exceptions (the real report would raise them again): its work itself must succeed.
        var table = new StringWriter();
        var json = new MemoryStream();
        ReportWarmUp.RenderEmptyReport(new AnalyzeSettings { JsonPath = "unused.json" }, table, json);
        Assert.Contains("analysed 0 of 0 tensors", table.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(json.ToArray());
        Assert.Equal(0, document.RootElement.GetProperty("layers").GetArrayLength());
        Assert.Equal(0, document.RootElement.GetProperty("summary").GetProperty("layers").GetInt32());
    }

    [Fact]
    public void DemoModelShowsEveryPhaseAndTheTable()
    {
        using var dir = new ModelBuilders.TempDir();
        var (exit, stdout, _) = RunInProcess(new AnalyzeSettings { JsonPath = dir.File("demo.json"), CsvPath = dir.File("demo.csv"), Threads = 2 });
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("demo.json")));
        var phases = json.RootElement.GetProperty("layers").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("phase").GetString());
        // Each demo layer is built (see DemoModel) so random-matrix theory puts it in that phase.
        Assert.Equal("random-like", phases["demo.random_like.weight"]);
        Assert.Equal("bleeding-out", phases["demo.bleeding_out.weight"]);
        Assert.Equal("bulk+spikes", phases["demo.bulk_plus_spikes.weight"]);
        Assert.Equal("bulk-decay", phases["demo.bulk_decay.weight"]);
        Assert.Equal("heavy-tailed", phases["demo.heavy_tailed.weight"]);
        Assert.Equal("rank-collapse", phases["demo.rank_collapse.weight"]);
        var skipped = Assert.Single(json.RootElement.GetProperty("skipped").EnumerateArray());
        Assert.Equal("demo.output.bias", skipped.GetProperty("name").GetString());
        foreach (var name in phases.Keys) Assert.Contains(name, stdout);
        Assert.Contains("phases: ", stdout);
        Assert.Equal(7, File.ReadAllLines(dir.File("demo.csv")).Length); // header + 6 layers
    }

    [Fact]
    public void BulkPlusSpikesFindsTheThreePlantedSpikesWithTheMpFit()
    {
        using var dir = new ModelBuilders.TempDir();
        var settings = new AnalyzeSettings { JsonPath = dir.File("d.json"), Layers = LayerSelector.Parse(["bulk_plus_spikes"]) };
        settings = settings with { Analysis = settings.Analysis with { MarchenkoPasturFit = true } };
        Assert.Equal(0, RunInProcess(settings).Exit);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("d.json")));
        var layer = Assert.Single(json.RootElement.GetProperty("layers").EnumerateArray());
        // θ = 3, 4, 5 spikes give outliers at (θ²+1)(θ²+½)/θ² ≈ 10.6, 17.6, 26.5, far past λ+ ≈ 2.91.
        Assert.Equal(3, layer.GetProperty("num_spikes").GetInt32());
        Assert.InRange(layer.GetProperty("lambda_max").GetDouble(), 26.5 * 0.9, 26.5 * 1.1);
        Assert.InRange(layer.GetProperty("bulk_max").GetDouble(), 2.91 * 0.85, 2.91 * 1.15);
    }

    [Fact]
    public void JsonAndCsvFollowTheDocumentedSchema()
    {
        using var dir = new ModelBuilders.TempDir();
        var settings = new AnalyzeSettings { JsonPath = dir.File("r.json"), CsvPath = dir.File("r.csv"), Layers = LayerSelector.Parse(["1,2"]) };
        settings = settings with { Analysis = settings.Analysis with { MarchenkoPasturFit = true, Randomize = true, RandomSeed = 5 } };
        Assert.Equal(0, RunInProcess(settings).Exit);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("r.json")));
        var root = json.RootElement;
        Assert.Equal("spectral-analyze/1", root.GetProperty("schema").GetString());
        foreach (var key in new[] { "model", "format", "tensors", "backend", "elapsed_seconds", "cancelled", "options", "summary", "layers", "skipped" })
            Assert.True(root.TryGetProperty(key, out _), $"missing top-level key {key}");
        // WeightWatcher 0.7.5.5's column names (from tests/reference/weightwatcher/*.json) must all be present.
        using var reference = JsonDocument.Parse(File.ReadAllText(ReferencePath("weightwatcher", "gauss_300x1000.json")));
        var wwColumns = reference.RootElement.GetProperty("mp_fit").EnumerateObject().Select(p => p.Name).Where(n => n != "longname").ToList();
        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(2, layers.Count);
        foreach (var column in wwColumns) Assert.True(layers[0].TryGetProperty(column, out _), $"missing WeightWatcher column {column}");
        Assert.Equal(5 * 1_000_003 + 1, layers[0].GetProperty("rand_seed").GetInt32());
        Assert.Equal(JsonValueKind.Number, layers[0].GetProperty("rand_distance").ValueKind);
        // Stage timings are parts of the layer's whole time.
        foreach (var layer in layers)
        {
            double whole = layer.GetProperty("seconds").GetDouble();
            double parts = 0;
            foreach (var stage in new[] { "load_seconds", "esd_seconds", "fit_seconds" })
            {
                double t = layer.GetProperty(stage).GetDouble();
                Assert.InRange(t, 0, whole);
                parts += t;
            }
            Assert.True(parts <= whole * 1.0001 + 1e-6, $"stages sum to {parts} s, more than the layer's {whole} s");
        }
        var csv = File.ReadAllLines(dir.File("r.csv"));
        Assert.Equal(string.Join(',', ReportColumns.All.Select(c => c.Name)), csv[0]);
        Assert.Equal(3, csv.Length);
        var header = csv[0].Split(',');
        var first = csv[1].Split(',');
        Assert.Equal("1", first[Array.IndexOf(header, "layer_id")]);
        Assert.Equal("demo.random_like.weight", first[Array.IndexOf(header, "name")]);
        Assert.Equal(layers[0].GetProperty("alpha").GetDouble(), double.Parse(first[Array.IndexOf(header, "alpha")], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void LayerSelectionByIdNameRegexAndExclusion()
    {
        var names = new[] { "enc.0.weight", "enc.1.weight", "dec.weight", "dec.bias" };
        IEnumerable<string> Pick(params string[] items)
        {
            var s = LayerSelector.Parse(items);
            return names.Where((n, i) => s.Selects(i + 1, n));
        }
        Assert.Equal(names, Pick());
        Assert.Equal(["enc.1.weight"], Pick("2"));
        Assert.Equal(["dec.weight"], Pick("dec.weight"));
        Assert.Equal(["enc.0.weight", "enc.1.weight"], Pick("^enc\\."));
        Assert.Equal(["enc.0.weight", "enc.1.weight", "dec.weight"], Pick("!bias"));
        Assert.Equal(["enc.1.weight", "dec.weight", "dec.bias"], Pick("-1"));
        Assert.Equal(["enc.0.weight", "dec.weight"], Pick("weight$", "-2"));
        Assert.Equal(["enc.0.weight", "dec.bias"], Pick("1,4"));
        Assert.Throws<SpectralCore.Cli.UsageException>(() => LayerSelector.Parse(["(unclosed"]));
        Assert.Throws<SpectralCore.Cli.UsageException>(() => LayerSelector.Parse(["0"]));
    }

    [Fact]
    public void PlotsAreWrittenAsPngAndSvgPerLayerPlusTheOverview()
    {
        using var dir = new ModelBuilders.TempDir();
        var settings = new AnalyzeSettings { PlotDirectory = dir.File("plots"), Layers = LayerSelector.Parse(["bulk_plus_spikes", "heavy"]) };
        settings = settings with { Analysis = settings.Analysis with { MarchenkoPasturFit = true } };
        Assert.Equal(0, RunInProcess(settings).Exit);
        var files = Directory.GetFiles(dir.File("plots")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["0003_demo.bulk_plus_spikes.weight.png", "0003_demo.bulk_plus_spikes.weight.svg", "0005_demo.heavy_tailed.weight.png", "0005_demo.heavy_tailed.weight.svg", "model_alpha.png", "model_alpha.svg"], files);
        foreach (var png in Directory.GetFiles(dir.File("plots"), "*.png"))
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
        var svg = File.ReadAllText(dir.File("plots/0003_demo.bulk_plus_spikes.weight.svg"));
        Assert.Contains("<svg", svg);
        Assert.Contains("power law", svg);
        Assert.Contains("Marchenko", svg);
    }

    [Fact]
    public void CancellationStopsWithExitCodeOneAndSaysSo()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var (exit, _, stderr) = RunInProcess(new AnalyzeSettings(), cancel.Token);
        Assert.Equal(1, exit);
        Assert.Contains("cancelled", stderr);
    }

    internal static string ReferencePath(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "reference"))) dir = dir.Parent;
        return Path.Combine([dir!.FullName, "tests", "reference", .. parts]);
    }
}

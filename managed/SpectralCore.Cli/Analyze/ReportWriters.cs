using System.Globalization;
using System.Text;
using System.Text.Json;
using SpectralCore.Analysis.WeightSpectrum;

namespace SpectralCore.Cli.Analyze;

/// <summary>A finished analysis, as the report writers see it.</summary>
internal sealed record AnalyzeReport(string Model, string Description, int Tensors, IReadOnlyList<LayerOutcome> Outcomes, string Backend, TimeSpan Elapsed, AnalyzeSettings Settings, bool Cancelled)
{
    internal IEnumerable<LayerOutcome> Analysed => Outcomes.Where(o => o.Metrics is not null);

    internal IEnumerable<LayerOutcome> Skipped => Outcomes.Where(o => o.Metrics is null);

    internal ModelSummary Summary => ModelSummary.From(Analysed.Select(o => o.Metrics!).ToList());
}

/// <summary>
/// --json: {"schema", "model", "format", "tensors", "backend", "elapsed_seconds", "cancelled", "options", "summary",
/// "layers": [one object per analysed layer with <see cref="ReportColumns"/>], "skipped": [{layer_id, name, shape,
/// dtype, reason}]}. Non-finite numbers are null.
/// --csv: a header row of <see cref="ReportColumns"/> and one row per analysed layer (RFC 4180 quoting, invariant
/// culture, round-trip doubles, empty for null/NaN), like WeightWatcher's details DataFrame.to_csv.
/// </summary>
internal static class ReportWriters
{
    internal static void WriteJson(AnalyzeReport report, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            // Layer names and shapes are shown as written ("256×64", "bulk+spikes"), not as \u escapes; the output is
            // a file or a terminal, never embedded in HTML, so the relaxed encoder's HTML-safety is not needed.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        json.WriteStartObject();
        json.WriteString("schema", ReportColumns.SchemaVersion);
        json.WriteString("model", report.Model);
        json.WriteString("format", report.Description);
        json.WriteNumber("tensors", report.Tensors);
        json.WriteString("backend", report.Backend);
        json.WriteNumber("elapsed_seconds", report.Elapsed.TotalSeconds);
        json.WriteBoolean("cancelled", report.Cancelled);
        var o = report.Settings.Analysis;
        json.WriteStartObject("options");
        json.WriteNumber("min_evals", o.MinEvals);
        json.WriteNumber("max_evals", o.MaxEvals);
        json.WriteNumber("max_N", o.MaxN);
        json.WriteBoolean("mp_fit", o.MarchenkoPasturFit);
        json.WriteBoolean("randomize", o.Randomize);
        json.WriteNumber("seed", o.RandomSeed);
        json.WriteEndObject();
        var s = report.Summary;
        json.WriteStartObject("summary");
        json.WriteNumber("layers", s.Layers);
        json.WriteNumber("failed_fits", s.FailedFits);
        json.WriteNumber("zero_layers", s.ZeroLayers);
        Number(json, "alpha", s.Alpha);
        Number(json, "alpha_weighted", s.AlphaWeighted);
        Number(json, "log_norm", s.LogNorm);
        Number(json, "log_alpha_norm", s.LogAlphaNorm);
        Number(json, "log_spectral_norm", s.LogSpectralNorm);
        Number(json, "stable_rank", s.StableRank);
        Number(json, "mp_softrank", s.MpSoftrank);
        json.WriteStartObject("phases");
        foreach (var group in report.Analysed.GroupBy(x => ReportColumns.PhaseName(x.Metrics!.Phase?.Phase) ?? "unclassified").OrderBy(g => g.Key, StringComparer.Ordinal))
            json.WriteNumber(group.Key, group.Count());
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("layers");
        foreach (var layer in report.Analysed)
        {
            json.WriteStartObject();
            foreach (var (name, value) in ReportColumns.All) Value(json, name, value(layer));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("skipped");
        foreach (var layer in report.Skipped)
        {
            json.WriteStartObject();
            json.WriteNumber("layer_id", layer.Input.Id);
            json.WriteString("name", layer.Input.Name);
            json.WriteString("shape", layer.Input.ShapeText);
            json.WriteString("dtype", layer.Input.DataType);
            json.WriteString("reason", layer.SkipReason);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    internal static void WriteCsv(AnalyzeReport report, TextWriter output)
    {
        output.Write(string.Join(',', ReportColumns.All.Select(c => c.Name)));
        output.Write("\r\n");
        foreach (var layer in report.Analysed)
        {
            output.Write(string.Join(',', ReportColumns.All.Select(c => Csv(c.Value(layer)))));
            output.Write("\r\n");
        }
        output.Flush();
    }

    private static string Csv(object? value)
    {
        string text = value switch
        {
            null => "",
            double d => Format.Exact(d),
            bool b => b ? "True" : "False",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    private static void Value(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case double d: Number(json, name, d); break;
            case int i: json.WriteNumber(name, i); break;
            case long l: json.WriteNumber(name, l); break;
            case bool b: json.WriteBoolean(name, b); break;
            default: json.WriteString(name, value.ToString()); break;
        }
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    /// <summary>Opens a report destination: "-" is stdout (not closed), anything else a file (directory created).</summary>
    internal static Stream Open(string path)
    {
        if (path == "-") return new NonClosingStream(Console.OpenStandardOutput());
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        return File.Create(path);
    }

    internal static TextWriter OpenText(string path) => new StreamWriter(Open(path), new UTF8Encoding(false));

    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        protected override void Dispose(bool disposing) => inner.Flush();
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using SpectralCore.IO;

namespace SpectralCore.Cli.Commands;

/// <summary>Shared pieces of the jacobian / inpca / correlation commands: reading .npy inputs, JSON output.</summary>
internal static class AnalysisCliSupport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    internal static void WriteJson(TextWriter output, object value) => output.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Reads an .npy file; a missing file is a usage error, a malformed one an InvalidDataException naming it.</summary>
    internal static NpyArray Read(string path, string what)
    {
        if (!File.Exists(path)) throw new UsageException($"{what}: file not found: {path}");
        return NpyFile.Read(path);
    }

    internal static string Shape(NpyArray array) => $"({string.Join(", ", array.Shape)})";

    internal static string Numbers(IEnumerable<double> values, int max = 10)
    {
        var list = values.ToList();
        var shown = string.Join(", ", list.Take(max).Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
        return list.Count > max ? $"{shown}, … ({list.Count} in all)" : shown;
    }

    internal static string G(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    internal static double[][] Rows(Matrix<double> m) => Enumerable.Range(0, m.Rows).Select(r => m.Row(r).ToArray()).ToArray();
}

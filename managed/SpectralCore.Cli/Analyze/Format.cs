using System.Globalization;

namespace SpectralCore.Cli.Analyze;

/// <summary>Number and time formatting shared by the table, the progress lines and the CSV (invariant culture).</summary>
internal static class Format
{
    /// <summary>4 significant digits; NaN as "–".</summary>
    internal static string Number(double value) => double.IsNaN(value) ? "–" : value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Round-trip precision for machine-readable output; NaN/∞ as empty.</summary>
    internal static string Exact(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";

    internal static string Duration(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}

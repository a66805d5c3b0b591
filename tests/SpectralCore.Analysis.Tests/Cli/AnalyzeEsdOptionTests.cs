using System.Text.Json;
using Xunit;

namespace SpectralCore.Analysis.Tests.Cli;

/// <summary>`spectral analyze --esd gram` reaches the Gram route and agrees with the exact bidiagonal route.</summary>
public sealed class AnalyzeEsdOptionTests
{
    private static Dictionary<string, (double Alpha, double LogNorm, string Solver)> Layers(string esd)
    {
        var r = CliProcess.Run(["analyze", "--esd", esd, "--backend", "managed", "--json", "-"]);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        using var json = JsonDocument.Parse(r.Stdout);
        return json.RootElement.GetProperty("layers").EnumerateArray().ToDictionary(
            l => l.GetProperty("name").GetString()!,
            l => (l.GetProperty("alpha").GetDouble(), l.GetProperty("log_norm").GetDouble(), l.GetProperty("solver").GetString()!));
    }

    [Fact]
    public void GramRouteGivesTheSameFitsAsTheBidiagonalRoute()
    {
        var exact = Layers("bidiagonal");
        var gram = Layers("gram");
        Assert.Equal(exact.Keys.Order(), gram.Keys.Order());
        foreach (var (name, e) in exact)
        {
            var g = gram[name];
            Assert.Contains("Gram", g.Solver);
            Assert.DoesNotContain("Gram", e.Solver);
            // The fit uses eigenvalues far above the Gram route's ~1e-12·λmax error, so α and norms agree closely.
            Assert.True(Math.Abs(g.Alpha - e.Alpha) <= 1e-8 * Math.Abs(e.Alpha), $"{name}: α gram {g.Alpha} vs bidiagonal {e.Alpha}");
            Assert.True(Math.Abs(g.LogNorm - e.LogNorm) <= 1e-10, $"{name}: log_norm gram {g.LogNorm} vs bidiagonal {e.LogNorm}");
        }
    }

    [Fact]
    public void UnknownEsdRouteIsAUsageError()
    {
        var r = CliProcess.Run(["analyze", "--esd", "qr"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("qr", r.Stderr);
    }
}

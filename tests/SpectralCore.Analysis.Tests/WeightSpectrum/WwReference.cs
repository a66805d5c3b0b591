using Xunit;
using System.Text.Json;
using SpectralCore.IO;

namespace SpectralCore.Analysis.Tests.WeightSpectrum;

/// <summary>
/// The WeightWatcher 0.7.5.5 reference cases in tests/reference/weightwatcher (produced by WeightWatcher
/// itself, outside this project): weight tensors, eigenvalues and WeightWatcher's per-layer rows.
/// </summary>
public static class WwReference
{
    public static string Root { get; } = Find();

    public static IEnumerable<string> CaseNames() =>
        Directory.GetFiles(Root, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order();

    public static IEnumerable<string> FitCaseNames() =>
        Directory.GetFiles(Path.Combine(Root, "fits"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order();

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in CaseNames()) data.Add(c);
        return data;
    }

    public static TheoryData<string> FitCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in FitCaseNames()) data.Add(c);
        return data;
    }

    /// <summary>fits/&lt;case&gt;.npy: WeightWatcher's eigenvalues (float64, numpy SVD of W in float64).</summary>
    public static double[] Eigenvalues(string name) => NpyFile.Read(Path.Combine(Root, "fits", name + ".npy")).ToArray<double>();

    /// <summary>&lt;case&gt;.npy: the weight tensor as float32, with its shape.</summary>
    public static (float[] Data, int[] Shape) Tensor(string name)
    {
        var array = NpyFile.Read(Path.Combine(Root, name + ".npy"));
        return (array.ToArray<float>(), array.Shape.Select(s => checked((int)s)).ToArray());
    }

    /// <summary>A row ("default" or "mp_fit") of &lt;case&gt;.json.</summary>
    public static JsonElement Row(string name, string row)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, name + ".json")));
        return doc.RootElement.GetProperty(row).Clone();
    }

    /// <summary>The "ww" entry of fits/&lt;case&gt;.json.</summary>
    public static JsonElement Fit(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "fits", name + ".json")));
        return doc.RootElement.GetProperty("ww").Clone();
    }

    public static double Number(this JsonElement row, string key) => row.GetProperty(key).GetDouble();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "reference", "weightwatcher");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/reference/weightwatcher not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Relative-tolerance assertions with the case and key in the message.</summary>
public static class Close
{
    public static void Relative(double expected, double actual, double tolerance, string what)
    {
        double scale = Math.Max(Math.Abs(expected), double.Epsilon);
        double error = Math.Abs(actual - expected) / scale;
        Assert.True(error <= tolerance || (double.IsNaN(expected) && double.IsNaN(actual)),
            $"{what}: expected {expected:R}, got {actual:R} (relative error {error:E3} > {tolerance:E1})");
    }
}

/// <summary>Seeds for randomized tests: SPECTRAL_TEST_SEED overrides; every failure message prints the seed.</summary>
public static class TestSeed
{
    public static int Get(int fallback)
    {
        var text = Environment.GetEnvironmentVariable("SPECTRAL_TEST_SEED");
        return int.TryParse(text, out int seed) ? seed : fallback;
    }
}

using Xunit;
using System.Text.Json;

namespace SpectralCore.Analysis.Tests.InPca;

/// <summary>
/// tests/reference/seed-cases.json: InPCA and Jacobian cases computed independently with numpy (not by us).
/// </summary>
internal static class SeedCases
{
    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(FindReference(), "seed-cases.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static IEnumerable<JsonElement> Cases(string section) => Root.GetProperty(section).EnumerateArray();

    public static int Count(string section) => Root.GetProperty(section).GetArrayLength();

    public static JsonElement Case(string section, int index) => Root.GetProperty(section)[index];

    public static double[] Vector(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static double[,] Table(JsonElement e)
    {
        var rows = e.EnumerateArray().Select(Vector).ToArray();
        var result = new double[rows.Length, rows.Length == 0 ? 0 : rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows[i].Length; j++) result[i, j] = rows[i][j];
        return result;
    }

    public static Matrix<double> Matrix(JsonElement e)
    {
        var t = Table(e);
        var m = new Matrix<double>(t.GetLength(0), t.GetLength(1));
        for (int i = 0; i < m.Rows; i++)
            for (int j = 0; j < m.Columns; j++) m[i, j] = t[i, j];
        return m;
    }

    /// <summary>A 3-D array (a × b × c) flattened row-major, with its shape.</summary>
    public static (double[] Data, int A, int B, int C) Cube(JsonElement e)
    {
        var planes = e.EnumerateArray().Select(Table).ToArray();
        int a = planes.Length, b = planes[0].GetLength(0), c = planes[0].GetLength(1);
        var data = new double[a * b * c];
        for (int i = 0; i < a; i++)
            for (int j = 0; j < b; j++)
                for (int k = 0; k < c; k++) data[(i * b + j) * c + k] = planes[i][j, k];
        return (data, a, b, c);
    }

    private static string FindReference()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "reference");
            if (File.Exists(Path.Combine(candidate, "seed-cases.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("tests/reference/seed-cases.json not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Closeness checks: relative 1e-9 against max(|expected|, a stated scale for rounding-noise entries).</summary>
internal static class Close
{
    public const double Relative = 1e-9;

    /// <summary>
    /// |actual − expected| ≤ rel·max(|expected|, scale). <paramref name="scale"/> is the size of the quantity
    /// (e.g. the largest |λ|): entries the reference computed as rounding noise (4e-18 next to 0.06) cannot be
    /// compared relatively to themselves.
    /// </summary>
    public static void Check(double expected, double actual, double scale, string what, double rel = Relative)
    {
        double tolerance = rel * Math.Max(Math.Abs(expected), scale);
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (|diff| {Math.Abs(actual - expected):E3} > {tolerance:E3})");
    }

    public static void Vectors(double[] expected, double[] actual, string what, double scale = 0, double rel = Relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Check(expected[i], actual[i], scale, $"{what}[{i}]", rel);
    }

    /// <summary>Vectors equal up to one overall sign.</summary>
    public static void UpToSign(double[] expected, double[] actual, string what, double scale)
    {
        Assert.Equal(expected.Length, actual.Length);
        double dot = 0;
        for (int i = 0; i < expected.Length; i++) dot += expected[i] * actual[i];
        double sign = dot < 0 ? -1 : 1;
        for (int i = 0; i < expected.Length; i++) Check(expected[i], sign * actual[i], scale, $"{what}[{i}] (sign {sign})");
    }
}

/// <summary>
/// The seed of a randomized case: SPECTRAL_TEST_SEED when set (to replay a failure), else the one FsCheck
/// generated. Every failure message states it.
/// </summary>
internal static class TestSeed
{
    public static int Resolve(int generated) =>
        int.TryParse(Environment.GetEnvironmentVariable("SPECTRAL_TEST_SEED"), out int fixedSeed) ? fixedSeed : generated;
}

/// <summary>Backends the eigen/SVD-based seed cases run on (each must agree with the reference on its own).</summary>
internal static class SeedBackends
{
    public static readonly Backend[] All = [Backend.Managed, Backend.Lapack, Backend.Cuda];

    /// <summary>An engine on exactly <paramref name="backend"/> (no fallback), or a skip naming why it is unavailable.</summary>
    public static SpectralEngine Use(Backend backend)
    {
        bool ok = SpectralEngine.TryUse(backend, out var engine, out string reason);
        Skip.IfNot(ok, $"{backend} backend unavailable: {reason}");
        return engine!;
    }
}

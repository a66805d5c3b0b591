namespace SpectralCore.Tests.Infrastructure;

/// <summary>Locates tests/reference (a copy of ../shared/reference: data produced outside the project).</summary>
public static class ReferenceData
{
    /// <summary>The tests/reference folder, found by walking up from the test binary.</summary>
    public static string Root { get; } = Find();

    /// <summary>A path under tests/reference.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "tests", "reference");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/reference not found above " + AppContext.BaseDirectory);
    }
}

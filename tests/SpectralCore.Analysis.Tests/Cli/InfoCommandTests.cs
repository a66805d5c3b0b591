using Xunit;

namespace SpectralCore.Analysis.Tests.Cli;

public sealed class InfoCommandTests
{
    [Fact]
    public void InfoListsEveryBackendAndTheAutoChoice()
    {
        var r = CliProcess.Run(["info"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("managed: available", r.Stdout);
        Assert.Matches(@"lapack: (available \(/|unavailable — lapack: )", r.Stdout);
        Assert.Matches(@"cuda: (available|unavailable — cuda: )", r.Stdout);
        Assert.Contains("auto selects: ", r.Stdout);
        Assert.Contains("logical cores", r.Stdout);
        Assert.Contains("Vector512", r.Stdout);
    }

    [Fact]
    public void UsageErrorsExitWithTwo()
    {
        var r = CliProcess.Run(["no-such-command"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no-such-command", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void HelpWorksForRootAndInfo()
    {
        Assert.Equal(0, CliProcess.Run(["--help"]).ExitCode);
        var r = CliProcess.Run(["info", "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("info", r.Stdout);
    }

    [Fact]
    public void InvalidBackendEnvironmentIsReportedNotFatal()
    {
        var r = CliProcess.Run(["info"], environment: new Dictionary<string, string?> { ["SPECTRAL_BACKEND"] = "gpu" });
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("invalid SPECTRAL_BACKEND", r.Stdout);
    }

    [Fact]
    public void WithoutTheNativeLibraryInfoAndTheManagedBackendStillWork()
    {
        // A copy of the app without libspectral.so: the managed backend must work and say why native ones don't.
        var folder = Directory.CreateTempSubdirectory("spectral-nonative-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory))
                if (Path.GetFileName(file) != "libspectral.so")
                    File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            var r = CliProcess.Run(["info"], folder, new Dictionary<string, string?> { ["SPECTRAL_NATIVE_LIBRARY"] = null, ["LD_LIBRARY_PATH"] = null });
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("native library: not loaded", r.Stdout);
            Assert.Contains("libspectral.so: no such file", r.Stdout);
            Assert.Contains("managed: available", r.Stdout);
            Assert.Contains("lapack: unavailable — lapack: needs libspectral", r.Stdout);
            Assert.Contains("auto selects: managed", r.Stdout);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

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

public sealed class NativeAbiMismatchTests
{
    [SkippableFact]
    public void ALibraryWithAnotherAbiMajorIsRefusedWithAClearMessage()
    {
        // Build a stand-in libspectral whose spectral_abi_version reports major 2 and point the loader at it.
        var folder = Directory.CreateTempSubdirectory("spectral-abi-").FullName;
        try
        {
            var source = Path.Combine(folder, "fake.c");
            File.WriteAllText(source, "unsigned int spectral_abi_version(void) { return (2u << 16) | 0u; }\n");
            var library = Path.Combine(folder, "libspectral.so");
            var compile = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cc", ["-shared", "-fPIC", "-o", library, source])
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            Skip.If(compile is null, "no C compiler (cc) to build the stand-in library");
            compile!.WaitForExit();
            Skip.If(compile.ExitCode != 0, "cc could not build the stand-in library: " + compile.StandardError.ReadToEnd());
            var r = CliProcess.Run(["info"], environment: new Dictionary<string, string?> { ["SPECTRAL_NATIVE_LIBRARY"] = library });
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("has ABI version 2.0, but this SpectralCore needs ABI major version 1", r.Stdout);
            Assert.Contains("managed: available", r.Stdout);
            Assert.Contains("auto selects: managed", r.Stdout);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Skip.If(true, "no C compiler (cc) to build the stand-in library: " + e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

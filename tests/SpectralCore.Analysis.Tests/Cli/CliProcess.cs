using System.Diagnostics;

namespace SpectralCore.Analysis.Tests.Cli;

/// <summary>Runs the `spectral` CLI (spectral.dll next to the test binary) in a child process.</summary>
internal static class CliProcess
{
    internal sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs `dotnet spectral.dll args` in <paramref name="folder"/> (default: the test's own folder).</summary>
    internal static Outcome Run(IEnumerable<string> args, string? folder = null, IDictionary<string, string?>? environment = null, int timeoutMs = 120_000)
    {
        folder ??= AppContext.BaseDirectory;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        info.ArgumentList.Add(Path.Combine(folder, "spectral.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"spectral {string.Join(' ', args)} did not finish within {timeoutMs} ms");
        }
        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }
}

using System.Diagnostics;

namespace SpectralCore.Analysis.Tests.Cli;

/// <summary>Runs the real `spectral analyze` (spectral.dll next to the tests) in a child process.</summary>
internal static class AnalyzeProcess
{
    internal sealed record Result(int ExitCode, string Stdout, string Stderr);

    internal static string Dll => Path.Combine(AppContext.BaseDirectory, "spectral.dll");

    internal static ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["SPECTRAL_DEBUG"] = "";
        info.Environment["SPECTRAL_BACKEND"] = "";
        return info;
    }

    internal static Result Run(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(true);
            throw new TimeoutException($"spectral {string.Join(' ', args)} did not finish in 3 minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}

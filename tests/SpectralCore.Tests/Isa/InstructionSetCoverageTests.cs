using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Text;
using Xunit;

namespace SpectralCore.Tests.Isa;

/// <summary>
/// The kernels pick their code by the machine's vector width (Vector512 → Vector256 → Vector128 → scalar: the 8×24 or
/// 6×8 GEMM tile, the SIMD sums of the secular equation, the widening, …), so one test run only checks the widest path
/// the machine has. These tests run the kernel tests (namespace <c>SpectralCore.Tests.Kernels</c>) again in child test
/// hosts with the runtime's instruction-set knobs turned off — AVX-512 off (the AVX2 + FMA paths), AVX2 off (Vector128
/// only, no FMA) and all hardware intrinsics off (the scalar paths) — and require every one of them to pass. A knob the
/// machine does not have anyway is skipped: its paths are the main run's.
/// </summary>
public class InstructionSetCoverageTests
{
    /// <summary>Set in the child hosts, so a nested run never starts children of its own.</summary>
    private const string ChildMarker = "SPECTRAL_ISA_CHILD";

    public static TheoryData<string> Knobs => new() { "DOTNET_EnableAVX512", "DOTNET_EnableAVX2", "DOTNET_EnableHWIntrinsic" };

    [SkippableTheory]
    [MemberData(nameof(Knobs))]
    public void KernelTestsPassWithTheInstructionSetCapped(string knob)
    {
        Skip.If(Environment.GetEnvironmentVariable(ChildMarker) == "1", "nested instruction-set run");
        bool present = knob switch
        {
            "DOTNET_EnableAVX512" => Vector512.IsHardwareAccelerated,
            "DOTNET_EnableAVX2" => Vector256.IsHardwareAccelerated,
            _ => Vector128.IsHardwareAccelerated,
        };
        Skip.IfNot(present, $"{knob}: this machine does not have that instruction set, so the main run already took the narrower paths");

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "test", typeof(InstructionSetCoverageTests).Assembly.Location, "--nologo",
                     "--filter", "FullyQualifiedName~SpectralCore.Tests.Kernels" })
            start.ArgumentList.Add(argument);
        start.Environment[knob] = "0";
        start.Environment[ChildMarker] = "1";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool exited = process.WaitForExit(TimeSpan.FromMinutes(10));
        if (!exited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        string text;
        lock (output) text = output.ToString();
        string tail = text.Length > 6000 ? text[^6000..] : text;
        Assert.True(exited, $"{knob}=0: the kernel tests did not finish within 10 minutes.\n{tail}");
        Assert.True(process.ExitCode == 0, $"{knob}=0: the kernel tests failed (exit {process.ExitCode}).\n{tail}");
        // The summary must show tests that ran and none that failed (an empty filter would also exit 0).
        var summary = System.Text.RegularExpressions.Regex.Match(text, @"Failed:\s+(\d+),\s+Passed:\s+(\d+)");
        Assert.True(summary.Success, $"{knob}=0: no test summary in the child's output.\n{tail}");
        Assert.Equal("0", summary.Groups[1].Value);
        Assert.True(int.Parse(summary.Groups[2].Value) >= 100, $"{knob}=0: only {summary.Groups[2].Value} kernel tests ran.\n{tail}");
    }

    /// <summary>The dotnet host running this test host (its process), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        string? path = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(path) && File.Exists(path)) return path;
        path = Environment.ProcessPath;
        if (path is not null && Path.GetFileNameWithoutExtension(path) == "dotnet") return path;
        return "dotnet";
    }
}

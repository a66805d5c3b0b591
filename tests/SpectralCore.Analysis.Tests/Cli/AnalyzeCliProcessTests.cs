using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using SpectralCore.Analysis.Tests.Models;
using Xunit;
using static SpectralCore.Analysis.Tests.Models.ModelBuilders;

namespace SpectralCore.Analysis.Tests.Cli;

/// <summary>The real `spectral analyze` in a child process: exit codes, one-line errors, Ctrl-C, real models.</summary>
public sealed class AnalyzeCliProcessTests
{
    [Fact]
    public void CorruptedFilesOfEveryFormatGiveOneErrorLineAndExitCodeOne()
    {
        using var dir = new TempDir();
        var cases = new Dictionary<string, byte[]>
        {
            ["bad.safetensors"] = Safetensors([new StEntry("w", "F32", [4, 4], new byte[64])])[..50],
            ["bad.onnx"] = [.. Proto.Key(7, 2), .. Proto.Varint(1_000_000), 1, 2, 3],
            ["bad.npz"] = Npz([("a.npy", Npy("<f4", false, [8, 8], new byte[256]))], CompressionLevel.Optimal)[..40],
            ["bad.npy"] = Npy("<f4", false, [8, 8], new byte[100]),
            ["bad-weights_manifest.json"] = Encoding.UTF8.GetBytes(TfjsManifest(["missing.bin"], [TfjsWeight("w", [2, 2], "float32")])),
            ["garbage.bin"] = [1, 2, 3, 4, 5],
        };
        foreach (var (name, bytes) in cases)
        {
            File.WriteAllBytes(dir.File(name), bytes);
            var result = AnalyzeProcess.Run("analyze", dir.File(name));
            Assert.True(result.ExitCode == 1, $"{name}: exit {result.ExitCode}, stderr: {result.Stderr}");
            var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1, $"{name}: expected one error line, got:\n{result.Stderr}");
            Assert.StartsWith("spectral: error: ", lines[0]);
            Assert.Contains(Path.GetFileName(name), lines[0]);
            Assert.DoesNotContain("   at ", result.Stderr);
        }
        var missing = AnalyzeProcess.Run("analyze", dir.File("nope.onnx"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no such file", missing.Stderr);
    }

    [Fact]
    public void UsageErrorsExitWithTwo()
    {
        Assert.Equal(2, AnalyzeProcess.Run("analyze", "--min-evals", "50", "--max-evals", "10").ExitCode);
        Assert.Equal(2, AnalyzeProcess.Run("analyze", "--backend", "quantum").ExitCode);
        Assert.Equal(2, AnalyzeProcess.Run("analyze", "--layers", "(").ExitCode);
        Assert.Equal(2, AnalyzeProcess.Run("analyze", "--layers", "no_such_layer").ExitCode);
        Assert.Equal(2, AnalyzeProcess.Run("analyze", "--json", "-", "--csv", "-").ExitCode);
    }

    [Fact]
    public void JsonToStdoutKeepsStdoutMachineReadable()
    {
        var result = AnalyzeProcess.Run("analyze", "--layers", "1", "--json", "-");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Single(json.RootElement.GetProperty("layers").EnumerateArray());
        Assert.Contains("demo.random_like.weight", result.Stderr); // the table went to stderr
    }

    [SkippableFact]
    public void CtrlCStopsBetweenLayersWithExitCodeOne()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "sends SIGINT with kill(1)");
        Skip.If(SigIntIgnored(), "SIGINT is ignored in this environment (e.g. a background job of a non-interactive shell), and the child inherits that");
        // 40 layers of 512×512 (seconds of work on one thread even on a fast machine): the interrupt after the first
        // layer must land between layers, not after the last one (the 7-layer demo model could finish first).
        using var dir = new TempDir();
        var rng = new Random(20261207);
        var weights = new float[512 * 512];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(rng.NextDouble() - 0.5);
        var layer = F32(weights);
        File.WriteAllBytes(dir.File("many.safetensors"), Safetensors(Enumerable.Range(0, 40).Select(i => new StEntry($"layer{i}.weight", "F32", [512, 512], layer))));
        var info = AnalyzeProcess.StartInfo("analyze", dir.File("many.safetensors"), "--threads", "1", "--randomize");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        // Wait for the first finished layer (a plain progress line, since stderr is redirected), then interrupt.
        string? first = process.StandardError.ReadLine();
        Assert.NotNull(first);
        Assert.StartsWith("[1/40", first);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        string rest = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000));
        Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}, stderr after the interrupt:\n{rest}");
        Assert.Contains("cancelled (Ctrl-C)", rest);
        Assert.DoesNotContain("   at ", rest);
        _ = stdout.Result;
    }

    /// <summary>Whether this process ignores SIGINT (Linux: bit 1 of the SigIgn mask in /proc/self/status).</summary>
    private static bool SigIntIgnored()
    {
        if (!File.Exists("/proc/self/status")) return false;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, null, out ulong mask)
            && (mask & (1UL << 1)) != 0;
    }

    [SkippableFact]
    public void SileroVadV5AnalysisFindsTrainedLayers()
    {
        string? package = RealModels.Package(RealModels.VadPackage, out string reason);
        Skip.If(package is null, reason);
        using var dir = new TempDir();
        var result = AnalyzeProcess.Run("analyze", Path.Combine(package!, "dist", "silero_vad_v5.onnx"), "--json", dir.File("v5.json"), "--plots", dir.File("plots"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("v5.json")));
        var layers = json.RootElement.GetProperty("layers").EnumerateArray().ToList();
        // Python: 16 float32 tensors of rank ≥ 2; the two [1, 128, 1] decoder kernels have 1 eigenvalue (< min_evals 10).
        Assert.Equal(14, layers.Count);
        Assert.DoesNotContain(layers, l => l.GetProperty("phase").GetString() == "random-like");
        Assert.True(File.Exists(dir.File("plots/model_alpha.png")));
        Assert.Equal(14 * 2 + 2, Directory.GetFiles(dir.File("plots")).Length);
    }

    [SkippableFact]
    public void FaceApiAnalysisFindsTrainedLayers()
    {
        string? package = RealModels.Package(RealModels.FacePackage, out string reason);
        Skip.If(package is null, reason);
        using var dir = new TempDir();
        var result = AnalyzeProcess.Run("analyze", Path.Combine(package!, "model"), "--json", dir.File("face.json"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("face.json")));
        var layers = json.RootElement.GetProperty("layers").EnumerateArray().ToList();
        // Python (manifests + WeightWatcher's M·rf ≥ 10 rule, Keras kernel layout): 130 analysable weight tensors.
        Assert.Equal(130, layers.Count);
        // Trained layers with enough eigenvalues for a confident label (≥ 50) are never Random-like; a few tiny
        // 1×1 heads with 16–24 eigenvalues may be (their labels are flagged low-confidence).
        var confident = layers.Where(l => l.GetProperty("num_evals").GetInt32() >= 50).ToList();
        Assert.True(confident.Count >= 80, $"only {confident.Count} layers with ≥ 50 eigenvalues");
        Assert.DoesNotContain(confident, l => l.GetProperty("phase").GetString() == "random-like");
        Assert.True(layers.Count(l => l.GetProperty("phase").GetString() == "random-like") <= 5);
    }
}

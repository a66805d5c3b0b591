using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace SpectralCore.Analysis.Tests.Models;

/// <summary>
/// Real pretrained models fetched by package name with `npm pack` (the only registry these machines reach),
/// cached under the temp directory so the suite downloads each tarball once. Tests skip with the reason when
/// npm or the registry is unavailable.
/// </summary>
internal static class RealModels
{
    internal const string VadPackage = "@ricky0123/vad-web@0.0.31";
    internal const string FacePackage = "@vladmandic/face-api@1.7.15";

    private static readonly string Cache = Path.Combine(Path.GetTempPath(), "spectralcore-test-npm");
    private static readonly Lock Gate = new();

    /// <summary>The extracted package directory ("…/package"), or null with the reason it could not be had.</summary>
    internal static string? Package(string spec, out string reason)
    {
        lock (Gate)
        {
            reason = "";
            string folder = Path.Combine(Cache, spec.Replace('/', '_').Replace('@', '_'));
            string package = Path.Combine(folder, "package");
            if (Directory.Exists(package)) return package;
            Directory.CreateDirectory(folder);
            string? tarball = Directory.GetFiles(folder, "*.tgz").FirstOrDefault();
            if (tarball is null)
            {
                try
                {
                    var start = new ProcessStartInfo("npm", ["pack", spec, "--silent", "--pack-destination", folder])
                    {
                        RedirectStandardOutput = true,
                        RedirectStandardError = true,
                        WorkingDirectory = folder,
                    };
                    using var npm = Process.Start(start)!;
                    var stderr = npm.StandardError.ReadToEndAsync();
                    npm.StandardOutput.ReadToEnd();
                    if (!npm.WaitForExit(120_000))
                    {
                        npm.Kill(true);
                        reason = $"npm pack {spec} took more than 2 minutes (registry unreachable?)";
                        return null;
                    }
                    if (npm.ExitCode != 0)
                    {
                        reason = $"npm pack {spec} failed (registry unreachable?): {stderr.Result.Trim().Split('\n').LastOrDefault()}";
                        return null;
                    }
                }
                catch (System.ComponentModel.Win32Exception e)
                {
                    reason = $"npm is not installed ({e.Message})";
                    return null;
                }
                tarball = Directory.GetFiles(folder, "*.tgz").FirstOrDefault();
                if (tarball is null)
                {
                    reason = $"npm pack {spec} produced no tarball";
                    return null;
                }
            }
            string staging = Path.Combine(folder, "staging-" + Guid.NewGuid().ToString("N"));
            using (var file = File.OpenRead(tarball))
            using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            {
                Directory.CreateDirectory(staging);
                TarFile.ExtractToDirectory(gzip, staging, overwriteFiles: true);
            }
            Directory.Move(Path.Combine(staging, "package"), package);
            Directory.Delete(staging, true);
            return package;
        }
    }
}

using System.Globalization;
using SpectralCore.IO;
using Xunit;

namespace SpectralCore.Analysis.Tests.Cli;

/// <summary>`spectral rsvd` end to end: precision modes, the output files and usage errors.</summary>
public sealed class RsvdCommandTests
{
    /// <summary>
    /// A 1100 × 1000 float64 matrix (above Auto's 2²⁰-entry threshold) with singular values 1/(i+1) on its first 60
    /// directions: the top values are known exactly, so both precision modes are checked against them.
    /// </summary>
    private static (string Folder, string Path, double[] Sigma) KnownSpectrumFile()
    {
        int m = 1100, n = 1000, rank = 60;
        var random = new Random(19);
        var sigma = Enumerable.Range(0, rank).Select(i => 1.0 / (i + 1)).ToArray();
        var u = Orthonormal(m, rank, random);
        var v = Orthonormal(n, rank, random);
        var a = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int r = 0; r < rank; r++)
            {
                double scaled = u[i * rank + r] * sigma[r];
                for (int j = 0; j < n; j++) a[i * n + j] += scaled * v[j * rank + r];
            }
        var folder = Directory.CreateTempSubdirectory("spectral-rsvd-").FullName;
        var path = Path.Combine(folder, "a.npy");
        NpyFile.Write<double>(path, a, m, n);
        return (folder, path, sigma);
    }

    /// <summary>Columns of a Gaussian matrix orthonormalized by modified Gram–Schmidt, twice (row-major rows × columns).</summary>
    private static double[] Orthonormal(int rows, int columns, Random random)
    {
        var q = new double[rows * columns];
        for (int i = 0; i < q.Length; i++) q[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        for (int pass = 0; pass < 2; pass++)
            for (int c = 0; c < columns; c++)
            {
                for (int p = 0; p < c; p++)
                {
                    double dot = 0;
                    for (int i = 0; i < rows; i++) dot += q[i * columns + p] * q[i * columns + c];
                    for (int i = 0; i < rows; i++) q[i * columns + c] -= dot * q[i * columns + p];
                }
                double norm = 0;
                for (int i = 0; i < rows; i++) norm += q[i * columns + c] * q[i * columns + c];
                norm = Math.Sqrt(norm);
                for (int i = 0; i < rows; i++) q[i * columns + c] /= norm;
            }
        return q;
    }

    private static double[] SingularValues(string stdout) =>
        stdout.Split("singular_values:")[1].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .TakeWhile(line => !line.StartsWith("wrote:", StringComparison.Ordinal))
            .Select(line => double.Parse(line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void DefaultAutoAndFloat64AgreeWithTheKnownSpectrum()
    {
        var (folder, path, sigma) = KnownSpectrumFile();
        try
        {
            var auto = CliProcess.Run(["rsvd", path, "--k", "5", "--values-only", "--seed", "3"]);
            Assert.True(auto.ExitCode == 0, auto.Stderr);
            Assert.Contains("range finder: auto → float32", auto.Stdout);
            var exact = CliProcess.Run(["rsvd", path, "--k", "5", "--values-only", "--seed", "3", "--range-finder", "float64"]);
            Assert.True(exact.ExitCode == 0, exact.Stderr);
            Assert.Contains("float64 products", exact.Stdout);
            Assert.DoesNotContain("auto →", exact.Stdout);
            var (fromAuto, fromExact) = (SingularValues(auto.Stdout), SingularValues(exact.Stdout));
            Assert.Equal(5, fromAuto.Length);
            for (int j = 0; j < 5; j++)
            {
                // Both below the exact values (interlacing) and within 5 %: σ₁₅ / σ₅ = 1/3 with q = 2 power iterations.
                Assert.InRange(fromExact[j], 0.95 * sigma[j], sigma[j] * (1 + 1e-12));
                Assert.True(Math.Abs(fromAuto[j] - fromExact[j]) <= 1e-9, $"σ̃[{j}]: auto {fromAuto[j]:R} vs float64 {fromExact[j]:R}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void OutWritesTheFactorsAndBadOptionsAreUsageErrors()
    {
        var (folder, path, _) = KnownSpectrumFile();
        try
        {
            var output = Path.Combine(folder, "out");
            var r = CliProcess.Run(["rsvd", path, "--k", "4", "--out", output, "--range-finder", "float32"]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Contains("float32 range finder", r.Stdout);
            Assert.Equal([4L], NpyFile.Read(Path.Combine(output, "s.npy")).Shape);
            Assert.Equal([1100L, 4L], NpyFile.Read(Path.Combine(output, "u.npy")).Shape);
            Assert.Equal([4L, 1000L], NpyFile.Read(Path.Combine(output, "vt.npy")).Shape);

            var bad = CliProcess.Run(["rsvd", path, "--k", "4", "--range-finder", "float16"]);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("float16", bad.Stderr);
            var tooMany = CliProcess.Run(["rsvd", path, "--k", "1000"]);
            Assert.Equal(2, tooMany.ExitCode);
            Assert.Contains("k must be", tooMany.Stderr);
            Assert.DoesNotContain("   at ", tooMany.Stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

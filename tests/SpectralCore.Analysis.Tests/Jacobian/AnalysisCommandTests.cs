using System.CommandLine;
using System.Text.Json;
using SpectralCore.Analysis.Tests.InPca;
using SpectralCore.Cli;
using SpectralCore.Cli.Commands;
using SpectralCore.IO;
using Xunit;

namespace SpectralCore.Analysis.Tests.Jacobian;

/// <summary>The jacobian / inpca / correlation commands on seed-case files: JSON numbers equal the reference; usage errors exit 2.</summary>
public sealed class AnalysisCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("spectral-analysis-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Save(string name, double[] data, params long[] shape)
    {
        var path = Path.Combine(_folder, name);
        NpyFile.Write<double>(path, data, shape);
        return path;
    }

    private static (int Code, string Output) Invoke(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(JacobianCommand.Create());
        root.Subcommands.Add(InPcaCommand.Create());
        root.Subcommands.Add(CorrelationCommand.Create());
        var previous = Console.Out;
        var writer = new StringWriter();
        Console.SetOut(writer);
        try
        {
            return (CliRunner.Run(root, args), writer.ToString());
        }
        finally
        {
            Console.SetOut(previous);
        }
    }

    [Fact]
    public void Jacobian_json_reproduces_the_seed_case()
    {
        var c = SeedCases.Case("jacobian", 0);
        var j = SeedCases.Matrix(c.GetProperty("J"));
        var jPath = Save("J.npy", j.Data, j.Rows, j.Columns);
        var yPath = Save("y.npy", SeedCases.Vector(c.GetProperty("y")), j.Rows);
        var residualPath = Path.Combine(_folder, "r.npy");
        var (code, output) = Invoke("jacobian", jPath, "--labels", yPath, "--cutoff", "0.5", "--eta", "0.1", "--steps", "10", "--residual-out", residualPath, "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("information_rank").GetInt32());
        Close.Check(c.GetProperty("information_alignment").GetDouble(), json.RootElement.GetProperty("information_alignment").GetDouble(), 0, "alignment");
        var expected = SeedCases.Vector(c.GetProperty("residual_after_steps"));
        Close.Vectors(expected, NpyFile.Read(residualPath).ToArray<double>(), "r_10 from --residual-out", expected.Max(Math.Abs));
    }

    [Fact]
    public void InPca_json_reproduces_the_seed_case_and_writes_plots()
    {
        var c = SeedCases.Case("inpca", 1);
        var (data, m, n, k) = SeedCases.Cube(c.GetProperty("probabilities_models_samples_classes"));
        var path = Save("probs.npy", data, m, n, k);
        var plots = Path.Combine(_folder, "plots");
        var (code, output) = Invoke("inpca", path, "--k", "3", "--json", "--plots", plots);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var expectedEigen = SeedCases.Vector(c.GetProperty("eigenvalues_by_abs_desc"));
        var eigen = json.RootElement.GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Close.Vectors(expectedEigen.Take(3).ToArray(), eigen, "eigenvalues");
        var stress = json.RootElement.GetProperty("explained_stress").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Close.Vectors(SeedCases.Vector(c.GetProperty("explained_stress_k1_k2_k3")), stress, "stress");
        foreach (var name in new[] { "inpca_eigenvalues", "inpca_embedding_2d", "inpca_embedding_3d" })
            foreach (var extension in new[] { ".png", ".svg" })
                Assert.True(new FileInfo(Path.Combine(plots, name + extension)).Length > 1000, name + extension);
    }

    [Fact]
    public void Correlation_json_reports_the_decay_rate()
    {
        int n = 50, d = 8;
        var random = new Random(4);
        var x = new double[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) x[i * d + j] = Math.Exp(-0.5 * (j + 1)) * RandomMatrices.Gaussian(random);
        var (code, output) = Invoke("correlation", Save("X.npy", x, n, d), "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(d, json.RootElement.GetProperty("eigenvalues").GetArrayLength());
        double rate = json.RootElement.GetProperty("exponential").GetProperty("rate").GetDouble();
        Assert.InRange(rate, 0.6, 1.4); // λ_k ≈ e^{−k} up to sampling noise
    }

    [Fact]
    public void Usage_and_data_errors_have_the_right_exit_codes()
    {
        var jPath = Save("J2.npy", new double[6], 2, 3);
        var yPath = Save("y2.npy", [1.0, 2.0, 3.0], 3);
        Assert.Equal(2, Invoke("jacobian", jPath, "--labels", yPath).Code);                       // neither --cutoff nor --rank
        Assert.Equal(2, Invoke("jacobian", jPath, "--labels", Path.Combine(_folder, "missing.npy"), "--cutoff", "1").Code);
        Assert.Equal(1, Invoke("jacobian", jPath, "--labels", yPath, "--cutoff", "1").Code);      // 3 labels for 2 rows
        Assert.Equal(1, Invoke("inpca", jPath).Code);                                             // 2-D, not (M, N, C)
        Assert.Equal(2, Invoke("inpca", Save("p.npy", [0.5, 0.5, 0.5, 0.5], 2, 1, 2), "--k", "0").Code);
        Assert.Equal(1, Invoke("correlation", yPath).Code);                                       // 1-D data
    }
}

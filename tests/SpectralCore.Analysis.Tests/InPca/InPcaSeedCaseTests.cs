using Xunit;
using SpectralCore.Analysis.InPca;

namespace SpectralCore.Analysis.Tests.InPca;

/// <summary>Every InPCA, Bhattacharyya and double-centring case of seed-cases.json (numpy, independent of us).</summary>
public sealed class InPcaSeedCaseTests
{
    public static TheoryData<int> BhattacharyyaCases() => Indices("bhattacharyya");
    public static TheoryData<int> InPcaCases() => Indices("inpca");

    public static TheoryData<int, Backend> InPcaCasesByBackend()
    {
        var data = new TheoryData<int, Backend>();
        foreach (var backend in SeedBackends.All)
            for (int i = 0; i < SeedCases.Count("inpca"); i++) data.Add(i, backend);
        return data;
    }

    public static TheoryData<Backend> Backends()
    {
        var data = new TheoryData<Backend>();
        foreach (var backend in SeedBackends.All) data.Add(backend);
        return data;
    }

    private static TheoryData<int> Indices(string section)
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < SeedCases.Count(section); i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(BhattacharyyaCases))]
    public void Bhattacharyya_distance_matches_reference(int index)
    {
        var c = SeedCases.Case("bhattacharyya", index);
        var p = SeedCases.Table(c.GetProperty("p"));
        var q = SeedCases.Table(c.GetProperty("q"));
        int n = p.GetLength(0), k = p.GetLength(1);
        double d = BhattacharyyaDistances.Distance(p.Cast<double>().ToArray(), q.Cast<double>().ToArray(), n, k);
        Close.Check(c.GetProperty("d").GetDouble(), d, 0, $"bhattacharyya[{index}]");
        // Symmetric in its arguments, and the same from log-probabilities.
        Close.Check(d, BhattacharyyaDistances.Distance(q.Cast<double>().ToArray(), p.Cast<double>().ToArray(), n, k), 0, "swapped");
        var lp = p.Cast<double>().Select(v => Math.Log(v)).ToArray();
        var lq = q.Cast<double>().Select(v => Math.Log(v)).ToArray();
        Close.Check(d, BhattacharyyaDistances.Distance(lp, lq, n, k, logProbabilities: true), 0, "from log-probabilities");
    }

    [Theory]
    [MemberData(nameof(InPcaCases))]
    public void InPca_distances_match_reference(int index)
    {
        var c = SeedCases.Case("inpca", index);
        var (data, m, n, k) = SeedCases.Cube(c.GetProperty("probabilities_models_samples_classes"));
        var expectedD = SeedCases.Table(c.GetProperty("distances"));
        var d = BhattacharyyaDistances.Compute(new ProbabilityTensor(data, m, n, k)).Distances;
        double dScale = expectedD.Cast<double>().Max(Math.Abs);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                Close.Check(expectedD[i, j], d[i, j], dScale, $"case {index} D[{i},{j}]");
        // The same from float32 storage is impossible to 1e-9; from log-probabilities it must hold.
        var logs = data.Select(v => Math.Log(v)).ToArray();
        var fromLogs = BhattacharyyaDistances.Compute(new ProbabilityTensor(logs, m, n, k, logProbabilities: true)).Distances;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                Close.Check(expectedD[i, j], fromLogs[i, j], dScale, $"case {index} D[{i},{j}] from log-probabilities");
    }

    [SkippableTheory]
    [MemberData(nameof(InPcaCasesByBackend))]
    public void InPca_eigenvalues_and_stress_match_reference(int index, Backend backend)
    {
        var c = SeedCases.Case("inpca", index);
        var (data, m, n, k) = SeedCases.Cube(c.GetProperty("probabilities_models_samples_classes"));
        var expectedEigen = SeedCases.Vector(c.GetProperty("eigenvalues_by_abs_desc"));
        var expectedStress = SeedCases.Vector(c.GetProperty("explained_stress_k1_k2_k3"));

        using var engine = SeedBackends.Use(backend);
        var analysis = InPcaAnalysis.Run(engine, new ProbabilityTensor(data, m, n, k), new InPcaOptions { Dimensions = null });
        // Eigenvalues that the reference computed as rounding noise (e.g. 4e-18 beside 0.06) compare on the scale of the largest.
        Close.Vectors(expectedEigen, analysis.Embedding.Eigenvalues, $"case {index} eigenvalues", Math.Abs(expectedEigen[0]));
        for (int i = 0; i < expectedStress.Length; i++)
            Close.Check(expectedStress[i], analysis.Embedding.ExplainedStress[i], 0, $"case {index} stress k={i + 1}");

        // The partial (largest-magnitude) route gives the same leading pairs and, with ‖W‖_F from W, the same stress.
        var partial = InPcaAnalysis.Run(engine, new ProbabilityTensor(data, m, n, k), new InPcaOptions { Dimensions = 1 });
        Assert.False(partial.Embedding.Spectrum.IsComplete && m > 1);
        Close.Check(expectedEigen[0], partial.Embedding.Eigenvalues[0], 0, $"case {index} partial λ1");
        Close.Check(expectedStress[0], partial.Embedding.ExplainedStress[0], 0, $"case {index} partial stress k=1");
    }

    [SkippableTheory]
    [MemberData(nameof(Backends))]
    public void Double_centring_case_matches_reference_including_out_of_sample_point(Backend backend)
    {
        var c = SeedCases.Case("double_centring", 0);
        var d = SeedCases.Matrix(c.GetProperty("D"));
        var expectedEigen = SeedCases.Vector(c.GetProperty("eigenvalues_by_abs_desc"));
        var expectedFirst = SeedCases.Vector(c.GetProperty("first_coordinate_up_to_sign"));
        var outOfSample = c.GetProperty("out_of_sample");

        using var engine = SeedBackends.Use(backend);
        var embedding = InPcaEmbedding.FromDistances(engine, d);
        Close.Vectors(expectedEigen, embedding.Eigenvalues, "eigenvalues", Math.Abs(expectedEigen[0]));
        var first = embedding.Coordinates.Column(0);
        Close.UpToSign(expectedFirst, first, "first coordinate", 0);

        var newRow = new Matrix<double>(SeedCases.Vector(outOfSample.GetProperty("d_row")), 1, 3);
        double projected = embedding.Project(newRow)[0, 0];
        // The coordinate's sign follows the embedding's (arbitrary) sign: align with the reference's first coordinate.
        double sign = Math.Sign(first.Zip(expectedFirst, (a, b) => a * b).Sum());
        Close.Check(outOfSample.GetProperty("first_coordinate_up_to_sign").GetDouble(), sign * projected, 0, "out-of-sample coordinate");
    }
}

using System.CommandLine;
using SpectralCore.Analysis.InPca;
using SpectralCore.IO;
using static SpectralCore.Cli.Commands.AnalysisCliSupport;

namespace SpectralCore.Cli.Commands;

/// <summary>`spectral inpca probs.npy`: InPCA of models' predictive distributions (Mao et al.).</summary>
internal static class InPcaCommand
{
    internal static Command Create()
    {
        var probabilities = new Argument<string>("probs.npy") { Description = "Probabilities, 3-D (M models × N samples × C classes), float32 or float64." };
        var logProbs = new Option<bool>("--log-probs") { Description = "The inputs (and --new) hold natural-log probabilities." };
        var k = new Option<int>("--k") { Description = "Retained InPCA directions (default 3).", DefaultValueFactory = _ => 3 };
        var scale = new Option<double>("--scale") { Description = "Distance scale factor (default 1).", DefaultValueFactory = _ => 1.0 };
        var newModels = new Option<string?>("--new") { Description = "More models (M' × N × C) to place into the embedding (out-of-sample)." };
        var plots = new Option<string?>("--plots") { Description = "Write embedding and eigenvalue plots (PNG + SVG) into this folder." };
        var coordinatesOut = new Option<string?>("--coords-out") { Description = "Write the M × k coordinates to this .npy file." };
        var distancesOut = new Option<string?>("--distances-out") { Description = "Write the M × M distance matrix to this .npy file." };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var command = new Command("inpca", "InPCA: Bhattacharyya distances between models, signed eigen-embedding (Minkowski), explained stress, out-of-sample projection.")
        {
            probabilities, logProbs, k, scale, newModels, plots, coordinatesOut, distancesOut, json,
        };
        command.SetAction(parse => Run(Console.Out, parse.GetValue(probabilities)!, parse.GetValue(logProbs), parse.GetValue(k), parse.GetValue(scale), parse.GetValue(newModels),
            parse.GetValue(plots), parse.GetValue(coordinatesOut), parse.GetValue(distancesOut), parse.GetValue(json)));
        return command;
    }

    internal static int Run(TextWriter output, string path, bool logProbs, int k, double scale, string? newPath, string? plotFolder,
        string? coordinatesOut, string? distancesOut, bool json)
    {
        if (k < 1) throw new UsageException("--k must be ≥ 1");
        if (!double.IsFinite(scale) || scale <= 0) throw new UsageException("--scale must be finite and > 0");
        var models = Load(path, logProbs);
        var options = new InPcaOptions { Dimensions = Math.Min(k, models.Models), Distances = new BhattacharyyaOptions { Scale = scale } };
        using var engine = SpectralEngine.Create();
        var analysis = InPcaAnalysis.Run(engine, models, options);
        Matrix<double>? projected = null;
        if (newPath is not null)
        {
            var more = Load(newPath, logProbs);
            if (more.Samples != models.Samples || more.Classes != models.Classes)
                throw new InvalidDataException($"{newPath}: {more.Samples} samples × {more.Classes} classes, but {path} has {models.Samples} × {models.Classes}.");
            projected = analysis.Project(more);
        }
        var embedding = analysis.Embedding;
        if (coordinatesOut is not null) NpyFile.Write<double>(coordinatesOut, embedding.Coordinates.Data, embedding.Points, embedding.Dimensions);
        if (distancesOut is not null) NpyFile.Write<double>(distancesOut, analysis.DistanceResult.Distances.Data, embedding.Points, embedding.Points);
        string[] written = [];
        if (plotFolder is not null)
        {
            // The |λ| plot shows up to 50 eigenvalues (more than the k retained) so the negative ones are visible.
            int shownEigenvalues = Math.Min(models.Models, Math.Max(embedding.Dimensions, 50));
            var spectrum = shownEigenvalues == embedding.Dimensions
                ? embedding.Eigenvalues
                : InPcaEmbedding.FromDistances(engine, analysis.DistanceResult.Distances, shownEigenvalues).Eigenvalues;
            written = InPcaPlots.Write(plotFolder, embedding, spectrum, projected);
        }

        if (json)
        {
            WriteJson(output, new
            {
                models = models.Models, samples = models.Samples, classes = models.Classes, log_probabilities = logProbs, scale,
                unnormalized_rows = analysis.DistanceResult.UnnormalizedRows, max_normalization_error = analysis.DistanceResult.MaxNormalizationError,
                method = embedding.Spectrum.Method, eigenvalues = embedding.Eigenvalues, signs = embedding.Signs,
                frobenius_norm = embedding.FrobeniusNorm, explained_stress = embedding.ExplainedStress,
                coordinates = Rows(embedding.Coordinates), new_coordinates = projected is null ? null : Rows(projected), plots = written,
            });
            return CliRunner.Ok;
        }
        output.WriteLine($"models: {models.Models}, samples: {models.Samples}, classes: {models.Classes}{(logProbs ? " (log-probabilities)" : "")}");
        if (analysis.DistanceResult.UnnormalizedRows > 0)
            output.WriteLine($"warning: {analysis.DistanceResult.UnnormalizedRows} (model, sample) rows do not sum to 1 (max |Σp − 1| = {G(analysis.DistanceResult.MaxNormalizationError)}); used as given");
        output.WriteLine($"method: {embedding.Spectrum.Method}");
        output.WriteLine($"‖W‖_F = {G(embedding.FrobeniusNorm)}");
        output.WriteLine($"{"k",4} {"λ_k",14} {"sign",6} {"stress(≤k)",12}");
        for (int i = 0; i < embedding.Dimensions; i++)
            output.WriteLine($"{i + 1,4} {G(embedding.Eigenvalues[i]),14} {(embedding.Signs[i] > 0 ? "+" : "−"),6} {G(embedding.ExplainedStress[i]),12}");
        int shown = Math.Min(10, embedding.Points);
        output.WriteLine($"coordinates (first {shown} of {embedding.Points}):");
        for (int r = 0; r < shown; r++) output.WriteLine($"  {r,5}: {Numbers(embedding.Coordinates.Row(r).ToArray())}");
        if (projected is not null)
        {
            output.WriteLine($"new models ({projected.Rows}):");
            for (int r = 0; r < Math.Min(10, projected.Rows); r++) output.WriteLine($"  {r,5}: {Numbers(projected.Row(r).ToArray())}");
        }
        foreach (var file in written) output.WriteLine($"wrote {file}");
        return CliRunner.Ok;
    }

    private static ProbabilityTensor Load(string path, bool logProbs)
    {
        var array = Read(path, "probabilities");
        if (array.Shape.Length != 3) throw new InvalidDataException($"{path}: expected 3-D probabilities (models, samples, classes), found shape {Shape(array)}.");
        if (array.ElementCount > Array.MaxLength) throw new InvalidDataException($"{path}: {array.ElementCount} values are more than one array can hold.");
        int m = checked((int)array.Shape[0]), n = checked((int)array.Shape[1]), c = checked((int)array.Shape[2]);
        if (m < 1 || n < 1 || c < 1) throw new InvalidDataException($"{path}: empty axis in shape {Shape(array)}.");
        // float32 files stay float32 in memory (half the footprint); they are widened exactly when read.
        return array.ElementType == NpyElementType.Float32
            ? new ProbabilityTensor(array.ToArray<float>(), m, n, c, logProbs)
            : new ProbabilityTensor(array.ToArray<double>(), m, n, c, logProbs);
    }
}

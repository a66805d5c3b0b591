using System.CommandLine;
using SpectralCore.Analysis.Correlation;
using static SpectralCore.Cli.Commands.AnalysisCliSupport;

namespace SpectralCore.Cli.Commands;

/// <summary>`spectral correlation X.npy`: input-correlation eigenvalues and their decay rate (how "sloppy" a data set is).</summary>
internal static class CorrelationCommand
{
    internal static Command Create()
    {
        var data = new Argument<string>("X.npy") { Description = "Data, n samples × d features (arrays with more axes are flattened to n × (product of the rest))." };
        var center = new Option<bool>("--center") { Description = "Subtract feature means first (covariance)." };
        var first = new Option<int?>("--fit-first") { Description = "First fitted eigenvalue index k (1-based; default 1)." };
        var last = new Option<int?>("--fit-last") { Description = "Last fitted index (default: last numerically nonzero eigenvalue)." };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var command = new Command("correlation", "Eigenvalues of XᵀX/n (via the n×n Gram when n < d) and the fitted decay λ_k ∝ e^{−ck} (and a power law).")
        {
            data, center, first, last, json,
        };
        command.SetAction(parse => Run(Console.Out, parse.GetValue(data)!, parse.GetValue(center), parse.GetValue(first), parse.GetValue(last), parse.GetValue(json)));
        return command;
    }

    internal static int Run(TextWriter output, string path, bool center, int? first, int? last, bool json)
    {
        var array = Read(path, "X");
        if (array.Shape.Length < 2) throw new InvalidDataException($"{path}: X must have at least 2 axes (samples, features…), found shape {Shape(array)}.");
        long features = array.Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        if (array.Shape[0] > int.MaxValue || features > int.MaxValue) throw new InvalidDataException($"{path}: shape {Shape(array)} is too large.");
        var x = new Matrix<double>(array.ToArray<double>(), (int)array.Shape[0], (int)features);
        using var engine = SpectralEngine.Create();
        var spectrum = CorrelationSpectrum.Compute(engine, x, new CorrelationOptions { Center = center, FitFirst = first, FitLast = last });
        if (json)
        {
            WriteJson(output, new
            {
                samples = spectrum.Samples, features = spectrum.Features, method = spectrum.Method, used_gram = spectrum.UsedGram, centered = spectrum.Centered,
                numerical_rank = spectrum.NumericalRank, eigenvalues = spectrum.Eigenvalues,
                exponential = spectrum.Exponential, power_law = spectrum.PowerLaw, preferred = spectrum.Preferred?.Model,
            });
            return CliRunner.Ok;
        }
        output.WriteLine($"X: {spectrum.Samples} samples × {spectrum.Features} features{(spectrum.Centered ? " (centred)" : "")}");
        output.WriteLine($"method: {spectrum.Method}");
        output.WriteLine($"eigenvalues: {Numbers(spectrum.Eigenvalues, 12)}");
        output.WriteLine($"numerically nonzero: {spectrum.NumericalRank}");
        if (spectrum.Exponential is { } e)
            output.WriteLine($"exponential λ_k ∝ e^(−ck): c = {G(e.Rate)} ± {G(e.StandardError)} over k = {e.FirstIndex}…{e.LastIndex}, R² = {G(e.RSquared)}");
        if (spectrum.PowerLaw is { } p)
            output.WriteLine($"power law   λ_k ∝ k^(−s):  s = {G(p.Rate)} ± {G(p.StandardError)} over k = {p.FirstIndex}…{p.LastIndex}, R² = {G(p.RSquared)}");
        if (spectrum.Preferred is { } best) output.WriteLine($"better fit (R² in log space): {best.Model}");
        else output.WriteLine("fewer than two positive eigenvalues: no decay fit");
        return CliRunner.Ok;
    }
}

using System.CommandLine;
using SpectralCore.Analysis.Jacobian;
using SpectralCore.IO;
using static SpectralCore.Cli.Commands.AnalysisCliSupport;

namespace SpectralCore.Cli.Commands;

/// <summary>`spectral jacobian J.npy --labels y.npy --cutoff α`: information/nuisance split of the labels by J's spectrum (Oymak et al.).</summary>
internal static class JacobianCommand
{
    internal static Command Create()
    {
        var jacobian = new Argument<string>("J.npy") { Description = "Jacobian, 2-D (K·n × p), rows ordered (sample, class): row = sample·K + class." };
        var labels = new Option<string>("--labels") { Description = "Labels y.npy: 1-D (K·n) in the same row order, or 2-D (n, K) (then K is taken from it).", Required = true };
        var cutoff = new Option<double?>("--cutoff") { Description = "α: singular values ≥ α span the information space." };
        var rank = new Option<int?>("--rank") { Description = "Information rank r instead of a cutoff." };
        var classes = new Option<int?>("--classes") { Description = "K classes per sample (default 1, or the second dimension of a 2-D y)." };
        var eta = new Option<double?>("--eta") { Description = "Learning rate η (default: η'σ₁² = 1)." };
        var steps = new Option<int>("--steps") { Description = "Predict the residual up to this many gradient-descent steps (schedule 0, 1, 2, 5, 10, …, steps).", DefaultValueFactory = _ => 1000 };
        var loss = new Option<string>("--loss") { Description = "sum: ½‖Jw − y‖² (default); mean: 1/(2n)‖Jw − y‖² with n samples.", DefaultValueFactory = _ => "sum" };
        var topK = new Option<int?>("--top-k") { Description = "Only the top k singular triplets (randomized subspace iteration) instead of the full dense SVD." };
        var tolerance = new Option<double>("--tolerance") { Description = "Early stop when the information residual is this fraction of its start (default 0.05).", DefaultValueFactory = _ => 0.05 };
        var residualOut = new Option<string?>("--residual-out") { Description = "Write the predicted residual r_T (T = --steps) to this .npy file." };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var command = new Command("jacobian", "Jacobian information/nuisance analysis: singular values, r(α), label alignments, predicted gradient-descent residuals, early-stopping step.")
        {
            jacobian, labels, cutoff, rank, classes, eta, steps, loss, topK, tolerance, residualOut, json,
        };
        command.SetAction(parse => Run(Console.Out, parse.GetValue(jacobian)!, parse.GetValue(labels)!, parse.GetValue(cutoff), parse.GetValue(rank), parse.GetValue(classes),
            parse.GetValue(eta), parse.GetValue(steps), parse.GetValue(loss)!, parse.GetValue(topK), parse.GetValue(tolerance), parse.GetValue(residualOut), parse.GetValue(json)));
        return command;
    }

    internal static int Run(TextWriter output, string jacobianPath, string labelsPath, double? cutoff, int? rank, int? classes, double? eta, int steps,
        string loss, int? topK, double tolerance, string? residualOut, bool json)
    {
        if ((cutoff is null) == (rank is null)) throw new UsageException("give exactly one of --cutoff and --rank");
        if (steps < 0) throw new UsageException("--steps must be ≥ 0");
        var convention = loss switch
        {
            "sum" => LossConvention.HalfSumOfSquares,
            "mean" => LossConvention.HalfMeanOverSamples,
            _ => throw new UsageException($"--loss must be 'sum' or 'mean', not '{loss}'"),
        };
        var jArray = Read(jacobianPath, "J");
        if (jArray.Shape.Length != 2) throw new InvalidDataException($"{jacobianPath}: J must be 2-D (K·n × p), found shape {Shape(jArray)}.");
        var j = jArray.ToMatrix<double>(jacobianPath);
        var yArray = Read(labelsPath, "labels");
        int k = classes ?? 1;
        if (yArray.Shape.Length == 2)
        {
            int fromShape = checked((int)yArray.Shape[1]);
            if (classes is int given && given != fromShape)
                throw new UsageException($"--classes {given} disagrees with the labels' shape {Shape(yArray)}");
            k = fromShape;
        }
        else if (yArray.Shape.Length != 1)
        {
            throw new InvalidDataException($"{labelsPath}: labels must be 1-D (K·n) or 2-D (n, K), found shape {Shape(yArray)}.");
        }
        var y = yArray.ToArray<double>();
        if (y.Length != j.Rows)
            throw new InvalidDataException($"{labelsPath}: {y.Length} labels but J ({jacobianPath}) has {j.Rows} rows.");

        var options = new JacobianOptions
        {
            Cutoff = cutoff, InformationRank = rank, Classes = k, LearningRate = eta, Loss = convention, TopK = topK,
            Steps = JacobianOptions.DefaultSchedule(steps), MaxSteps = Math.Max(steps, 100_000), InformationTolerance = tolerance,
        };
        using var engine = SpectralEngine.Create();
        var result = JacobianAnalysis.Analyze(engine, j, y, options);
        var final = result.Dynamics.Residual(steps);
        if (residualOut is not null) NpyFile.Write<double>(residualOut, final, final.Length);

        if (json)
        {
            WriteJson(output, new
            {
                rows = result.Rows, parameters = result.Parameters, samples = result.Samples, classes = result.Classes,
                method = result.Method, backend = result.Basis.Backend.ToString().ToLowerInvariant(), complete = result.Basis.IsComplete,
                singular_values = result.SingularValues, cutoff = result.Cutoff, information_rank = result.InformationRank,
                information_rank_is_lower_bound = result.InformationRankIsLowerBound,
                information_alignment = result.InformationAlignment, nuisance_alignment = result.NuisanceAlignment,
                label_energy = result.LabelEnergy, outside_label_energy = result.OutsideLabelEnergy,
                loss = loss, eta = result.Dynamics.LearningRate, effective_eta = result.Dynamics.EffectiveLearningRate, stable = result.Dynamics.IsStable,
                trajectory = result.Trajectory.Select(p => new { step = p.Step, norm = p.Norm, information = p.InformationNorm, nuisance = p.NuisanceNorm, never_decaying = p.NeverDecayingNorm }),
                residual_final = final.Length <= 10_000 ? final : null,
                early_stop = new { step = result.EarlyStop.Step, reason = result.EarlyStop.Reason },
                warnings = result.Warnings,
            });
            return CliRunner.Ok;
        }
        output.WriteLine($"J: {result.Rows} × {result.Parameters}  (n = {result.Samples} samples × K = {result.Classes} classes, rows ordered (sample, class))");
        output.WriteLine($"method: {result.Method}");
        output.WriteLine($"singular values: {Numbers(result.SingularValues)}");
        output.WriteLine($"cutoff α = {G(result.Cutoff)} → information rank r = {result.InformationRank}{(result.InformationRankIsLowerBound ? " (lower bound)" : "")}");
        output.WriteLine($"‖Π_I y‖/‖y‖ = {G(result.InformationAlignment)}   ‖Π_N y‖/‖y‖ = {G(result.NuisanceAlignment)}");
        output.WriteLine($"label energy ⟨u_i, y⟩²: {Numbers(result.LabelEnergy)}; outside the singular directions: {G(result.OutsideLabelEnergy)}");
        output.WriteLine($"gradient descent from w = 0: η = {G(result.Dynamics.LearningRate)} on {(convention == LossConvention.HalfSumOfSquares ? "½‖Jw − y‖²" : "1/(2n)‖Jw − y‖²")} (η' = {G(result.Dynamics.EffectiveLearningRate)})");
        output.WriteLine($"{"step",10} {"‖r‖",14} {"‖Π_I r‖",14} {"‖Π_N r‖",14}");
        foreach (var p in result.Trajectory)
            output.WriteLine($"{p.Step,10} {G(p.Norm),14} {G(p.InformationNorm),14} {G(p.NuisanceNorm),14}");
        output.WriteLine($"never-decaying part ({(result.Basis.IsComplete ? "J's left null space" : "outside the computed top-k directions, treated as not decaying")}): {G(result.Dynamics.NeverDecayingNorm)}");
        output.WriteLine($"early stop: {(result.EarlyStop.Step is int s ? $"step {s}" : "none")} — {result.EarlyStop.Reason}");
        foreach (var warning in result.Warnings) output.WriteLine($"warning: {warning}");
        if (residualOut is not null) output.WriteLine($"wrote r_{steps} to {residualOut}");
        return CliRunner.Ok;
    }
}

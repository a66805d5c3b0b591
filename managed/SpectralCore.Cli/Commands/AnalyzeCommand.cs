using System.CommandLine;
using SpectralCore.Analysis.WeightSpectrum;
using SpectralCore.Cli.Analyze;

namespace SpectralCore.Cli.Commands;

/// <summary>
/// `spectral analyze [MODEL]`: the weight-spectrum (heavy-tailed self-regularization) analysis of every layer of a
/// model file or directory (safetensors, ONNX, TF.js, .npy/.npz), or of the built-in demo model when no path is
/// given. Prints a table (stdout; stderr when a report goes to stdout), writes --json/--csv reports and --plots.
/// </summary>
internal static class AnalyzeCommand
{
    internal static Command Create()
    {
        var model = new Argument<string?>("model")
        {
            Description = "Model file or directory (*.safetensors, model.safetensors.index.json, *.onnx, TF.js model.json or *weights_manifest.json, *.npz, *.npy). Omit it to analyze the built-in demo model.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var layers = new Option<string[]>("--layers")
        {
            Description = "Layers to analyze: ids (as listed), exact names or regular expressions, comma-separated or repeated; prefix '-' or '!' to exclude (write --layers=-3 so a leading '-' is not read as an option).",
            AllowMultipleArgumentsPerToken = true,
        };
        var minEvals = new Option<int>("--min-evals") { Description = "Skip layers with fewer eigenvalues than this (WeightWatcher's min_evals).", DefaultValueFactory = _ => WeightWatcherOptions.Default.MinEvals };
        var maxEvals = new Option<int>("--max-evals") { Description = "Skip layers with more eigenvalues than this (WeightWatcher's max_evals).", DefaultValueFactory = _ => WeightWatcherOptions.Default.MaxEvals };
        var mpFit = new Option<bool>("--mp-fit") { Description = "Also fit the Marchenko–Pastur law (sigma_mp, bulk edges, num_spikes, mp_softrank) and draw it in the plots." };
        var randomize = new Option<bool>("--randomize") { Description = "Compare every layer with its own entries shuffled (rand_distance, max_rand_eval, correlation traps); seeded by --seed." };
        var seed = new Option<int>("--seed") { Description = "Seed of --randomize (each layer derives its own).", DefaultValueFactory = _ => WeightWatcherOptions.Default.RandomSeed };
        var backend = new Option<string>("--backend") { Description = "auto, managed, lapack or cuda (default: auto, or SPECTRAL_BACKEND).", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "Threads in all (0 = every core): up to 3 layers run at once, each with its share.", DefaultValueFactory = _ => 0 };
        var esd = new Option<string>("--esd")
        {
            Description = "How eigenvalues are computed: bidiagonal (SVD of W, WeightWatcher's way; exact to ~ε·λmax) or gram (eigenvalues of WᵀW in float64: about 5× faster on large layers; eigenvalues below ~1e-12·λmax lose accuracy, so matrix_rank/weak_rank_loss may differ).",
            DefaultValueFactory = _ => "bidiagonal",
        };
        esd.AcceptOnlyFromAmong("bidiagonal", "gram");
        var json = new Option<string?>("--json") { Description = "Write the report as JSON to FILE, or '-' for stdout." };
        var csv = new Option<string?>("--csv") { Description = "Write one CSV row per layer (WeightWatcher column names) to FILE, or '-' for stdout." };
        var plots = new Option<string?>("--plots") { Description = "Write ESD plots (PNG and SVG) per layer and model_alpha.png/svg into DIR." };

        var command = new Command("analyze", "Analyze the weight spectra of a model's layers (power-law α, norms, MP fit, phase of training); with no MODEL, a built-in demo model.");
        command.Arguments.Add(model);
        foreach (var option in new Option[] { layers, minEvals, maxEvals, mpFit, randomize, seed, backend, threads, esd, json, csv, plots }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            int min = parse.GetValue(minEvals), max = parse.GetValue(maxEvals), threadCount = parse.GetValue(threads);
            if (min < 0) throw new UsageException($"--min-evals must be ≥ 0, got {min}");
            if (max <= min) throw new UsageException($"--max-evals ({max}) must be above --min-evals ({min})");
            if (threadCount < 0) throw new UsageException($"--threads must be ≥ 0, got {threadCount}");
            Backend chosen;
            try
            {
                chosen = BackendSelector.Parse(parse.GetValue(backend) ?? "auto", "--backend");
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            string? jsonPath = parse.GetValue(json), csvPath = parse.GetValue(csv);
            if (jsonPath == "-" && csvPath == "-") throw new UsageException("--json - and --csv - cannot both write to stdout");
            var settings = new AnalyzeSettings
            {
                ModelPath = parse.GetValue(model),
                Layers = LayerSelector.Parse(parse.GetValue(layers) ?? []),
                Analysis = WeightWatcherOptions.Default with
                {
                    MinEvals = min,
                    MaxEvals = max,
                    MarchenkoPasturFit = parse.GetValue(mpFit),
                    Randomize = parse.GetValue(randomize),
                    RandomSeed = parse.GetValue(seed),
                    ClassifyPhase = true,
                    EsdRoute = parse.GetValue(esd) == "gram" ? EsdRoute.Gram : EsdRoute.Bidiagonal,
                },
                Backend = chosen,
                Threads = threadCount,
                JsonPath = jsonPath,
                CsvPath = csvPath,
                PlotDirectory = parse.GetValue(plots),
            };
            return AnalyzeRunner.Run(settings);
        });
        return command;
    }
}

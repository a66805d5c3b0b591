using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using SpectralCore.IO;
using SpectralCore.Randomized;

namespace SpectralCore.Cli.Commands;

/// <summary>`spectral rsvd`: randomized truncated SVD of a 2-D .npy matrix (top-k values, optional factors).</summary>
internal static class RsvdCommand
{
    internal static Command Create()
    {
        var matrix = new Argument<FileInfo>("matrix") { Description = "A 2-D .npy file (float16/32/64 or integer)." };
        var k = new Option<int>("--k") { Description = "Number of singular triplets (1 ≤ k < min(m, n)).", Required = true };
        var oversample = new Option<int>("--oversample") { Description = "Extra sketch columns p (k + p ≤ min(m, n)).", DefaultValueFactory = _ => 10 };
        var powerIterations = new Option<int>("--power-iters") { Description = "Power (or Krylov) iterations q (2q + 2 passes over A).", DefaultValueFactory = _ => 2 };
        var seed = new Option<long>("--seed") { Description = "Seed of the Gaussian sketch (same seed → same bits).", DefaultValueFactory = _ => 0 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Directory to write s.npy, u.npy (m × k) and vt.npy (k × n) into." };
        var dtype = new Option<string>("--dtype") { Description = "float32 or float64 (default: float32 for float16/float32 files, else float64).", DefaultValueFactory = _ => "auto" };
        dtype.AcceptOnlyFromAmong("auto", "float32", "float64");
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores; results do not depend on it)." };
        var method = new Option<string>("--method") { Description = "subspace (HMT subspace iteration) or krylov (block Krylov, for slowly decaying spectra).", DefaultValueFactory = _ => "subspace" };
        method.AcceptOnlyFromAmong("subspace", "krylov");
        var valuesOnly = new Option<bool>("--values-only") { Description = "Skip U and Vᵀ." };
        var rangeFinder = new Option<string>("--range-finder")
        {
            Description = "Range-finder arithmetic for float64 input: auto (float32 copy for matrices of ≥ 2^20 entries, kept only when the error bound is ≥ 1e-3·σ₁, else redone in float64), float64, or float32 (always; basis accurate to ~1e-7·σ₁). The final pass and the error bound are float64 in every mode.",
            DefaultValueFactory = _ => "auto",
        };
        rangeFinder.AcceptOnlyFromAmong("auto", "float64", "float32");
        var repeat = new Option<int>("--repeat") { Description = "Run the computation this many times and report the fastest (for benchmarks).", DefaultValueFactory = _ => 1 };

        var command = new Command("rsvd", "Randomized truncated SVD (Halko–Martinsson–Tropp) of a .npy matrix with an a-posteriori error bound.")
        {
            matrix, k, oversample, powerIterations, seed, output, dtype, threads, method, valuesOnly, repeat, rangeFinder,
        };
        command.SetAction(parse => CommandGuard.Run(() => Run(Console.Out, new Request(
            parse.GetValue(matrix)!, parse.GetValue(k), parse.GetValue(oversample), parse.GetValue(powerIterations), parse.GetValue(seed),
            parse.GetValue(output), parse.GetValue(dtype)!, parse.GetValue(threads),
            parse.GetValue(method) == "krylov" ? RandomizedSvdMethod.BlockKrylov : RandomizedSvdMethod.SubspaceIteration, parse.GetValue(valuesOnly),
            parse.GetValue(repeat), parse.GetValue(rangeFinder) switch { "float64" => RangeFinderPrecision.Float64, "float32" => RangeFinderPrecision.Float32, _ => RangeFinderPrecision.Auto }))));
        return command;
    }

    internal sealed record Request(FileInfo Matrix, int K, int Oversample, int PowerIterations, long Seed, DirectoryInfo? Output,
        string DType, int? Threads, RandomizedSvdMethod Method, bool ValuesOnly, int Repeat = 1, RangeFinderPrecision RangeFinder = RangeFinderPrecision.Auto);

    internal static int Run(TextWriter console, Request request)
    {
        if (request.Threads is int t && t < 1) throw new UsageException($"--threads must be ≥ 1 (got {t}).");
        if (request.Repeat is < 1 or > 1000) throw new UsageException($"--repeat must be in 1..1000 (got {request.Repeat}).");
        if (!request.Matrix.Exists) throw new UsageException($"{request.Matrix.FullName}: no such file.");
        var array = NpyFile.Read(request.Matrix.FullName);
        if (array.Shape.Length != 2)
            throw new UsageException($"{request.Matrix.Name}: expected a 2-D array, found shape ({string.Join(", ", array.Shape)}).");
        bool single = request.DType == "float32" ||
                      (request.DType == "auto" && array.ElementType is NpyElementType.Float32 or NpyElementType.Float16);
        return single ? Run<float>(console, request, array) : Run<double>(console, request, array);
    }

    private static int Run<T>(TextWriter console, Request request, NpyArray array) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var matrix = array.ToMatrix<T>(request.Matrix.Name);
        using var engine = SpectralEngine.Use(Backend.Managed, new SpectralOptions { MaxDegreeOfParallelism = request.Threads });
        var options = new RandomizedSvdOptions
        {
            Oversample = request.Oversample, PowerIterations = request.PowerIterations, Seed = request.Seed,
            Method = request.Method, ComputeVectors = !request.ValuesOnly || request.Output is not null, RangeFinderPrecision = request.RangeFinder,
        };
        RandomizedSvdResult<T>? result = null;
        var times = new List<double>();
        for (int run = 0; run < request.Repeat; run++)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                result = engine.RandomizedSvd(matrix.View, request.K, options);
            }
            catch (ArgumentException e) when (e.ParamName is "k" or "oversample" or "powerIterations")
            {
                throw new UsageException(e.Message.Split('\n')[0]);
            }
            times.Add(clock.Elapsed.TotalSeconds);
        }
        if (result is null) throw new InvalidOperationException("No run was made.");
        var invariant = CultureInfo.InvariantCulture;
        console.WriteLine($"matrix: {request.Matrix.Name} ({matrix.Rows}×{matrix.Columns}, {(typeof(T) == typeof(float) ? "float32" : "float64")})");
        console.WriteLine($"algorithm: {result.Algorithm}");
        console.WriteLine($"threads: {engine.Options.EffectiveThreads}, seed: {request.Seed}");
        console.WriteLine(string.Create(invariant, $"time_compute_s: {times.Min():F4}"));
        if (times.Count > 1) console.WriteLine("times_s: " + string.Join(" ", times.Select(x => x.ToString("F4", invariant))));
        console.WriteLine(string.Create(invariant, $"error_bound: {result.ErrorEstimate:R} (‖A − UΣVᵀ‖₂, holds with probability ≥ 1 − {result.ErrorFailureProbability:G2})"));
        console.WriteLine("singular_values:");
        for (int i = 0; i < result.SingularValues.Length; i++)
            console.WriteLine(string.Create(invariant, $"  {i,4} {double.CreateTruncating(result.SingularValues[i]):R}"));
        if (request.Output is { } directory)
        {
            directory.Create();
            NpyFile.Write<T>(Path.Combine(directory.FullName, "s.npy"), result.SingularValues, result.SingularValues.Length);
            NpyFile.Write<T>(Path.Combine(directory.FullName, "u.npy"), result.U!.Data, result.U.Rows, result.U.Columns);
            NpyFile.Write<T>(Path.Combine(directory.FullName, "vt.npy"), result.Vt!.Data, result.Vt.Rows, result.Vt.Columns);
            console.WriteLine($"wrote: {Path.Combine(directory.FullName, "{s,u,vt}.npy")}");
        }
        return CliRunner.Ok;
    }
}

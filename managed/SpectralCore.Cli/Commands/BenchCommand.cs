using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;

namespace SpectralCore.Cli.Commands;

/// <summary>
/// `spectral bench`: times one operation on seeded Gaussian matrices (warm-up runs, then the median of the
/// timed repeats) and prints one line, e.g. for side-by-side comparisons with numpy
/// (bench/compare/kernels_vs_numpy.py parses the <c>median_s=</c> field).
/// </summary>
internal static class BenchCommand
{
    internal static readonly string[] Operations = ["eigvalsh", "eigh", "svdvals", "svdvals-gram", "svd", "batch-eigvalsh", "batch-eigh", "gemm"];

    internal static Command Create()
    {
        var shared = new SpectralComputeOptions();
        var operation = new Argument<string>("operation") { Description = string.Join(" | ", Operations) };
        var n = new Option<int>("--n") { Description = "columns (square size for eig/gemm, matrix size for batches)", DefaultValueFactory = _ => 512 };
        var m = new Option<int?>("--m") { Description = "rows for svd operations (default: --n)" };
        var batch = new Option<int>("--batch") { Description = "number of matrices for batch operations", DefaultValueFactory = _ => 1000 };
        var repeats = new Option<int>("--repeats") { Description = "timed runs (the median is reported)", DefaultValueFactory = _ => 5 };
        var warmup = new Option<int>("--warmup") { Description = "untimed runs first", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "seed of the generated matrices", DefaultValueFactory = _ => 42 };
        var command = new Command("bench", "Time an operation on generated matrices: median of repeats after warm-up, one line.");
        command.Arguments.Add(operation);
        foreach (var option in new Option[] { n, m, batch, repeats, warmup, seed }) command.Options.Add(option);
        shared.AddTo(command);
        command.SetAction(parse => CommandGuard.Run(() =>
        {
            string op = parse.GetValue(operation)!.Trim().ToLowerInvariant();
            if (!Operations.Contains(op)) throw new UsageException($"unknown operation '{op}'; use one of {string.Join(", ", Operations)}.");
            int size = parse.GetValue(n), rows = parse.GetValue(m) ?? size, count = parse.GetValue(batch);
            int reps = parse.GetValue(repeats), warm = parse.GetValue(warmup);
            if (size < 0 || rows < 0 || count < 0) throw new UsageException("--n, --m and --batch must be ≥ 0.");
            if (reps < 1 || warm < 0) throw new UsageException("--repeats must be ≥ 1 and --warmup ≥ 0.");
            bool single = shared.IsSingle(parse, false);
            using var engine = shared.CreateEngine(parse);
            var spec = new Spec(op, size, rows, count, reps, warm, parse.GetValue(seed));
            return single ? Run<float>(engine, spec, Console.Out) : Run<double>(engine, spec, Console.Out);
        }));
        return command;
    }

    internal readonly record struct Spec(string Operation, int N, int M, int Batch, int Repeats, int Warmup, int Seed);

    internal static int Run<T>(SpectralEngine engine, Spec spec, TextWriter console) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(spec.Seed);
        Action action;
        string shape;
        string algorithm = "";
        switch (spec.Operation)
        {
            case "eigvalsh":
            case "eigh":
            {
                var a = Symmetric<T>(random, spec.N);
                var options = spec.Operation == "eigh" ? EigenOptions.WithVectors : EigenOptions.ValuesOnly;
                action = () => algorithm = engine.EigenSymmetric(a, options).Algorithm;
                shape = $"n={spec.N}";
                break;
            }
            case "svdvals":
            case "svdvals-gram":
            case "svd":
            {
                var a = MatrixView<T>.RowMajor(Gaussian<T>(random, spec.M * spec.N), spec.M, spec.N);
                var options = spec.Operation switch
                {
                    "svd" => SvdOptions.WithVectors,
                    "svdvals-gram" => new SvdOptions { Method = SvdMethod.Gram },
                    _ => new SvdOptions { Method = SvdMethod.Bidiagonal },
                };
                action = () => algorithm = engine.Svd(a, options).Algorithm;
                shape = $"m={spec.M} n={spec.N}";
                break;
            }
            case "batch-eigvalsh":
            case "batch-eigh":
            {
                var list = new List<MatrixView<T>>(spec.Batch);
                for (int i = 0; i < spec.Batch; i++) list.Add(Symmetric<T>(random, spec.N));
                var options = spec.Operation == "batch-eigh" ? EigenOptions.WithVectors : EigenOptions.ValuesOnly;
                action = () =>
                {
                    var result = engine.EigenSymmetricBatch(list, options);
                    if (!result.AllSucceeded) throw new InvalidOperationException("a batch item failed");
                    algorithm = result.Count > 0 ? result[0].Algorithm : "";
                };
                shape = $"batch={spec.Batch} n={spec.N}";
                break;
            }
            default: // gemm
            {
                if (engine.Backend != Backend.Managed) throw new UsageException("gemm is benchmarked on the managed backend only (--backend managed).");
                var a = Gaussian<double>(random, spec.N * spec.N);
                var b = Gaussian<double>(random, spec.N * spec.N);
                var c = new double[spec.N * spec.N];
                int threads = engine.Options.EffectiveThreads;
                action = () => Kernels.Blas.Gemm.Multiply(a, b, c, spec.N, spec.N, spec.N, threads);
                algorithm = "packed, cache-blocked SIMD GEMM (float64)";
                shape = $"n={spec.N}";
                break;
            }
        }
        for (int i = 0; i < spec.Warmup; i++) action();
        var times = new double[spec.Repeats];
        for (int i = 0; i < spec.Repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        double median = times.Length % 2 == 1 ? times[times.Length / 2] : 0.5 * (times[times.Length / 2 - 1] + times[times.Length / 2]);
        string F(double x) => x.ToString("0.000000", CultureInfo.InvariantCulture);
        console.WriteLine($"bench {spec.Operation} {shape} dtype={(typeof(T) == typeof(float) ? "float32" : "float64")} backend={engine.Backend.ToString().ToLowerInvariant()} threads={engine.Options.EffectiveThreads} " +
                          $"median_s={F(median)} min_s={F(times[0])} max_s={F(times[^1])} repeats={spec.Repeats} warmup={spec.Warmup} algorithm=\"{algorithm}\"");
        return CliRunner.Ok;
    }

    private static T[] Gaussian<T>(Random random, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new T[count];
        for (int i = 0; i < count; i += 2)
        {
            double u = 1.0 - random.NextDouble(), v = random.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u));
            x[i] = T.CreateTruncating(r * Math.Cos(2 * Math.PI * v));
            if (i + 1 < count) x[i + 1] = T.CreateTruncating(r * Math.Sin(2 * Math.PI * v));
        }
        return x;
    }

    private static MatrixView<T> Symmetric<T>(Random random, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = Gaussian<T>(random, n * n);
        var half = T.CreateTruncating(0.5);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                g[i * n + j] = g[j * n + i] = half * (g[i * n + j] + g[j * n + i]);
        return MatrixView<T>.RowMajor(g, n, n);
    }
}

using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using SpectralCore.Analysis.InPca;

namespace SpectralCore.Benchmarks.InPca;

/// <summary>
/// InPCA at scale: M models × N samples × C classes (float32 softmax probabilities of random logits, drifting with
/// the model index like a training run): all-pairs Bhattacharyya distances, then the top-50 largest-|λ| eigenpairs
/// of W = −½ P D P. One cold iteration per case (a single run is minutes on 2 cores); peak working set is printed
/// at cleanup. Sizes: BENCH_INPCA_SIZES="M,N,C;M,N,C" (default the 2000,10000,10).
/// Run: dotnet run -c Release --project bench/SpectralCore.Benchmarks -- --filter '*InPcaBenchmarks*'
/// </summary>
[Config(typeof(ColdSingleShotConfig))]
public class InPcaBenchmarks
{
    private ProbabilityTensor _models = null!;
    private SpectralEngine _engine = null!;
    private Matrix<double> _distances = null!;

    /// <summary>"M,N,C".</summary>
    [ParamsSource(nameof(Sizes))]
    public string Size { get; set; } = "2000,10000,10";

    public static IEnumerable<string> Sizes() =>
        (Environment.GetEnvironmentVariable("BENCH_INPCA_SIZES") ?? "2000,10000,10").Split(';', StringSplitOptions.RemoveEmptyEntries);

    [GlobalSetup]
    public void Setup()
    {
        var parts = Size.Split(',').Select(int.Parse).ToArray();
        int m = parts[0], n = parts[1], c = parts[2];
        _models = new ProbabilityTensor(Synthetic(m, n, c), m, n, c);
        _engine = SpectralEngine.Create();
        _distances = BhattacharyyaDistances.Compute(new ProbabilityTensor(Synthetic(8, n, c), 8, n, c)).Distances; // JIT warm-up
    }

    [Benchmark(Description = "distances + top-50 eigenpairs")]
    public double DistancesAndTop50()
    {
        var timer = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        _distances = BhattacharyyaDistances.Compute(_models).Distances;
        double distanceSeconds = timer.Elapsed.TotalSeconds;
        double distanceCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        double fma = (double)_models.Models * (_models.Models + 1) / 2 * _models.Samples * _models.Classes;
        Console.WriteLine($"// InPCA {Size}: distances {distanceSeconds:F2} s wall, {distanceCpu:F2} s CPU, {fma / distanceCpu / 1e9:F2} G pair-sample-class terms per CPU-second");
        var embedding = InPcaEmbedding.FromDistances(_engine, _distances, 50);
        Console.WriteLine($"// InPCA {Size}: distances {distanceSeconds:F2} s, eigen {timer.Elapsed.TotalSeconds - distanceSeconds:F2} s ({embedding.Spectrum.Method}); stress(50) = {embedding.ExplainedStress[^1]:F4}");
        return embedding.Eigenvalues[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// InPCA {Size}: peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB (input tensor {(long)_models.Models * _models.Samples * _models.Classes * 4 / (1024.0 * 1024):F0} MiB float32)");
        _engine.Dispose();
    }

    /// <summary>Softmax of logits z_t = t·a + b + noise per model t, in float32 (seeded, parallel by model).</summary>
    internal static float[] Synthetic(int m, int n, int c)
    {
        var data = new float[(long)m * n * c];
        var baseRandom = new Random(1);
        var a = new float[n * c];
        var b = new float[n * c];
        for (int i = 0; i < a.Length; i++) { a[i] = (float)(3 * (baseRandom.NextDouble() - 0.5)); b[i] = (float)(baseRandom.NextDouble() - 0.5); }
        Parallel.For(0, m, model =>
        {
            var random = new Random(1000 + model);
            double t = m == 1 ? 0 : (double)model / (m - 1);
            var logits = new double[c];
            for (int s = 0; s < n; s++)
            {
                double max = double.NegativeInfinity;
                for (int k = 0; k < c; k++) { logits[k] = t * a[s * c + k] + b[s * c + k] + 0.3 * (random.NextDouble() - 0.5); max = Math.Max(max, logits[k]); }
                double sum = 0;
                for (int k = 0; k < c; k++) { logits[k] = Math.Exp(logits[k] - max); sum += logits[k]; }
                long offset = ((long)model * n + s) * c;
                for (int k = 0; k < c; k++) data[offset + k] = (float)(logits[k] / sum);
            }
        });
        return data;
    }
}

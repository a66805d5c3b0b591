using SpectralCore.Analysis.WeightSpectrum;

namespace SpectralCore.Cli.Analyze;

/// <summary>
/// The built-in demo model analysed when no path is given: seeded synthetic layers, each built so its spectrum
/// shows one phase of training (Martin &amp; Mahoney's 5+1 phases), plus a bias vector that is skipped. All are
/// 500 × 250 (Q = 2) float64 matrices with entries of variance 1/500 unless noted, so the Marchenko–Pastur
/// bulk edge of pure noise is λ+ = (1 + √0.5)² ≈ 2.91.
/// </summary>
internal static class DemoModel
{
    private const int Rows = 500, Cols = 250;

    internal const string Path = "(built-in demo model)";

    internal static IReadOnlyList<LayerInput> Layers(int seed)
    {
        var layers = new (string Name, Func<Random, double[]> Make, int[] Shape)[]
        {
            ("demo.random_like.weight", Noise, [Rows, Cols]),
            ("demo.bleeding_out.weight", r => Spiked(r, [1.3, 1.35, 1.4]), [Rows, Cols]),
            ("demo.bulk_plus_spikes.weight", r => Spiked(r, [3, 4, 5]), [Rows, Cols]),
            ("demo.bulk_decay.weight", BulkDecay, [Rows, Cols]),
            ("demo.heavy_tailed.weight", HeavyTailed, [Rows, Cols]),
            ("demo.rank_collapse.weight", RankCollapse, [Rows, Cols]),
            ("demo.output.bias", r => Gaussian(r, Cols, 0.1), [Cols]),
        };
        var result = new List<LayerInput>();
        for (int i = 0; i < layers.Length; i++)
        {
            var (name, make, shape) = layers[i];
            int layerSeed = unchecked(seed * 7919 + i);
            result.Add(new LayerInput(i + 1, name, shape.Select(d => (long)d).ToArray(), "float64 (synthetic)", null,
                () => WeightTensor.FromDouble(name, shape, make(new Random(layerSeed)))));
        }
        return result;
    }

    /// <summary>Random-like: i.i.d. Gaussian entries, variance 1/N — the ESD is the MP law with nothing past λ+.</summary>
    private static double[] Noise(Random r) => Gaussian(r, Rows * Cols, 1 / Math.Sqrt(Rows));

    /// <summary>
    /// Noise plus rank-one signals θ·u·vᵀ (unit u, v). Above θ = y^¼ ≈ 0.84 each pops an eigenvalue out at
    /// (θ²+1)(θ²+y)/θ²: θ ≈ 1.3–1.4 lands just past the edge (~1.2 λ+, Bleeding-out); θ = 3–5 lands far past it
    /// (≥ 3.6 λ+, Bulk+Spikes).
    /// </summary>
    private static double[] Spiked(Random r, double[] strengths)
    {
        var w = Noise(r);
        foreach (double theta in strengths)
        {
            var u = Unit(r, Rows);
            var v = Unit(r, Cols);
            for (int i = 0; i < Rows; i++)
                for (int j = 0; j < Cols; j++) w[i * Cols + j] += theta * u[i] * v[j];
        }
        return w;
    }

    /// <summary>
    /// Bulk-decay: noise whose columns are scaled by log-normal factors (σ = 0.45) — the bulk spreads past the MP
    /// edge in a broad, short tail (no single heavy outlier).
    /// </summary>
    private static double[] BulkDecay(Random r)
    {
        var w = Noise(r);
        var scale = Enumerable.Range(0, Cols).Select(_ => Math.Exp(0.45 * Normal(r))).ToArray();
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Cols; j++) w[i * Cols + j] *= scale[j];
        return w;
    }

    /// <summary>Heavy-tailed: Pareto-tailed entries (tail index μ = 1.5, random signs) — a power-law ESD tail far past λ+.</summary>
    private static double[] HeavyTailed(Random r)
    {
        var w = new double[Rows * Cols];
        for (int k = 0; k < w.Length; k++)
            w[k] = (r.Next(2) == 0 ? -1 : 1) * Math.Pow(1 - r.NextDouble(), -1 / 1.5) / Math.Sqrt(Rows);
        return w;
    }

    /// <summary>Rank-collapse: a product A·B of rank 20 — 230 of the 250 eigenvalues are zero.</summary>
    private static double[] RankCollapse(Random r)
    {
        const int rank = 20;
        var a = Gaussian(r, Rows * rank, 1 / Math.Sqrt(Rows));
        var b = Gaussian(r, rank * Cols, 1 / Math.Sqrt(rank));
        var w = new double[Rows * Cols];
        for (int i = 0; i < Rows; i++)
            for (int k = 0; k < rank; k++)
            {
                double aik = a[i * rank + k];
                for (int j = 0; j < Cols; j++) w[i * Cols + j] += aik * b[k * Cols + j];
            }
        return w;
    }

    private static double[] Gaussian(Random r, int count, double scale)
    {
        var x = new double[count];
        for (int i = 0; i < count; i++) x[i] = scale * Normal(r);
        return x;
    }

    private static double[] Unit(Random r, int n)
    {
        var x = Gaussian(r, n, 1);
        double norm = Math.Sqrt(x.Sum(v => v * v));
        for (int i = 0; i < n; i++) x[i] /= norm;
        return x;
    }

    /// <summary>Box–Muller standard normal (deterministic for a seeded <see cref="Random"/>).</summary>
    private static double Normal(Random r)
    {
        double u1 = 1 - r.NextDouble(), u2 = r.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

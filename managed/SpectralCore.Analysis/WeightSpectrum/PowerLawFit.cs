namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>
/// WeightWatcher's power-law fit (its default "WWFit"), reimplemented: sort the values, take every value but
/// the largest as an xmin candidate, α(xmin) = 1 + n / Σ ln(x/xmin) over the n values ≥ xmin,
/// D(xmin) = max_k |1 − (x_k/xmin)^(1−α) − k/n| (D = 1 when α ≤ 1), σ = (α − 1)/√n, and choose the first
/// candidate with the minimum D. Float64 throughout; Σ ln x uses compensated (Neumaier) suffix sums.
/// Work: O(n) for all α, then D — O(n²) in <see cref="PowerLawScanMode.Exhaustive"/>, far less in the
/// exact <see cref="PowerLawScanMode.Pruned"/> default.
/// </summary>
public static class PowerLawFit
{
    // Lower bounds sample every LowerBoundStride-th term; the pruning margin absorbs a last-bit difference
    // between the scalar exp of the bound and the SIMD exp of the exact kernel.
    private const int LowerBoundStride = 64;
    private const int RefineStride = 8;
    private const double PruneRelativeMargin = 1e-12;
    private const double PruneAbsoluteMargin = 1e-14;

    /// <summary>Fits a power law to positive finite <paramref name="values"/> (any order).</summary>
    /// <exception cref="ArgumentException">A value is not finite or not positive.</exception>
    public static PowerLawFitResult Fit(ReadOnlySpan<double> values, PowerLawFitOptions? options = null)
    {
        options ??= PowerLawFitOptions.Default;
        options.Validate();
        var data = new List<double>(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v) || v <= 0)
                throw new ArgumentException($"values[{i}] = {v}: a power-law fit needs finite positive values (drop zeros first).", nameof(values));
            if (options.Xmax is double xmax && v > xmax) continue;
            data.Add(v);
        }
        var x = data.ToArray();
        Array.Sort(x);
        return FitSorted(x, options);
    }

    /// <summary>The fit on already sorted, validated, positive values.</summary>
    internal static PowerLawFitResult FitSorted(double[] x, PowerLawFitOptions options)
    {
        int n = x.Length;
        if (n < Math.Max(2, options.MinTailSize))
            return PowerLawFitResult.Fail($"{n} value(s) to fit; at least {Math.Max(2, options.MinTailSize)} are needed.", n);

        var logs = new double[n];
        for (int i = 0; i < n; i++) logs[i] = Math.Log(x[i]);
        var alphas = TailAlphas(logs);

        var candidates = new List<int>(n);
        for (int i = 0; i <= n - 2; i++)
        {
            if (n - i < options.MinTailSize) break;
            if (options.XminLower is double lo && x[i] < lo) continue;
            if (options.XminUpper is double hi && x[i] > hi) continue;
            candidates.Add(i);
        }
        if (candidates.Count == 0)
            return PowerLawFitResult.Fail("No xmin candidate lies in the requested range with the minimum tail size.", n);

        int threads = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        var (best, bestD, evaluated) = options.ScanMode == PowerLawScanMode.Exhaustive
            ? ScanExhaustive(logs, alphas, candidates, threads)
            : ScanPruned(logs, alphas, candidates, threads);

        double alpha = alphas[best];
        int tail = n - best;
        var result = new PowerLawFitResult
        {
            Status = FitStatus.Success,
            Alpha = alpha,
            Xmin = x[best],
            Xmax = x[n - 1],
            D = bestD,
            Sigma = (alpha - 1) / Math.Sqrt(tail),
            TailSize = tail,
            DataSize = n,
            CandidateCount = candidates.Count,
            FullEvaluations = evaluated,
        };
        if (options.FitTruncatedPowerLaw)
            result = result with { TruncatedPowerLaw = TruncatedPowerLaw.Fit(x.AsSpan(best), alpha) };
        return result;
    }

    /// <summary>α_i = 1 + n_i / Σ_{j≥i} (ln x_j − ln x_i); +∞ when the tail sum is not positive (equal values).</summary>
    internal static double[] TailAlphas(double[] logs)
    {
        int n = logs.Length;
        var alphas = new double[n];
        double sum = 0, compensation = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            double v = logs[i];
            double t = sum + v;
            compensation += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
            double count = n - i;
            double tailSum = (sum + compensation) - count * v;
            alphas[i] = tailSum > 0 ? 1 + count / tailSum : double.PositiveInfinity;
        }
        return alphas;
    }

    private static (int Best, double D, int Evaluated) ScanExhaustive(double[] logs, double[] alphas, List<int> candidates, int threads)
    {
        var ds = new double[candidates.Count];
        Parallel.For(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        {
            int i = candidates[c];
            ds[c] = KsDistanceKernel.Distance(logs.AsSpan(i), alphas[i], double.PositiveInfinity);
        });
        int best = 0;
        for (int c = 1; c < ds.Length; c++)
            if (ds[c] < ds[best]) best = c;
        return (candidates[best], ds[best], candidates.Count);
    }

    private static (int Best, double D, int Evaluated) ScanPruned(double[] logs, double[] alphas, List<int> candidates, int threads)
    {
        int count = candidates.Count;
        var bounds = new double[count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, count, parallel, c => bounds[c] = LowerBound(logs, alphas, candidates[c]));

        var order = new int[count];
        for (int c = 0; c < count; c++) order[c] = c;
        Array.Sort((double[])bounds.Clone(), order);

        double bestD = double.PositiveInfinity;
        int bestIndex = int.MaxValue;
        int evaluated = 0;
        var gate = new object();
        int wave = Math.Max(1, threads) * 4;
        for (int start = 0; start < count; start += wave)
        {
            double limit = bestD;
            if (bounds[order[start]] > limit * (1 + PruneRelativeMargin) + PruneAbsoluteMargin) break;
            int end = Math.Min(count, start + wave);
            Parallel.For(start, end, parallel, o =>
            {
                int c = order[o];
                double current;
                lock (gate) current = bestD;
                if (bounds[c] > current * (1 + PruneRelativeMargin) + PruneAbsoluteMargin) return;
                int i = candidates[c];
                // A finer strided pass rejects most remaining candidates after a few terms.
                if (StridedExceeds(logs, alphas, i, RefineStride, current * (1 + PruneRelativeMargin) + PruneAbsoluteMargin)) return;
                double d = KsDistanceKernel.Distance(logs.AsSpan(i), alphas[i], current);
                lock (gate)
                {
                    evaluated++;
                    if (d < bestD || (d == bestD && i < bestIndex))
                    {
                        bestD = d;
                        bestIndex = i;
                    }
                }
            });
        }
        return (bestIndex, bestD, evaluated);
    }

    /// <summary>True as soon as a KS term at k = 0, s, 2s, … exceeds <paramref name="limit"/> (so D_i does).</summary>
    private static bool StridedExceeds(double[] logs, double[] alphas, int i, int stride, double limit)
    {
        double alpha = alphas[i];
        if (!(alpha > 1) || double.IsPositiveInfinity(alpha)) return false;
        int n = logs.Length - i;
        double c = 1 - alpha, logMin = logs[i], dn = n;
        for (int k = 0; k < n; k += stride)
            if (KsDistanceKernel.Term(logs[i + k], k, c, logMin, dn) > limit) return true;
        return false;
    }

    /// <summary>max of the KS terms at k = 0, s, 2s, … and the last k: a lower bound on D_i.</summary>
    private static double LowerBound(double[] logs, double[] alphas, int i)
    {
        double alpha = alphas[i];
        if (!(alpha > 1) || double.IsPositiveInfinity(alpha)) return 0; // such candidates are always evaluated
        int n = logs.Length - i;
        double c = 1 - alpha, logMin = logs[i], dn = n, max = 0;
        for (int k = 0; k < n; k += LowerBoundStride)
            max = Math.Max(max, KsDistanceKernel.Term(logs[i + k], k, c, logMin, dn));
        max = Math.Max(max, KsDistanceKernel.Term(logs[i + n - 1], n - 1, c, logMin, dn));
        return max;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpectralCore.Analysis.InPca;

/// <summary>
/// Bhattacharyya distances between models' predictive distributions (Mao et al., InPCA):
/// d_B(P, Q) = scale · (−1/N) Σ_i ln max(Σ_c √(p_ic q_ic), floor).
/// </summary>
/// <remarks>
/// The work is chunked over samples: a chunk of √p values (samples × classes × models, float64) and the
/// M × M accumulator are the only large buffers, so memory stays O(M² + chunk). Per chunk the pairs are tiled
/// (8 models × 256 models) and each tile runs a SIMD kernel (Vector512 → 256 → 128 → scalar). To keep the
/// logarithm off the hot path, the clipped coefficients of up to 32 consecutive samples are multiplied and one
/// log is taken per group; the group length is chosen so the product can neither underflow (floor^g ≥ 1e-250)
/// nor overflow (max row sum^g ≤ 1e250), so the result equals the sum of logs to within g rounding errors.
/// Every tile is computed by one thread in a fixed order and chunks are summed in order, so the result is
/// bitwise identical for any thread count.
/// </remarks>
public static class BhattacharyyaDistances
{
    private const int TileRows = 8;
    private const int TileColumns = 256;
    private const int MaxGroup = 32;
    private const double NormalizationTolerance = 1e-6;

    /// <summary>All-pairs distances between the M models of <paramref name="models"/> (M × M, symmetric).</summary>
    public static BhattacharyyaResult Compute(ProbabilityTensor models, BhattacharyyaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        return Run(models, models, symmetric: true, options ?? BhattacharyyaOptions.Default);
    }

    /// <summary>
    /// Cross distances between each model of <paramref name="rows"/> and each of <paramref name="columns"/>
    /// (rows.Models × columns.Models). Both must have the same samples and classes.
    /// </summary>
    public static BhattacharyyaResult Compute(ProbabilityTensor rows, ProbabilityTensor columns, BhattacharyyaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        if (rows.Samples != columns.Samples || rows.Classes != columns.Classes)
            throw new ArgumentException($"The two tensors must share samples and classes: ({rows.Samples}, {rows.Classes}) vs ({columns.Samples}, {columns.Classes}).", nameof(columns));
        return Run(rows, columns, symmetric: ReferenceEquals(rows, columns), options ?? BhattacharyyaOptions.Default);
    }

    /// <summary>
    /// The distance between two single models given as samples × classes arrays (row-major), a convenience for
    /// small cases; probabilities unless <paramref name="logProbabilities"/>.
    /// </summary>
    public static double Distance(ReadOnlySpan<double> p, ReadOnlySpan<double> q, int samples, int classes, bool logProbabilities = false, BhattacharyyaOptions? options = null)
    {
        if ((long)samples * classes != p.Length) throw new ArgumentException($"p holds {p.Length} values, not {samples}×{classes}.", nameof(p));
        if (p.Length != q.Length) throw new ArgumentException($"q holds {q.Length} values, p holds {p.Length}.", nameof(q));
        var both = new double[2 * p.Length];
        p.CopyTo(both);
        q.CopyTo(both.AsSpan(p.Length));
        var tensor = new ProbabilityTensor(both, 2, samples, classes, logProbabilities);
        return Compute(tensor, options).Distances[0, 1];
    }

    private static BhattacharyyaResult Run(ProbabilityTensor a, ProbabilityTensor b, bool symmetric, BhattacharyyaOptions options)
    {
        options.Validate();
        int ma = a.Models, mb = b.Models, n = a.Samples, c = a.Classes;
        long perSample = (long)c * (symmetric ? ma : ma + mb) * sizeof(double);
        int chunk = (int)Math.Clamp(options.ChunkBytes / perSample, 1, n);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 };

        var logSum = new double[checked(ma * mb)];
        var rootsA = new double[checked((long)chunk * c * ma)];
        var rootsB = symmetric ? rootsA : new double[checked((long)chunk * c * mb)];
        var statsA = new NormalizationStats();
        var statsB = symmetric ? statsA : new NormalizationStats();

        var tiles = BuildTiles(ma, mb, symmetric);
        for (int start = 0; start < n; start += chunk)
        {
            int count = Math.Min(chunk, n - start);
            double maxSumA = FillRoots(a, start, count, rootsA, statsA, parallel, "probabilities");
            double maxSumB = symmetric ? maxSumA : FillRoots(b, start, count, rootsB, statsB, parallel, "columns");
            int group = GroupLength(Math.Max(maxSumA, maxSumB), options.CoefficientFloor);
            var work = new ChunkWork(rootsA, rootsB, ma, mb, c, count, group, options.CoefficientFloor, logSum);
            Parallel.For(0, tiles.Length, parallel, () => new TileScratch(c), (t, _, scratch) =>
            {
                work.RunTile(tiles[t].Row, tiles[t].Column, scratch);
                return scratch;
            }, _ => { });
        }

        double factor = -options.Scale / n;
        var distances = new Matrix<double>(ma, mb);
        var d = distances.Data;
        for (int i = 0; i < ma; i++)
        {
            for (int j = 0; j < mb; j++)
            {
                // Symmetric case: only tiles touching the upper triangle ran; mirror it.
                double s = symmetric && j < i ? logSum[j * mb + i] : logSum[i * mb + j];
                d[i * mb + j] = factor * s;
            }
        }
        long unnormalized = statsA.Unnormalized + (symmetric ? 0 : statsB.Unnormalized);
        double maxError = Math.Max(statsA.MaxError, statsB.MaxError);
        return new BhattacharyyaResult(distances, unnormalized, maxError, chunk);
    }

    private static (int Row, int Column)[] BuildTiles(int ma, int mb, bool symmetric)
    {
        var tiles = new List<(int, int)>();
        for (int row = 0; row < ma; row += TileRows)
            for (int column = 0; column < mb; column += TileColumns)
                if (!symmetric || column + TileColumns > row) tiles.Add((row, column));
        return [.. tiles];
    }

    /// <summary>Longest product of clipped coefficients that can neither underflow nor overflow.</summary>
    internal static int GroupLength(double maxRowSum, double floor)
    {
        double low = -Math.Log10(floor);                 // each factor ≥ floor
        double high = Math.Log10(Math.Max(maxRowSum, 1.0)); // each factor ≤ √(s_p s_q) ≤ max row sum
        double worst = Math.Max(low, high);
        if (worst <= 0) return MaxGroup;
        return (int)Math.Clamp(Math.Floor(250.0 / worst), 1, MaxGroup);
    }

    private sealed class NormalizationStats
    {
        private long _unnormalized;
        private double _maxError;
        private readonly Lock _gate = new();

        public long Unnormalized => _unnormalized;
        public double MaxError => _maxError;

        public void Add(long unnormalized, double maxError)
        {
            lock (_gate)
            {
                _unnormalized += unnormalized;
                if (maxError > _maxError) _maxError = maxError;
            }
        }
    }

    /// <summary>Writes √p for the chunk as roots[(sample·C + class)·M + model]; validates the values; returns the largest row sum.</summary>
    private static double FillRoots(ProbabilityTensor tensor, int start, int count, double[] roots, NormalizationStats stats, ParallelOptions parallel, string argument)
    {
        int m = tensor.Models, c = tensor.Classes;
        bool log = tensor.IsLogProbabilities;
        double maxSum = 0;
        var gate = new Lock();
        try
        {
            FillRootsParallel();
        }
        catch (AggregateException e) when (e.InnerException is ArgumentException inner)
        {
            // Surface the (first) validation error itself, not the parallel wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
        }
        return maxSum;

        void FillRootsParallel() => Parallel.For(0, m, parallel, () => (Row: new double[c], Unnormalized: 0L, MaxError: 0.0, MaxSum: 0.0), (model, _, local) =>
        {
            for (int i = 0; i < count; i++)
            {
                tensor.CopyRow(model, start + i, local.Row);
                double sum = 0;
                for (int k = 0; k < c; k++)
                {
                    double v = local.Row[k];
                    double p;
                    if (log)
                    {
                        if (double.IsNaN(v) || double.IsPositiveInfinity(v))
                            throw new ArgumentException($"Log-probability is {v} at model {model}, sample {start + i}, class {k}.", argument);
                        p = Math.Exp(v);
                        roots[((long)i * c + k) * m + model] = Math.Exp(0.5 * v);
                    }
                    else
                    {
                        if (!double.IsFinite(v) || v < 0)
                            throw new ArgumentException($"Probability is {v} at model {model}, sample {start + i}, class {k}; probabilities must be finite and ≥ 0.", argument);
                        p = v;
                        roots[((long)i * c + k) * m + model] = Math.Sqrt(v);
                    }
                    sum += p;
                }
                if (!double.IsFinite(sum))
                    throw new ArgumentException($"The probabilities of model {model}, sample {start + i} sum to {sum}.", argument);
                double error = Math.Abs(sum - 1);
                if (error > NormalizationTolerance) local.Unnormalized++;
                if (error > local.MaxError) local.MaxError = error;
                if (sum > local.MaxSum) local.MaxSum = sum;
            }
            return local;
        }, local =>
        {
            stats.Add(local.Unnormalized, local.MaxError);
            lock (gate) if (local.MaxSum > maxSum) maxSum = local.MaxSum;
        });
    }

    /// <summary>Per-thread scratch: the tile's running products and the packed √p of its rows for one sample.</summary>
    private sealed class TileScratch(int classes)
    {
        public readonly double[] Product = new double[TileRows * TileColumns];
        public readonly double[] RowRoots = new double[classes * TileRows];
    }

    /// <summary>One chunk's kernel over a (8-row × 256-column) tile.</summary>
    private sealed class ChunkWork(double[] rootsA, double[] rootsB, int ma, int mb, int classes, int samples, int group, double floor, double[] logSum)
    {
        public void RunTile(int row0, int column0, TileScratch scratch)
        {
            int rows = Math.Min(TileRows, ma - row0);
            int width = Math.Min(TileColumns, mb - column0);
            var product = scratch.Product;
            for (int first = 0; first < samples; first += group)
            {
                int last = Math.Min(samples, first + group);
                product.AsSpan().Fill(1.0);
                for (int i = first; i < last; i++)
                {
                    PackRows(i, row0, rows, scratch.RowRoots);
                    AccumulateSample(i, column0, width, scratch);
                }
                for (int r = 0; r < rows; r++)
                {
                    int target = (row0 + r) * mb + column0;
                    int source = r * TileColumns;
                    for (int j = 0; j < width; j++) logSum[target + j] += Math.Log(product[source + j]);
                }
            }
        }

        /// <summary>RowRoots[k·8 + r] = √p of tile row r, class k (rows past the end repeat the last; never stored).</summary>
        private void PackRows(int sample, int row0, int rows, double[] packed)
        {
            long baseA = (long)sample * classes * ma;
            for (int k = 0; k < classes; k++)
            {
                long offset = baseA + (long)k * ma + row0;
                for (int r = 0; r < TileRows; r++) packed[k * TileRows + r] = rootsA[offset + Math.Min(r, rows - 1)];
            }
        }

        private void AccumulateSample(int sample, int column0, int width, TileScratch scratch)
        {
            int j = 0;
            ref double p = ref scratch.Product[0];
            ref double a = ref scratch.RowRoots[0];
            ref double b = ref rootsB[(long)sample * classes * mb + column0];
            if (Vector512.IsHardwareAccelerated)
            {
                var lower = Vector512.Create(floor);
                for (; j + Vector512<double>.Count <= width; j += Vector512<double>.Count)
                {
                    Vector512<double> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
                    for (int k = 0; k < classes; k++)
                    {
                        var v = Vector512.LoadUnsafe(ref b, (nuint)((long)k * mb + j));
                        ref double ak = ref Unsafe.Add(ref a, k * TileRows);
                        s0 = Vector512.FusedMultiplyAdd(Vector512.Create(ak), v, s0);
                        s1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ak, 1)), v, s1);
                        s2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ak, 2)), v, s2);
                        s3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ak, 3)), v, s3);
                        s4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ak, 4)), v, s4);
                        s5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ak, 5)), v, s5);
                        s6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ak, 6)), v, s6);
                        s7 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ak, 7)), v, s7);
                    }
                    Scale512(ref p, j, s0, lower);
                    Scale512(ref p, TileColumns + j, s1, lower);
                    Scale512(ref p, 2 * TileColumns + j, s2, lower);
                    Scale512(ref p, 3 * TileColumns + j, s3, lower);
                    Scale512(ref p, 4 * TileColumns + j, s4, lower);
                    Scale512(ref p, 5 * TileColumns + j, s5, lower);
                    Scale512(ref p, 6 * TileColumns + j, s6, lower);
                    Scale512(ref p, 7 * TileColumns + j, s7, lower);
                }
            }
            if (Vector256.IsHardwareAccelerated)
            {
                var lower = Vector256.Create(floor);
                for (; j + Vector256<double>.Count <= width; j += Vector256<double>.Count)
                {
                    Vector256<double> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
                    for (int k = 0; k < classes; k++)
                    {
                        var v = Vector256.LoadUnsafe(ref b, (nuint)((long)k * mb + j));
                        ref double ak = ref Unsafe.Add(ref a, k * TileRows);
                        s0 = Vector256.FusedMultiplyAdd(Vector256.Create(ak), v, s0);
                        s1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref ak, 1)), v, s1);
                        s2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref ak, 2)), v, s2);
                        s3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref ak, 3)), v, s3);
                        s4 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref ak, 4)), v, s4);
                        s5 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref ak, 5)), v, s5);
                        s6 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref ak, 6)), v, s6);
                        s7 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref ak, 7)), v, s7);
                    }
                    Scale256(ref p, j, s0, lower);
                    Scale256(ref p, TileColumns + j, s1, lower);
                    Scale256(ref p, 2 * TileColumns + j, s2, lower);
                    Scale256(ref p, 3 * TileColumns + j, s3, lower);
                    Scale256(ref p, 4 * TileColumns + j, s4, lower);
                    Scale256(ref p, 5 * TileColumns + j, s5, lower);
                    Scale256(ref p, 6 * TileColumns + j, s6, lower);
                    Scale256(ref p, 7 * TileColumns + j, s7, lower);
                }
            }
            if (Vector128.IsHardwareAccelerated)
            {
                var lower = Vector128.Create(floor);
                for (; j + Vector128<double>.Count <= width; j += Vector128<double>.Count)
                {
                    for (int r = 0; r < TileRows; r++)
                    {
                        Vector128<double> sum = default;
                        for (int k = 0; k < classes; k++)
                            sum = Vector128.FusedMultiplyAdd(Vector128.Create(Unsafe.Add(ref a, k * TileRows + r)), Vector128.LoadUnsafe(ref b, (nuint)((long)k * mb + j)), sum);
                        Scale128(ref p, r * TileColumns + j, sum, lower);
                    }
                }
            }
            for (; j < width; j++)
            {
                for (int r = 0; r < TileRows; r++)
                {
                    double sum = 0;
                    for (int k = 0; k < classes; k++)
                        sum = Math.FusedMultiplyAdd(Unsafe.Add(ref a, k * TileRows + r), Unsafe.Add(ref b, (nint)((long)k * mb + j)), sum);
                    Unsafe.Add(ref p, r * TileColumns + j) *= Math.Max(sum, floor);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Scale512(ref double product, int j, Vector512<double> coefficient, Vector512<double> floor) =>
            (Vector512.LoadUnsafe(ref product, (nuint)j) * Vector512.Max(coefficient, floor)).StoreUnsafe(ref product, (nuint)j);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Scale256(ref double product, int j, Vector256<double> coefficient, Vector256<double> floor) =>
            (Vector256.LoadUnsafe(ref product, (nuint)j) * Vector256.Max(coefficient, floor)).StoreUnsafe(ref product, (nuint)j);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Scale128(ref double product, int j, Vector128<double> coefficient, Vector128<double> floor) =>
            (Vector128.LoadUnsafe(ref product, (nuint)j) * Vector128.Max(coefficient, floor)).StoreUnsafe(ref product, (nuint)j);
    }
}

using System.Runtime.CompilerServices;
using SpectralCore.Kernels.Blas;

namespace SpectralCore.Kernels.Eigen;

/// <summary>
/// Stage two of the two-stage tridiagonalization (the dsytrd_sb2st bulge-chasing scheme of Haidar, Ltaief and
/// Dongarra): a symmetric band matrix of lower bandwidth b is reduced to tridiagonal form by one sweep per column.
/// Sweep i annihilates column i below its subdiagonal with a Householder reflector of length ≤ b applied to the
/// diagonal block from both sides; applying it from the right to the next block down creates a bulge, whose first
/// column alone is annihilated by the next reflector (the rest is taken by later sweeps), and so on to the end of
/// the matrix. Each step touches O(b²) entries that fit in L1. Sweep i+1 may run its step k once sweep i has
/// finished step k+2 (their index windows no longer overlap); within that rule a worker runs groups of consecutive
/// sweeps as waves (each block used by the whole group while in cache) and groups are pipelined over threads, so
/// every entry sees the same operations in the same order for any grouping and thread count — same bits.
/// Storage is column-major lower band with leading dimension 2b: (r, c) at c·2b + (r − c), room for the bulge.
/// </summary>
internal static class BandToTridiagonal
{
    /// <summary>Reads the band from a dense n×n row-major <paramref name="a"/> (leading dimension n); see the overload with one.</summary>
    public static void Reduce(double[] a, int n, int b, double[] d, double[] e, int threads) => Reduce(a, n, n, b, d, e, threads);

    /// <summary>
    /// Reads the band of lower bandwidth <paramref name="b"/> from the lower triangle of row-major
    /// <paramref name="a"/> (n×n, row i at i·<paramref name="lda"/>) and returns the tridiagonal's diagonal
    /// <paramref name="d"/> and off-diagonal <paramref name="e"/> (e[i] couples i and i+1, e[n−1] = 0).
    /// </summary>
    public static void Reduce(double[] a, int n, int lda, int b, double[] d, double[] e, int threads)
    {
        if (lda < n) throw new ArgumentOutOfRangeException(nameof(lda), lda, $"The leading dimension must be at least the order {n}.");
        int ld = 2 * b;
        var band = new double[(long)n * ld > int.MaxValue ? throw new ArgumentOutOfRangeException(nameof(n), n, "The band storage would exceed 2³¹ elements.") : n * ld];
        for (int c = 0; c < n; c++)
        {
            int rows = Math.Min(b, n - 1 - c);
            for (int o = 0; o <= rows; o++) band[c * ld + o] = a[(c + o) * lda + c];
        }
        Chase(band, n, b, threads);
        for (int i = 0; i < n; i++)
        {
            d[i] = band[i * ld];
            e[i] = i + 1 < n ? band[i * ld + 1] : 0;
        }
    }

    /// <summary>
    /// Sweeps per group: a worker runs a group's sweeps as one wave (sweep j of the group two steps behind sweep j − 1),
    /// so each block of the band is used by all of them while it is in that core's cache, and the band moves between
    /// cores once per group instead of once per sweep. Measured on a 2-vCPU Zen 5 VM at n = 4096, b = 48: one sweep
    /// per worker at a time 0.35–0.39 s (two threads barely faster than one: every block crossed cores every sweep).
    /// </summary>
    internal const int DefaultGroupSize = 8;

    /// <summary>Bulge chasing on the band storage in place (see the class summary).</summary>
    internal static void Chase(double[] band, int n, int b, int threads, int groupSize = DefaultGroupSize)
    {
        int sweeps = n - 2;
        if (sweeps <= 0 || b <= 1) return;
        groupSize = Math.Max(1, groupSize);
        int groups = (sweeps + groupSize - 1) / groupSize;
        int workers = Math.Max(1, Math.Min(threads, groups / 4));
        if (workers == 1)
        {
            var cursors = NewCursors(groupSize, b);
            for (int g = 0; g < groups; g++) RunGroup(band, n, b, g * groupSize, Math.Min(sweeps, (g + 1) * groupSize), cursors, null, null);
            return;
        }
        // progress[i] = steps of sweep i finished (int.MaxValue when the sweep is complete); progress[sweeps] is set
        // when a worker failed, so the others stop waiting for it.
        var progress = new int[sweeps + 1];
        Exception? failure = null;
        // The workers wait on each other, so each needs a thread of its own: pool tasks could be queued behind the
        // spinning caller (e.g. when called from inside another parallel loop) and stall the pipeline.
        void Work(int worker)
        {
            try
            {
                var cursors = NewCursors(groupSize, b);
                for (int g = worker; g < groups; g += workers)
                    RunGroup(band, n, b, g * groupSize, Math.Min(sweeps, (g + 1) * groupSize), cursors, progress, progress);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
                Volatile.Write(ref progress[sweeps], 1);
            }
        }
        var helpers = new Thread[workers - 1];
        for (int w = 1; w < workers; w++)
        {
            int worker = w;
            helpers[w - 1] = new Thread(() => Work(worker)) { IsBackground = true, Name = "spectral band→tridiagonal" };
            helpers[w - 1].Start();
        }
        Work(0);
        foreach (var helper in helpers) helper.Join();
        if (failure is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
    }

    /// <summary>Where one sweep stands: its next step, the block its current reflector acts on, and that reflector.</summary>
    private sealed class SweepCursor(int b)
    {
        public int Sweep;
        public int Step;
        public int First;
        public int Length;
        public double Tau;
        public bool Done;
        public readonly double[] Scratch = new double[4 * b];
    }

    private static SweepCursor[] NewCursors(int count, int b)
    {
        var cursors = new SweepCursor[count];
        for (int j = 0; j < count; j++) cursors[j] = new SweepCursor(b);
        return cursors;
    }

    /// <summary>
    /// Sweeps [from, to) as a wave: at tick t, sweep from + j runs its step t − 2j. Sweep i may run step k once sweep
    /// i − 1 has finished step k + 2 (their index windows no longer overlap), which the wave gives within the group;
    /// the group's first sweep waits for the previous group's last one through <paramref name="waitOn"/>. Every band
    /// entry sees the same operations in the same order as in sweep-by-sweep order: same bits for any grouping.
    /// </summary>
    private static void RunGroup(double[] band, int n, int b, int from, int to, SweepCursor[] cursors, int[]? waitOn, int[]? publish)
    {
        int count = to - from, finished = 0;
        for (int j = 0; j < count; j++)
        {
            var c = cursors[j];
            c.Sweep = from + j;
            c.Step = 0;
            c.Done = false;
        }
        for (int tick = 0; finished < count; tick++)
        {
            for (int j = 0; j < count && tick - 2 * j >= 0; j++)
            {
                var c = cursors[j];
                if (c.Done) continue;
                if (j == 0 && c.Sweep > 0) Wait(waitOn, c.Sweep - 1, c.Step + 3);
                if (!Advance(band, n, b, c))
                {
                    c.Done = true;
                    finished++;
                    Publish(publish, c.Sweep, int.MaxValue);
                }
                else
                {
                    Publish(publish, c.Sweep, c.Step);
                }
            }
        }
    }

    /// <summary>
    /// Runs the cursor's next step and returns true, or returns false when its sweep has no step left. Step 0
    /// annihilates column i; step k ≥ 1 chases the bulge one block down.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Advance(double[] band, int n, int b, SweepCursor cursor)
    {
        int ld = 2 * b;
        var scratch = cursor.Scratch;
        var v = scratch.AsSpan(0, b);
        var p = scratch.AsSpan(b, b);
        var y = scratch.AsSpan(2 * b, b);
        var vNext = scratch.AsSpan(3 * b, b);
        if (cursor.Step == 0)
        {
            // Step 0: reflector of column i, rows i+1..i+len.
            int i = cursor.Sweep;
            int len0 = Math.Min(b, n - 1 - i);
            var col = band.AsSpan(i * ld + 1, len0);
            col.CopyTo(v);
            double tau0 = Svd.GolubKahanBidiagonalization.MakeReflector(v[..len0], out double beta);
            col[0] = beta;
            col[1..].Clear();
            cursor.First = i + 1; // first row/column of the block the current reflector acts on
            cursor.Length = len0;
            cursor.Tau = tau0;
            if (tau0 != 0) BulgeBlock.TwoSided(band, cursor.First * ld, ld, len0, v[..len0], tau0, p);
            cursor.Step = 1;
            return true;
        }
        int first = cursor.First, len = cursor.Length;
        double tau = cursor.Tau;
        int next = first + len; // first row of the block below
        if (next >= n) return false;
        int len2 = Math.Min(b, n - next);
        // Type 2: B = A[next.., first..first+len) ← B·H, then the reflector of B's first column, applied to the rest of B.
        // Column c of B starts at (first + c)·ld + next − first − c: consecutive columns are ld − 1 apart.
        int blockOffset = first * ld + next - first;
        if (tau != 0) BulgeBlock.ApplyFromRight(band, blockOffset, ld - 1, len2, len, v[..len], tau);
        var head = band.AsSpan(blockOffset, len2);
        head.CopyTo(vNext);
        double tau2 = Svd.GolubKahanBidiagonalization.MakeReflector(vNext[..len2], out double beta2);
        head[0] = beta2;
        head[1..].Clear();
        if (tau2 != 0)
        {
            var u = vNext[..len2];
            BulgeBlock.ApplyFromLeft(band, blockOffset, ld - 1, len2, len, 1, u, tau2, y);
            // Type 3: the diagonal block of the new reflector, from both sides.
            BulgeBlock.TwoSided(band, next * ld, ld, len2, u, tau2, p);
        }
        vNext[..len2].CopyTo(v);
        cursor.Tau = tau2;
        cursor.First = next;
        cursor.Length = len2;
        cursor.Step++;
        return true;
    }

    private static void Wait(int[]? progress, int sweep, int steps)
    {
        if (progress is null || sweep < 0) return;
        var spinner = new SpinWait();
        while (Volatile.Read(ref progress[sweep]) < steps)
        {
            if (Volatile.Read(ref progress[^1]) != 0) throw new OperationCanceledException("Another band-reduction worker failed.");
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private static void Publish(int[]? progress, int sweep, int steps)
    {
        if (progress is not null) Volatile.Write(ref progress[sweep], steps);
    }
}

namespace SpectralCore.Kernels;

/// <summary>
/// Deterministic parallel loops: a range is cut into at most <c>threads</c> contiguous chunks whose bounds
/// depend only on the length, the thread count and the grain, and every output element is written by exactly
/// one chunk, so the same input and thread count always give the same bits.
/// </summary>
internal static class Parallelism
{
    /// <summary>
    /// Runs two actions at once and rethrows the first one's failure as itself (not wrapped in an AggregateException), so
    /// callers see the kernel's own exception type — a non-convergence stays a <see cref="NonConvergenceException"/>.
    /// </summary>
    public static void Both(Action first, Action second)
    {
        try
        {
            Parallel.Invoke(first, second);
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
        }
    }

    /// <summary>Runs <paramref name="body"/>(from, to) over [0, count) in contiguous chunks.</summary>
    public static void For(int count, int threads, int minimumPerThread, Action<int, int> body)
    {
        if (count <= 0) return;
        int chunks = Math.Min(threads, Math.Max(1, count / Math.Max(1, minimumPerThread)));
        if (chunks <= 1)
        {
            body(0, count);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
        {
            int from = (int)((long)count * c / chunks);
            int to = (int)((long)count * (c + 1) / chunks);
            body(from, to);
        });
    }
}

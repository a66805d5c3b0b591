namespace SpectralCore.Randomized;

/// <summary>
/// Splits 0..count into at most <c>threads</c> contiguous ranges (multiples of <c>align</c>) and runs them in
/// parallel. Callers only partition independent outputs, so results never depend on the thread count.
/// </summary>
internal static class ParallelRanges
{
    internal static void For(int count, int threads, int align, Action<int, int> body)
    {
        if (count <= 0) return;
        if (threads <= 0) threads = Environment.ProcessorCount;
        int blocks = (count + align - 1) / align;
        int parts = Math.Min(threads, blocks);
        if (parts <= 1)
        {
            body(0, count);
            return;
        }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            int start = (int)((long)blocks * part / parts) * align;
            int end = Math.Min(count, (int)((long)blocks * (part + 1) / parts) * align);
            if (start < end) body(start, end);
        });
    }
}

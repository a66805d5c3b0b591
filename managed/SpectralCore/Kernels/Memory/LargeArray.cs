namespace SpectralCore.Kernels.Memory;

/// <summary>
/// Managed arrays for large operands (weights widened to float64, Gram matrices, workspaces) that ask Linux for
/// transparent huge pages before their first touch. The GC heap does not request huge pages where THP is in
/// <c>madvise</c> mode (numpy's allocator does, from 4 MiB): on a 2-vCPU EPYC VM first-touching a fresh 128 MiB
/// array cost 0.50–0.58 s in 4 KiB pages and 0.21 s after the advice — time the layer pipeline paid up to four times
/// per layer. Arrays of at least <see cref="Threshold"/> bytes are allocated pinned (the pinned object heap never moves
/// them, so the advice stays on the right addresses) and zeroed like any new array; smaller ones are ordinary.
/// The advice is a hint: refused, turned off (SPECTRAL_HUGE_PAGES=0, see <see cref="HugePageAdvice"/>) or on another OS,
/// the array simply uses normal pages.
/// </summary>
internal static class LargeArray
{
    /// <summary>Size from which the advice is worth a system call (numpy's threshold).</summary>
    internal const long Threshold = 4L << 20;

    private const long HugePage = 2L << 20;

    /// <summary>A new zeroed array of <paramref name="length"/> elements.</summary>
    /// <exception cref="ArgumentException">More elements than an array can hold.</exception>
    public static unsafe T[] Allocate<T>(long length) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > Array.MaxLength)
            throw new ArgumentException($"{length} elements are more than an array can hold ({Array.MaxLength}).", nameof(length));
        long bytes = length * sizeof(T);
        if (bytes < Threshold || !OperatingSystem.IsLinux()) return new T[length];
        var array = GC.AllocateArray<T>((int)length, pinned: true);
        fixed (T* p = array)
        {
            // Only whole huge pages inside the array: the advice must not reach neighbouring objects' pages.
            long start = ((long)p + HugePage - 1) & ~(HugePage - 1);
            long end = ((long)p + bytes) & ~(HugePage - 1);
            if (end > start) HugePageAdvice.Advise((nint)start, (nuint)(end - start));
        }
        return array;
    }
}

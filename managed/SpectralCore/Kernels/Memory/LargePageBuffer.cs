using System.Buffers;
using System.Runtime.InteropServices;

namespace SpectralCore.Kernels.Memory;

/// <summary>
/// A large temporary native buffer (e.g. the float32 copy of A for the randomized SVD's range finder) that asks
/// Linux for transparent huge pages. Fresh 4 KiB pages cost one page fault each on first touch — converting a
/// 4096² matrix into a new managed float32 array measured 38 ms against 12 ms with 2 MiB pages — and .NET's GC
/// heap does not request huge pages where THP is in <c>madvise</c> mode (numpy's allocator does). The advice is a
/// hint: where it is refused or the OS is not Linux, the buffer simply uses normal pages (same results, no error to
/// report). Contents start undefined. Dispose frees the memory (no finalizer: spans may
/// still point into it, see CA2015), so owners dispose it in a <c>using</c> scope; views must not outlive it.
/// </summary>
internal sealed unsafe class LargePageBuffer<T> : MemoryManager<T> where T : unmanaged
{
    private const nuint HugePage = 1 << 21;
    private T* _pointer;
    private readonly int _length;

    /// <param name="length">Number of elements (≥ 0).</param>
    internal LargePageBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _length = length;
        // Whole huge pages, so the advice covers exactly this allocation.
        nuint bytes = Math.Max(1, ((nuint)length * (nuint)sizeof(T) + HugePage - 1) / HugePage) * HugePage;
        _pointer = (T*)NativeMemory.AlignedAlloc(bytes, HugePage); // throws OutOfMemoryException on failure
        HugePageAdvice.Advise((nint)_pointer, bytes);
    }

    public override Span<T> GetSpan()
    {
        ObjectDisposedException.ThrowIf(_pointer == null, this);
        return new Span<T>(_pointer, _length);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(_pointer == null, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)_length, nameof(elementIndex));
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin() { }

    protected override void Dispose(bool disposing)
    {
        if (_pointer == null) return;
        NativeMemory.AlignedFree(_pointer);
        _pointer = null;
    }
}

/// <summary>
/// Transparent-huge-page advice for large buffers through libc's madvise (Linux only; generic types cannot hold P/Invoke
/// declarations). On by default, as numpy does; <c>SPECTRAL_HUGE_PAGES=0</c> turns it off. Which is faster depends on
/// the machine: on a 2-vCPU EPYC VM the first touch of 128 MiB took 0.21 s advised vs 0.50–0.58 s in 4 KiB pages one
/// day, and 0.015 or 0.33–0.38 s advised (bimodal) vs 0.05–0.08 s unadvised another (bench/RESULTS.md).
/// </summary>
internal static partial class HugePageAdvice
{
    private const int HugePage = 14; // MADV_HUGEPAGE

    private static bool? _enabled;

    /// <summary>Whether advice is given: SPECTRAL_HUGE_PAGES unset, 1/on/true → yes; 0/off/false → no.</summary>
    /// <exception cref="InvalidOperationException">SPECTRAL_HUGE_PAGES holds anything else.</exception>
    internal static bool Enabled => _enabled ??= Parse(Environment.GetEnvironmentVariable("SPECTRAL_HUGE_PAGES"));

    internal static bool Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "1" or "on" or "true" => true,
        "0" or "off" or "false" => false,
        _ => throw new InvalidOperationException($"SPECTRAL_HUGE_PAGES is '{value}'; use 1/on/true (advise huge pages, the default) or 0/off/false."),
    };

    /// <summary>Advises huge pages for [address, address + length) when enabled and on Linux; a refusal is ignored (it is a hint).</summary>
    internal static void Advise(nint address, nuint length)
    {
        if (length == 0 || !OperatingSystem.IsLinux() || !Enabled) return;
        _ = Madvise(address, length, HugePage);
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpectralCore.Kernels.Eigen;

/// <summary>
/// Reflector applications to the off-diagonal block of one bulge-chasing step (<see cref="BandToTridiagonal"/>):
/// a rows × cols block B of the band storage whose column c starts at band[offset + c·stride] (rows contiguous).
/// Blocks are at most b × b (b ≈ 48), so calling a vector routine per column costs more than its arithmetic; these
/// kernels keep a 16-row chunk of the running vector in registers across all columns instead.
/// </summary>
internal static class BulgeBlock
{
    private const int Chunk = 16;

    /// <summary>B ← B (I − τ v vᵀ): y = B v, then B −= τ y vᵀ (each y entry summed over c in order, one FMA per term).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ApplyFromRight(double[] band, int offset, int stride, int rows, int cols, ReadOnlySpan<double> v, double tau)
    {
        if (rows <= 0 || cols <= 0) return;
        if (cols > v.Length || offset < 0 || (long)offset + (long)(cols - 1) * stride + rows > band.Length)
            throw new ArgumentOutOfRangeException(nameof(rows), "The block does not fit the band storage.");
        ref double start = ref band[offset];
        int r0 = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; r0 + Chunk <= rows; r0 += Chunk)
            {
                Vector256<double> y0 = default, y1 = default, y2 = default, y3 = default;
                for (int c = 0; c < cols; c++)
                {
                    ref double col = ref Unsafe.Add(ref start, (nint)c * stride + r0);
                    var x = Vector256.Create(v[c]);
                    y0 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref col), y0);
                    y1 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref col, 4), y1);
                    y2 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref col, 8), y2);
                    y3 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref col, 12), y3);
                }
                for (int c = 0; c < cols; c++)
                {
                    ref double col = ref Unsafe.Add(ref start, (nint)c * stride + r0);
                    var x = Vector256.Create(-tau * v[c]);
                    Vector256.FusedMultiplyAdd(x, y0, Vector256.LoadUnsafe(ref col)).StoreUnsafe(ref col);
                    Vector256.FusedMultiplyAdd(x, y1, Vector256.LoadUnsafe(ref col, 4)).StoreUnsafe(ref col, 4);
                    Vector256.FusedMultiplyAdd(x, y2, Vector256.LoadUnsafe(ref col, 8)).StoreUnsafe(ref col, 8);
                    Vector256.FusedMultiplyAdd(x, y3, Vector256.LoadUnsafe(ref col, 12)).StoreUnsafe(ref col, 12);
                }
            }
        }
        for (int r = r0; r < rows; r++)
        {
            double y = 0;
            for (int c = 0; c < cols; c++) y = Math.FusedMultiplyAdd(v[c], Unsafe.Add(ref start, (nint)c * stride + r), y);
            for (int c = 0; c < cols; c++)
            {
                ref double entry = ref Unsafe.Add(ref start, (nint)c * stride + r);
                entry = Math.FusedMultiplyAdd(-tau * v[c], y, entry);
            }
        }
    }

    /// <summary>
    /// Columns c ≥ <paramref name="firstColumn"/> of B ← (I − τ u uᵀ) B: w_c = uᵀB_c, then B_c −= τ w_c u.
    /// <paramref name="w"/> (≥ cols) is scratch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ApplyFromLeft(double[] band, int offset, int stride, int rows, int cols, int firstColumn, ReadOnlySpan<double> u, double tau, Span<double> w)
    {
        if (rows <= 0 || cols <= firstColumn) return;
        if (rows > u.Length || cols > w.Length || offset < 0 || (long)offset + (long)(cols - 1) * stride + rows > band.Length)
            throw new ArgumentOutOfRangeException(nameof(rows), "The block does not fit the band storage.");
        ref double start = ref band[offset];
        w[..cols].Clear();
        int r0 = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; r0 + Chunk <= rows; r0 += Chunk)
            {
                var u0 = Vector256.Create(u.Slice(r0, 4));
                var u1 = Vector256.Create(u.Slice(r0 + 4, 4));
                var u2 = Vector256.Create(u.Slice(r0 + 8, 4));
                var u3 = Vector256.Create(u.Slice(r0 + 12, 4));
                for (int c = firstColumn; c < cols; c++)
                {
                    ref double col = ref Unsafe.Add(ref start, (nint)c * stride + r0);
                    var s = Vector256.FusedMultiplyAdd(u0, Vector256.LoadUnsafe(ref col), Vector256.FusedMultiplyAdd(u1, Vector256.LoadUnsafe(ref col, 4),
                        Vector256.FusedMultiplyAdd(u2, Vector256.LoadUnsafe(ref col, 8), u3 * Vector256.LoadUnsafe(ref col, 12))));
                    w[c] += Vector256.Sum(s);
                }
            }
        }
        for (int r = r0; r < rows; r++)
            for (int c = firstColumn; c < cols; c++) w[c] = Math.FusedMultiplyAdd(u[r], Unsafe.Add(ref start, (nint)c * stride + r), w[c]);
        for (int c = firstColumn; c < cols; c++)
        {
            double scale = -tau * w[c];
            if (scale == 0) continue;
            ref double col = ref Unsafe.Add(ref start, (nint)c * stride);
            int r = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var x = Vector256.Create(scale);
                for (; r + 4 <= rows; r += 4)
                    Vector256.FusedMultiplyAdd(x, Vector256.Create(u.Slice(r, 4)), Vector256.LoadUnsafe(ref col, (nuint)r)).StoreUnsafe(ref col, (nuint)r);
            }
            for (; r < rows; r++) Unsafe.Add(ref col, r) = Math.FusedMultiplyAdd(scale, u[r], Unsafe.Add(ref col, r));
        }
    }
}

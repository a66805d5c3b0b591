using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SpectralCore.Kernels.Common;
using SpectralCore.Kernels.Memory;

namespace SpectralCore.Kernels.Blas;

/// <summary>
/// Symmetric rank-k product C = W Wᵀ (float64) for a row-major k×L matrix W: the Gram matrix of its rows.
/// Large products run through the packed <see cref="Gemm"/> macro-kernel panel by panel of the lower triangle, W widened while packed;
/// small ones use a cache-blocked over (row block, row block, depth slice) so both row blocks of a slice stay in L2, with a
/// 4×4 register micro-kernel of Vector512/Vector256 FMA dot products (scalar tails). Only the lower triangle
/// is computed and then mirrored. Partial sums over depth slices are added in slice order and each output
/// tile is owned by one thread, so results are bit-identical for any thread count.
/// </summary>
internal static class Syrk
{
    private const int RowBlock = 64;
    private const int DepthBlock = 512;

    /// <summary>Depth-slice budget of the small-order path: at most this many float64 elements are widened at once.</summary>
    private const int SliceElements = 4 << 20;

    /// <summary>Returns the k×k symmetric W Wᵀ (row-major, both triangles) of a row-major k×L float64 array.</summary>
    public static double[] GramOfRows(double[] w, int k, int length, int threads) =>
        GramOfRows<double>(w, k, length, length, 1, 1.0, threads);

    /// <summary>
    /// Returns the k×k symmetric W Wᵀ (row-major, both triangles, float64) of W(i, p) = scale · source[i·rowStride +
    /// p·columnStride] (0 ≤ i &lt; k, 0 ≤ p &lt; length), without materializing W: large products widen and scale W as the
    /// GEMM packs it (any strides: a tall row-major matrix's columns are W's rows); small ones widen it one depth slice
    /// at a time (≤ 32 MiB) and accumulate the slices' products in slice order.
    /// The caller checks finiteness and picks a power-of-two <paramref name="scale"/> (exact) that keeps squares in range.
    /// With <paramref name="lowerOnly"/> the final mirror is skipped: only the lower triangle (diagonal included) is
    /// defined, for consumers that read nothing else (the two-stage eigenvalue reduction). Row i of the result starts at
    /// i·<paramref name="ldc"/> (0: k; a larger one pads each row, e.g. for <see cref="Eigen.DenseToBandReduction.PaddedLeadingDimension"/>).
    /// </summary>
    public static double[] GramOfRows<T>(ReadOnlyMemory<T> source, int k, int length, int rowStride, int columnStride, double scale, int threads,
        bool lowerOnly = false, int ldc = 0)
        where T : unmanaged, INumberBase<T>
    {
        if (ldc == 0) ldc = k;
        if (ldc < k) throw new ArgumentOutOfRangeException(nameof(ldc), ldc, $"The leading dimension must be at least the order {k}.");
        var c = LargeArray.Allocate<double>((long)k * ldc);
        if (k == 0 || length == 0) return c;
        bool large = k >= 128 && length >= 64;
        if (large)
        {
            LowerPacked(source, rowStride, columnStride, scale, k, length, c, ldc, threads);
        }
        else
        {
            int width = (int)Math.Min(length, Math.Max(DepthBlock, SliceElements / Math.Max(1, k)));
            var slice = LargeArray.Allocate<double>((long)k * width);
            for (int p0 = 0; p0 < length; p0 += width)
            {
                int depth = Math.Min(width, length - p0);
                Widen(source, rowStride, columnStride, scale, k, p0, depth, slice, threads);
                LowerByTiles(slice, k, depth, c, threads);
            }
            // Computed at leading dimension k; spread the rows to ldc, last row first (row i only moves right).
            if (ldc != k)
                for (int i = k - 1; i > 0; i--)
                {
                    Array.Copy(c, (long)i * k, c, (long)i * ldc, k);
                    Array.Clear(c, i * k, Math.Min(k, i * (ldc - k)));
                }
        }
        if (lowerOnly) return c;
        KernelInput.MirrorLowerToUpper(c, k, threads, ldc);
        return c;
    }

    /// <summary>
    /// Lower triangle of C += W Wᵀ (C zeroed by the caller) by the packed GEMM's macro-kernel, W(i, p) = scale ·
    /// source[i·rowStride + p·columnStride] widened to float64 while it is packed (no widened copy of W exists). Per
    /// KC-deep slice, all k rows of W are packed once as B strips (on all workers); then each 120-row panel I packs its own
    /// A and multiplies it by the strips of columns up to I's end — the largest panels handed out first, one at a time, so
    /// both workers finish together. In the 120×120 diagonal blocks the register tiles wholly above the diagonal are skipped,
    /// so only the upper parts of the tiles the diagonal crosses are computed in vain (≈ 0.6 % of the flops at order 4096
    /// with 8×24 tiles, 2.9 % when whole diagonal blocks were; the mirror overwrites them). The plain GEMM per block row that this replaces ran at
    /// ~75 % of the GEMM's rate (a small product per diagonal strip, a pack and two barriers per call and slice).
    /// Every C element sums its KC slices in order in one register tile, so the bits do not depend on the thread count or
    /// on which worker takes which panel.
    /// </summary>
    private static void LowerPacked<T>(ReadOnlyMemory<T> source, int rowStride, int columnStride, double scale, int k, int length,
        double[] c, int ldc, int threads) where T : unmanaged, INumberBase<T>
    {
        int nr = Gemm.TileColumns, mr = Gemm.TileRows, mc = Gemm.PanelRows, depthBlock = Gemm.SliceDepth;
        int strips = (k + nr - 1) / nr, panels = (k + mc - 1) / mc;
        int workers = Math.Max(1, Math.Min(threads, panels));
        var packedB = ArrayPool<double>.Shared.Rent(depthBlock * strips * nr);
        var packedA = new double[workers][];
        for (int w = 0; w < workers; w++) packedA[w] = ArrayPool<double>.Shared.Rent(mc * depthBlock);
        try
        {
            for (int p0 = 0; p0 < length; p0 += depthBlock)
            {
                int kc = Math.Min(depthBlock, length - p0);
                Parallelism.For(strips, workers, 8, (from, to) =>
                {
                    var src = source.Span;
                    for (int s = from; s < to; s++)
                        PackLanes(src, rowStride, columnStride, scale, s * nr, Math.Min(nr, k - s * nr), nr, p0, kc, packedB.AsSpan(s * kc * nr, kc * nr));
                });
                int next = 0;
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
                {
                    var pa = packedA[worker];
                    for (int t; (t = Interlocked.Increment(ref next) - 1) < panels;)
                    {
                        int i0 = (panels - 1 - t) * mc, rows = Math.Min(mc, k - i0);
                        // A's rows are W's rows too: copy them out of the packed B (already widened and scaled).
                        for (int r0 = 0; r0 < rows; r0 += mr)
                            CopyLanesFromPackedB(packedB, kc, nr, i0 + r0, Math.Min(mr, rows - r0), mr, pa.AsSpan(r0 * kc, kc * mr));
                        Gemm.Macro(pa, packedB, 0, kc * nr, rows, i0 + rows, kc, nr, 1.0, c, i0 * ldc, ldc, lowerFromRow: i0);
                    }
                });
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(packedB);
            foreach (var buffer in packedA) ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The A strip of rows first .. first + count (MR lanes, zero beyond count) from the packed B of the same depth slice
    /// (its NR-wide strips hold every row of W): packed[q·mr + i] = B(first + i, q).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyLanesFromPackedB(double[] packedB, int kc, int nr, int first, int count, int mr, Span<double> packed)
    {
        int lane = first % nr;
        ref double strip = ref packedB[first / nr * kc * nr];
        ref double target = ref MemoryMarshal.GetReference(packed);
        if (count == mr && mr == 8 && lane + 8 <= nr && Vector512.IsHardwareAccelerated)
        {
            // The AVX-512 tiles (8 rows, 24-wide strips, panels of 120 rows) always land here: one vector per depth step.
            for (int q = 0; q < kc; q++)
                Vector512.LoadUnsafe(ref strip, (nuint)(q * nr + lane)).StoreUnsafe(ref target, (nuint)(q * 8));
            return;
        }
        for (int i = 0; i < mr; i++)
        {
            int row = first + i;
            if (i >= count)
            {
                for (int q = 0; q < kc; q++) Unsafe.Add(ref target, q * mr + i) = 0;
                continue;
            }
            ref double source = ref packedB[row / nr * kc * nr + row % nr];
            for (int q = 0; q < kc; q++) Unsafe.Add(ref target, q * mr + i) = Unsafe.Add(ref source, q * nr);
        }
    }

    /// <summary>
    /// packed[q·lanes + i] = scale · W(first + i, p0 + q) for i &lt; count (zero for count ≤ i &lt; lanes), q &lt; depth: the
    /// micro-kernel's strip layout for A (lanes = MR) and B (lanes = NR) alike.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackLanes<T>(ReadOnlySpan<T> src, int rowStride, int columnStride, double scale, int first, int count, int lanes,
        int p0, int depth, Span<double> packed) where T : unmanaged, INumberBase<T>
    {
        if (rowStride == 1 && count == lanes)
        {
            // The lanes are contiguous in the source (W's rows are its columns): convert a run per depth step.
            for (int q = 0; q < depth; q++)
            {
                var run = src.Slice(first + (p0 + q) * columnStride, lanes);
                var target = packed.Slice(q * lanes, lanes);
                if (typeof(T) == typeof(double)) MemoryMarshal.Cast<T, double>(run).CopyTo(target);
                else if (typeof(T) == typeof(float) && lanes % 8 == 0 && Vector256.IsHardwareAccelerated)
                {
                    // Widened in registers (a library call per 24-element run cost more than the conversion).
                    ref float from = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(run));
                    ref double to = ref MemoryMarshal.GetReference(target);
                    for (int i = 0; i < lanes; i += 8)
                    {
                        var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref from, (nuint)i));
                        lower.StoreUnsafe(ref to, (nuint)i);
                        upper.StoreUnsafe(ref to, (nuint)i + 4);
                    }
                }
                else Widening.ToDouble(run, target);
            }
            if (scale != 1.0) System.Numerics.Tensors.TensorPrimitives.Multiply(packed.Slice(0, depth * lanes), scale, packed.Slice(0, depth * lanes));
            return;
        }
        if (columnStride == 1 && count == lanes && typeof(T) == typeof(float) && lanes % 4 == 0 && Avx.IsSupported)
        {
            PackFloatRowsTransposed(MemoryMarshal.Cast<T, float>(src), rowStride, scale, first, lanes, p0, depth, packed);
            return;
        }
        for (int i = 0; i < count; i++)
        {
            int at = (first + i) * rowStride + p0 * columnStride;
            if (columnStride == 1)
            {
                var row = src.Slice(at, depth);
                for (int q = 0; q < depth; q++) packed[q * lanes + i] = double.CreateTruncating(row[q]) * scale;
            }
            else
            {
                for (int q = 0; q < depth; q++) packed[q * lanes + i] = double.CreateTruncating(src[at + q * columnStride]) * scale;
            }
        }
        for (int i = count; i < lanes; i++)
            for (int q = 0; q < depth; q++) packed[q * lanes + i] = 0;
    }

    /// <summary>
    /// <see cref="PackLanes{T}"/> for float32 lanes that are rows of the source (W's rows contiguous, e.g. a wide layer's
    /// A·Aᵀ): 4 lanes × 4 depth steps at a time are widened and transposed in registers, so each store writes four packed
    /// doubles instead of one (the lane-by-lane loop stored one element per depth step and lane). Same values, same
    /// bits: each is double(x)·scale rounded once, as in the scalar loop, which still takes a depth tail shorter than 4.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackFloatRowsTransposed(ReadOnlySpan<float> src, int rowStride, double scale, int first, int lanes, int p0, int depth,
        Span<double> packed)
    {
        if ((long)(first + lanes - 1) * rowStride + p0 + depth > src.Length || (long)depth * lanes > packed.Length)
            throw new ArgumentOutOfRangeException(nameof(depth), "The strip does not fit the source or the packed buffer.");
        ref float source = ref MemoryMarshal.GetReference(src);
        ref double target = ref MemoryMarshal.GetReference(packed);
        var factor = Vector256.Create(scale);
        int q = 0;
        for (; q + 4 <= depth; q += 4)
            for (int i = 0; i < lanes; i += 4)
            {
                ref float row = ref Unsafe.Add(ref source, (nint)(first + i) * rowStride + p0 + q);
                // r_k = lane i + k at depth q..q+3, widened; then the 4×4 transpose of doubles.
                var r0 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref row));
                var r1 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref Unsafe.Add(ref row, (nint)rowStride)));
                var r2 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref Unsafe.Add(ref row, (nint)2 * rowStride)));
                var r3 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref Unsafe.Add(ref row, (nint)3 * rowStride)));
                if (scale != 1.0)
                {
                    r0 *= factor;
                    r1 *= factor;
                    r2 *= factor;
                    r3 *= factor;
                }
                var t0 = Avx.UnpackLow(r0, r1);
                var t1 = Avx.UnpackHigh(r0, r1);
                var t2 = Avx.UnpackLow(r2, r3);
                var t3 = Avx.UnpackHigh(r2, r3);
                ref double at = ref Unsafe.Add(ref target, (nint)q * lanes + i);
                Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref at);
                Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref Unsafe.Add(ref at, lanes));
                Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref Unsafe.Add(ref at, 2 * lanes));
                Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref Unsafe.Add(ref at, 3 * lanes));
            }
        for (; q < depth; q++)
            for (int i = 0; i < lanes; i++)
                Unsafe.Add(ref target, (nint)q * lanes + i) = Unsafe.Add(ref source, (nint)(first + i) * rowStride + p0 + q) * scale;
    }

    /// <summary>Lower triangle of C += W Wᵀ for a row-major k×length W, in register tiles (small k or short rows).</summary>
    private static void LowerByTiles(double[] w, int k, int length, double[] c, int threads)
    {
        int blocks = (k + RowBlock - 1) / RowBlock;
        // Tiles of the lower triangle, listed in a fixed order; each is computed by exactly one worker.
        var tiles = new List<(int I, int J)>();
        for (int bi = 0; bi < blocks; bi++)
            for (int bj = 0; bj <= bi; bj++) tiles.Add((bi, bj));
        Parallelism.For(tiles.Count, threads, 1, (from, to) =>
        {
            for (int t = from; t < to; t++)
            {
                var (bi, bj) = tiles[t];
                ComputeTile(w, c, k, length, bi * RowBlock, Math.Min(k, (bi + 1) * RowBlock), bj * RowBlock, Math.Min(k, (bj + 1) * RowBlock));
            }
        });
    }

    /// <summary>W(i, p0 + q) = scale · source[i·rowStride + (p0 + q)·columnStride] in float64 into the row-major k × depth slice.</summary>
    private static void Widen<T>(ReadOnlyMemory<T> source, int rowStride, int columnStride, double scale, int k, int p0, int depth, double[] slice, int threads)
        where T : unmanaged, INumberBase<T>
    {
        if (columnStride == 1)
        {
            // The slice's rows are contiguous in the source too: convert row by row.
            Parallelism.For(k, threads, 16, (from, to) =>
            {
                var src = source.Span;
                for (int i = from; i < to; i++)
                {
                    var target = slice.AsSpan(i * depth, depth);
                    Widening.ToDouble(src.Slice(i * rowStride + p0, depth), target);
                    if (scale != 1.0) System.Numerics.Tensors.TensorPrimitives.Multiply(target, scale, target);
                }
            });
            return;
        }
        // Otherwise a transpose, in 64×64 tiles so both sides stay within a few pages.
        Parallelism.For(k, threads, 64, (from, to) =>
        {
            var src = source.Span;
            const int tile = 64;
            for (int i0 = from; i0 < to; i0 += tile)
            {
                int i1 = Math.Min(to, i0 + tile);
                for (int q0 = 0; q0 < depth; q0 += tile)
                {
                    int q1 = Math.Min(depth, q0 + tile);
                    for (int i = i0; i < i1; i++)
                    {
                        int at = i * rowStride + p0 * columnStride;
                        for (int q = q0; q < q1; q++) slice[i * depth + q] = double.CreateTruncating(src[at + q * columnStride]) * scale;
                    }
                }
            }
        });
    }

    private static void ComputeTile(double[] w, double[] c, int k, int length, int i0, int i1, int j0, int j1)
    {
        for (int p0 = 0; p0 < length; p0 += DepthBlock)
        {
            int depth = Math.Min(DepthBlock, length - p0);
            for (int i = i0; i < i1; i += 4)
            {
                int ni = Math.Min(4, i1 - i);
                for (int j = j0; j < j1 && j <= i + ni - 1; j += 4)
                {
                    int nj = Math.Min(4, j1 - j);
                    if (ni == 4 && nj == 4) Micro4x4(w, c, k, length, i, j, p0, depth);
                    else
                    {
                        for (int a = 0; a < ni; a++)
                            for (int b = 0; b < nj; b++)
                                c[(long)(i + a) * k + j + b] += VectorOps.Dot(w.AsSpan((i + a) * length + p0, depth), w.AsSpan((j + b) * length + p0, depth));
                    }
                }
            }
        }
    }

    /// <summary>C[i..i+3, j..j+3] += W[i..i+3, p0..] · W[j..j+3, p0..]ᵀ with 16 vector accumulators.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Micro4x4(double[] w, double[] c, int k, int length, int i, int j, int p0, int depth)
    {
        ref double r0 = ref w[(long)i * length + p0];
        ref double r1 = ref Unsafe.Add(ref r0, length);
        ref double r2 = ref Unsafe.Add(ref r1, length);
        ref double r3 = ref Unsafe.Add(ref r2, length);
        ref double s0 = ref w[(long)j * length + p0];
        ref double s1 = ref Unsafe.Add(ref s0, length);
        ref double s2 = ref Unsafe.Add(ref s1, length);
        ref double s3 = ref Unsafe.Add(ref s2, length);
        Span<double> acc = stackalloc double[16];
        int p = 0;
        if (Vector512.IsHardwareAccelerated && depth >= 8)
        {
            Vector512<double> a00 = default, a01 = default, a02 = default, a03 = default;
            Vector512<double> a10 = default, a11 = default, a12 = default, a13 = default;
            Vector512<double> a20 = default, a21 = default, a22 = default, a23 = default;
            Vector512<double> a30 = default, a31 = default, a32 = default, a33 = default;
            for (; p <= depth - 8; p += 8)
            {
                var x0 = Vector512.LoadUnsafe(ref r0, (nuint)p); var x1 = Vector512.LoadUnsafe(ref r1, (nuint)p);
                var x2 = Vector512.LoadUnsafe(ref r2, (nuint)p); var x3 = Vector512.LoadUnsafe(ref r3, (nuint)p);
                var y = Vector512.LoadUnsafe(ref s0, (nuint)p);
                a00 = Vector512.FusedMultiplyAdd(x0, y, a00); a10 = Vector512.FusedMultiplyAdd(x1, y, a10);
                a20 = Vector512.FusedMultiplyAdd(x2, y, a20); a30 = Vector512.FusedMultiplyAdd(x3, y, a30);
                y = Vector512.LoadUnsafe(ref s1, (nuint)p);
                a01 = Vector512.FusedMultiplyAdd(x0, y, a01); a11 = Vector512.FusedMultiplyAdd(x1, y, a11);
                a21 = Vector512.FusedMultiplyAdd(x2, y, a21); a31 = Vector512.FusedMultiplyAdd(x3, y, a31);
                y = Vector512.LoadUnsafe(ref s2, (nuint)p);
                a02 = Vector512.FusedMultiplyAdd(x0, y, a02); a12 = Vector512.FusedMultiplyAdd(x1, y, a12);
                a22 = Vector512.FusedMultiplyAdd(x2, y, a22); a32 = Vector512.FusedMultiplyAdd(x3, y, a32);
                y = Vector512.LoadUnsafe(ref s3, (nuint)p);
                a03 = Vector512.FusedMultiplyAdd(x0, y, a03); a13 = Vector512.FusedMultiplyAdd(x1, y, a13);
                a23 = Vector512.FusedMultiplyAdd(x2, y, a23); a33 = Vector512.FusedMultiplyAdd(x3, y, a33);
            }
            acc[0] = Vector512.Sum(a00); acc[1] = Vector512.Sum(a01); acc[2] = Vector512.Sum(a02); acc[3] = Vector512.Sum(a03);
            acc[4] = Vector512.Sum(a10); acc[5] = Vector512.Sum(a11); acc[6] = Vector512.Sum(a12); acc[7] = Vector512.Sum(a13);
            acc[8] = Vector512.Sum(a20); acc[9] = Vector512.Sum(a21); acc[10] = Vector512.Sum(a22); acc[11] = Vector512.Sum(a23);
            acc[12] = Vector512.Sum(a30); acc[13] = Vector512.Sum(a31); acc[14] = Vector512.Sum(a32); acc[15] = Vector512.Sum(a33);
        }
        else if (Vector256.IsHardwareAccelerated && depth >= 4)
        {
            Vector256<double> a00 = default, a01 = default, a02 = default, a03 = default;
            Vector256<double> a10 = default, a11 = default, a12 = default, a13 = default;
            Vector256<double> a20 = default, a21 = default, a22 = default, a23 = default;
            Vector256<double> a30 = default, a31 = default, a32 = default, a33 = default;
            for (; p <= depth - 4; p += 4)
            {
                var x0 = Vector256.LoadUnsafe(ref r0, (nuint)p); var x1 = Vector256.LoadUnsafe(ref r1, (nuint)p);
                var x2 = Vector256.LoadUnsafe(ref r2, (nuint)p); var x3 = Vector256.LoadUnsafe(ref r3, (nuint)p);
                var y = Vector256.LoadUnsafe(ref s0, (nuint)p);
                a00 = Vector256.FusedMultiplyAdd(x0, y, a00); a10 = Vector256.FusedMultiplyAdd(x1, y, a10);
                a20 = Vector256.FusedMultiplyAdd(x2, y, a20); a30 = Vector256.FusedMultiplyAdd(x3, y, a30);
                y = Vector256.LoadUnsafe(ref s1, (nuint)p);
                a01 = Vector256.FusedMultiplyAdd(x0, y, a01); a11 = Vector256.FusedMultiplyAdd(x1, y, a11);
                a21 = Vector256.FusedMultiplyAdd(x2, y, a21); a31 = Vector256.FusedMultiplyAdd(x3, y, a31);
                y = Vector256.LoadUnsafe(ref s2, (nuint)p);
                a02 = Vector256.FusedMultiplyAdd(x0, y, a02); a12 = Vector256.FusedMultiplyAdd(x1, y, a12);
                a22 = Vector256.FusedMultiplyAdd(x2, y, a22); a32 = Vector256.FusedMultiplyAdd(x3, y, a32);
                y = Vector256.LoadUnsafe(ref s3, (nuint)p);
                a03 = Vector256.FusedMultiplyAdd(x0, y, a03); a13 = Vector256.FusedMultiplyAdd(x1, y, a13);
                a23 = Vector256.FusedMultiplyAdd(x2, y, a23); a33 = Vector256.FusedMultiplyAdd(x3, y, a33);
            }
            acc[0] = Vector256.Sum(a00); acc[1] = Vector256.Sum(a01); acc[2] = Vector256.Sum(a02); acc[3] = Vector256.Sum(a03);
            acc[4] = Vector256.Sum(a10); acc[5] = Vector256.Sum(a11); acc[6] = Vector256.Sum(a12); acc[7] = Vector256.Sum(a13);
            acc[8] = Vector256.Sum(a20); acc[9] = Vector256.Sum(a21); acc[10] = Vector256.Sum(a22); acc[11] = Vector256.Sum(a23);
            acc[12] = Vector256.Sum(a30); acc[13] = Vector256.Sum(a31); acc[14] = Vector256.Sum(a32); acc[15] = Vector256.Sum(a33);
        }
        for (; p < depth; p++)
        {
            double x0 = Unsafe.Add(ref r0, p), x1 = Unsafe.Add(ref r1, p), x2 = Unsafe.Add(ref r2, p), x3 = Unsafe.Add(ref r3, p);
            double y0 = Unsafe.Add(ref s0, p), y1 = Unsafe.Add(ref s1, p), y2 = Unsafe.Add(ref s2, p), y3 = Unsafe.Add(ref s3, p);
            acc[0] += x0 * y0; acc[1] += x0 * y1; acc[2] += x0 * y2; acc[3] += x0 * y3;
            acc[4] += x1 * y0; acc[5] += x1 * y1; acc[6] += x1 * y2; acc[7] += x1 * y3;
            acc[8] += x2 * y0; acc[9] += x2 * y1; acc[10] += x2 * y2; acc[11] += x2 * y3;
            acc[12] += x3 * y0; acc[13] += x3 * y1; acc[14] += x3 * y2; acc[15] += x3 * y3;
        }
        for (int a = 0; a < 4; a++)
        {
            ref double row = ref c[(long)(i + a) * k + j];
            for (int b = 0; b < 4; b++) Unsafe.Add(ref row, b) += acc[a * 4 + b];
        }
    }
}

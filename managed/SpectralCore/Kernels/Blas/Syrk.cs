using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics;
using System.Runtime.Intrinsics;
using SpectralCore.Kernels.Common;
using SpectralCore.Kernels.Memory;

namespace SpectralCore.Kernels.Blas;

/// <summary>
/// Symmetric rank-k product C = W Wᵀ (float64) for a row-major k×L matrix W: the Gram matrix of its rows.
/// Large products run block row by block row of the lower triangle through the packed <see cref="Gemm"/>;
/// small ones use a cache-blocked over (row block, row block, depth slice) so both row blocks of a slice stay in L2, with a
/// 4×4 register micro-kernel of Vector512/Vector256 FMA dot products (scalar tails). Only the lower triangle
/// is computed and then mirrored. Partial sums over depth slices are added in slice order and each output
/// tile is owned by one thread, so results are bit-identical for any thread count.
/// </summary>
internal static class Syrk
{
    private const int RowBlock = 64;
    private const int DepthBlock = 512;

    /// <summary>Depth-slice budget of the widening path: at most this many float64 elements are widened at once.</summary>
    private const int SliceElements = 4 << 20;

    /// <summary>Returns the k×k symmetric W Wᵀ (row-major, both triangles) of a row-major k×L float64 array.</summary>
    public static double[] GramOfRows(double[] w, int k, int length, int threads) =>
        GramOfRows<double>(w, k, length, length, 1, 1.0, threads);

    /// <summary>
    /// Returns the k×k symmetric W Wᵀ (row-major, both triangles, float64) of W(i, p) = scale · source[i·rowStride +
    /// p·columnStride] (0 ≤ i &lt; k, 0 ≤ p &lt; length), without materializing W: a float64 source with scale 1 is read in
    /// place by the packed GEMM (any strides: a tall row-major matrix's columns are W's rows), any other source is
    /// widened to float64 one depth slice at a time (≤ 32 MiB) and the slices' products are accumulated in slice order.
    /// The caller checks finiteness and picks a power-of-two <paramref name="scale"/> (exact) that keeps squares in range.
    /// </summary>
    public static double[] GramOfRows<T>(ReadOnlyMemory<T> source, int k, int length, int rowStride, int columnStride, double scale, int threads)
        where T : unmanaged, INumberBase<T>
    {
        var c = LargeArray.Allocate<double>((long)k * k);
        if (k == 0 || length == 0) return c;
        bool large = k >= 128 && length >= 64;
        if (large && typeof(T) == typeof(double) && scale == 1.0
            && MemoryMarshal.TryGetArray(Unsafe.As<ReadOnlyMemory<T>, ReadOnlyMemory<double>>(ref source), out var segment))
        {
            LowerByBlockRows(segment.Array!, segment.Offset, rowStride, columnStride, k, length, 0.0, c, threads);
        }
        else
        {
            int width = Math.Min(length, Math.Max(64, SliceElements / k / 64 * 64));
            if (!large) width = (int)Math.Min(length, Math.Max(DepthBlock, SliceElements / Math.Max(1, k)));
            var slice = LargeArray.Allocate<double>((long)k * width);
            for (int p0 = 0; p0 < length; p0 += width)
            {
                int depth = Math.Min(width, length - p0);
                if (large)
                {
                    // Depth-major slice (W(i, p0 + q) at q·k + i): the GEMM then packs both operands from contiguous
                    // runs, and a source whose W rows are its columns (rowStride 1) widens line by line.
                    Widen(source, rowStride, columnStride, scale, k, p0, depth, slice, depthMajor: true, threads);
                    LowerByBlockRows(slice, 0, 1, k, k, depth, p0 == 0 ? 0.0 : 1.0, c, threads);
                }
                else
                {
                    Widen(source, rowStride, columnStride, scale, k, p0, depth, slice, depthMajor: false, threads);
                    LowerByTiles(slice, k, depth, c, threads);
                }
            }
        }
        // Mirror the lower triangle in 32×32 tiles (a row-by-row mirror reads a whole column per row: one cache miss
        // per element at k in the thousands).
        // Tile rows go to the workers dynamically (their work shrinks down the triangle); each element is one copy.
        const int tile = 32;
        int tileRows = (k + tile - 1) / tile;
        Parallel.For(0, tileRows, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, k >= 512 ? threads : 1) }, t =>
        {
            int i0 = t * tile;
            for (int j0 = i0; j0 < k; j0 += tile)
                for (int i = i0; i < Math.Min(k, i0 + tile); i++)
                    for (int j = Math.Max(j0, i + 1); j < Math.Min(k, j0 + tile); j++) c[(long)i * k + j] = c[(long)j * k + i];
        });
        return c;
    }

    /// <summary>
    /// Lower triangle of C = W Wᵀ + β·C, W(i, p) = w[offset + i·rowStride + p·columnStride], through the packed GEMM:
    /// per block row I (960 rows) G[I, before I] = W[I] · W[before I]ᵀ in one product, and the diagonal block in strips
    /// of 240 rows, each up to its own last column, so only ~1/8 of the diagonal blocks' upper halves is computed in
    /// vain. Measured on a 2-vCPU Zen 5 VM (into a warm C, min of 5): 4096² 0.494 s with plain 480-row block rows → 0.461 s,
    /// 4096 × 11008 1.217 → 1.144 s (480- and 960-row plain blocks and 240-row strips alone were no better).
    /// Every element is one GEMM call's full-depth sum, so the bits do not depend on the blocking or the thread count.
    /// </summary>
    private static void LowerByBlockRows(double[] w, int offset, int rowStride, int columnStride, int k, int length, double beta, double[] c, int threads)
    {
        const int block = 960, strip = 240;
        for (int i0 = 0; i0 < k; i0 += block)
        {
            int rows = Math.Min(block, k - i0);
            if (i0 > 0)
                Gemm.Multiply(rows, i0, length, 1.0, w, offset + i0 * rowStride, rowStride, columnStride,
                    w, offset, columnStride, rowStride, beta, c, i0 * k, k, threads);
            for (int s0 = 0; s0 < rows; s0 += strip)
            {
                int stripRows = Math.Min(strip, rows - s0), row = i0 + s0;
                Gemm.Multiply(stripRows, s0 + stripRows, length, 1.0, w, offset + row * rowStride, rowStride, columnStride,
                    w, offset + i0 * rowStride, columnStride, rowStride, beta, c, row * k + i0, k, threads);
            }
        }
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

    /// <summary>
    /// W(i, p0 + q) = scale · source[i·rowStride + (p0 + q)·columnStride] in float64 into the slice, row-major k × depth
    /// (slice[i·depth + q]) or, when <paramref name="depthMajor"/>, depth × k (slice[q·k + i]).
    /// </summary>
    private static void Widen<T>(ReadOnlyMemory<T> source, int rowStride, int columnStride, double scale, int k, int p0, int depth, double[] slice, bool depthMajor, int threads)
        where T : unmanaged, INumberBase<T>
    {
        if (depthMajor ? rowStride == 1 : columnStride == 1)
        {
            // The slice's lines are contiguous in the source too: convert line by line.
            int lines = depthMajor ? depth : k, length = depthMajor ? k : depth;
            Parallelism.For(lines, threads, 16, (from, to) =>
            {
                var src = source.Span;
                for (int t = from; t < to; t++)
                {
                    var target = slice.AsSpan(t * length, length);
                    int start = depthMajor ? (p0 + t) * columnStride : t * rowStride + p0;
                    System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<T, double>(src.Slice(start, length), target);
                    if (scale != 1.0) System.Numerics.Tensors.TensorPrimitives.Multiply(target, scale, target);
                }
            });
            return;
        }
        // Otherwise a transpose, in 64×64 tiles so both sides stay within a few pages.
        int iStep = depthMajor ? 1 : depth, qStep = depthMajor ? k : 1;
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
                        for (int q = q0; q < q1; q++) slice[i * iStep + q * qStep] = double.CreateTruncating(src[at + q * columnStride]) * scale;
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

using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SpectralCore.Randomized;

/// <summary>
/// Tall-skinny block products Y = A·X for the randomized solvers: A is any <see cref="MatrixView{T}"/> (row- or
/// column-major, so Aᵀ·X is the same routine on the transposed view), X and Y are dense row-major blocks with
/// few columns. float64 on array-backed matrices goes through the kernels' packed GEMM
/// (<see cref="Kernels.Blas.Gemm"/>). The float32 path (the kernels' GEMM is float64-only) and non-array
/// memory use the kernel here: X packed into vector-width-padded rows, A's elements broadcast from where they are, and
/// a 4-row × 4-vector FMA micro-kernel (Vector512, else 6 × 2 on Vector256, else scalar) over K in
/// cache-sized chunks. Both split work by output rows and sum every output element in the same order
/// whatever the thread count.
/// </summary>
internal static unsafe class BlockProducts
{
    private const int DepthChunk = 256;

    /// <summary>Y (A.Rows × count) = A (A.Rows × A.Columns) · X (A.Columns × count); Y is overwritten.</summary>
    internal static void Multiply<T>(MatrixView<T> a, ReadOnlySpan<T> x, Span<T> y, int count, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = a.Rows, depth = a.Columns;
        if (x.Length < (long)depth * count || y.Length < (long)rows * count)
            throw new ArgumentException("Block sizes do not match the matrix.");
        if (rows == 0 || count == 0) return;
        if (depth == 0)
        {
            y[..(rows * count)].Clear();
            return;
        }
        if (count == 1)
        {
            MatrixVector(a, x, y, threads);
            return;
        }
        if (typeof(T) == typeof(double) && System.Runtime.InteropServices.MemoryMarshal.TryGetArray(a.Data, out var segment) && segment.Array is not null)
        {
            MultiplyWithKernelsGemm(a, (double[])(object)segment.Array, segment.Offset,
                System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(x), System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(y), count, threads);
            return;
        }
        MultiplyPacked(a, x, y, count, threads);
    }

    /// <summary>y = A·x for one vector (Lanczos): row dot products, or column AXPYs on a fixed row split.</summary>
    private static void MatrixVector<T>(MatrixView<T> a, ReadOnlySpan<T> x, Span<T> y, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = a.Rows, depth = a.Columns, ld = a.LeadingDimension;
        bool rowMajor = a.Layout == MatrixLayout.RowMajor;
        using var pin = a.Data.Pin();
        fixed (T* px = x)
        fixed (T* py = y)
        {
            nint aAddress = (nint)pin.Pointer, xAddress = (nint)px, yAddress = (nint)py;
            ParallelRanges.For(rows, (long)rows * depth >= 1 << 16 ? threads : 1, 64, (start, end) =>
            {
                T* pa = (T*)aAddress;
                var xs = new ReadOnlySpan<T>((T*)xAddress, depth);
                var ys = new Span<T>((T*)yAddress + start, end - start);
                if (rowMajor)
                {
                    for (int i = start; i < end; i++)
                        ys[i - start] = System.Numerics.Tensors.TensorPrimitives.Dot(new ReadOnlySpan<T>(pa + (long)i * ld, depth), xs);
                }
                else
                {
                    ys.Clear();
                    for (int k = 0; k < depth; k++)
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(new ReadOnlySpan<T>(pa + (long)k * ld + start, end - start), xs[k], ys, ys);
                }
            });
        }
    }

    /// <summary>float64 through the kernels' GEMM (X and Y staged through pooled arrays when they are spans).</summary>
    private static void MultiplyWithKernelsGemm<T>(MatrixView<T> a, double[] data, int offset, ReadOnlySpan<double> x, Span<double> y, int count, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = a.Rows, depth = a.Columns;
        int rowStride = a.Layout == MatrixLayout.RowMajor ? a.LeadingDimension : 1;
        int depthStride = a.Layout == MatrixLayout.RowMajor ? 1 : a.LeadingDimension;
        double[] xa = ArrayPool<double>.Shared.Rent(depth * count);
        double[] ya = ArrayPool<double>.Shared.Rent(rows * count);
        try
        {
            x[..(depth * count)].CopyTo(xa);
            Kernels.Blas.Gemm.Multiply(rows, count, depth, 1.0, data, offset, rowStride, depthStride, xa, 0, count, 1, 0.0, ya, 0, count,
                threads <= 0 ? Environment.ProcessorCount : threads);
            ya.AsSpan(0, rows * count).CopyTo(y);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(xa);
            ArrayPool<double>.Shared.Return(ya);
        }
    }

    /// <summary>The packed SIMD product (float32, and float64 on non-array memory).</summary>
    internal static void MultiplyPacked<T>(MatrixView<T> a, ReadOnlySpan<T> x, Span<T> y, int count, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = a.Rows, depth = a.Columns;
        if (rows == 0 || count == 0) return;
        if (depth == 0)
        {
            y[..(rows * count)].Clear();
            return;
        }
        int width = VectorWidth<T>();
        int padded = (count + width - 1) / width * width;
        long rowStride = a.Layout == MatrixLayout.RowMajor ? a.LeadingDimension : 1;
        long depthStride = a.Layout == MatrixLayout.RowMajor ? 1 : a.LeadingDimension;

        T[] packedX = ArrayPool<T>.Shared.Rent(checked(depth * padded));
        bool direct = padded == count;
        T[]? paddedY = direct ? null : ArrayPool<T>.Shared.Rent(checked(rows * padded));
        try
        {
            var px = packedX.AsSpan(0, depth * padded);
            if (direct) x[..(depth * count)].CopyTo(px);
            else
            {
                px.Clear();
                for (int k = 0; k < depth; k++) x.Slice(k * count, count).CopyTo(px.Slice(k * padded, count));
            }
            using var pinA = a.Data.Pin();
            fixed (T* pX = packedX)
            fixed (T* pYd = y)
            fixed (T* pYp = paddedY)
            {
                nint aAddress = (nint)pinA.Pointer, xAddress = (nint)pX, yAddress = direct ? (nint)pYd : (nint)pYp;
                ParallelRanges.For(rows, threads, 4, (start, end) =>
                    MultiplyRows((T*)aAddress, rowStride, depthStride, depth, (T*)xAddress, padded, (T*)yAddress, start, end));
            }
            if (!direct)
                for (int i = 0; i < rows; i++) paddedY.AsSpan(i * padded, count).CopyTo(y.Slice(i * count, count));
        }
        finally
        {
            ArrayPool<T>.Shared.Return(packedX);
            if (paddedY is not null) ArrayPool<T>.Shared.Return(paddedY);
        }
    }

    internal static int VectorWidth<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector512.IsHardwareAccelerated ? Vector512<T>.Count : Vector256.IsHardwareAccelerated ? Vector256<T>.Count : 1;

    /// <summary>
    /// Rows per micro-panel: 4 with Vector512 (4 × 4 vectors = 16 of 32 registers), 6 with Vector256 only (6 × 2 vectors
    /// = 12 of 16 registers: the most accumulators that fit, so each loaded X vector feeds 6 FMAs).
    /// </summary>
    private static readonly int PanelRows = !Vector512.IsHardwareAccelerated && Vector256.IsHardwareAccelerated ? 6 : 4;

    /// <summary>
    /// Rows [start, end) of Y, in blocks of 16 panels × 256 depth. A is read where it is (a view always has one unit
    /// stride: row-major A is read along its rows, a transposed view across them, where the h elements of one depth step
    /// share a cache line that the block's 16 panels reuse in turn) and its elements are broadcast. Packing A first cost
    /// a move per element: measured on a Zen 5 VM (float32, 60 columns, 2 threads), in place took 4096² A·X 22–27 →
    /// 6–8 ms and Aᵀ·X 11–13 → 9–10 ms with AVX-512; with AVX-512 disabled (the 6-row AVX2 kernels) Aᵀ·X 21 → 16 ms at
    /// 4096² and 51 → 32 ms at 2000×20000 against the block-copy packing. (Tried and dropped: Aᵀ·X as (Xᵀ·S)ᵀ with the
    /// vector loads along S's rows and S strips copied contiguous first — 170–220 GFLOPS, no better.)
    /// </summary>
    private static void MultiplyRows<T>(T* a, long rowStride, long depthStride, int depth, T* x, int padded, T* y, int start, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = PanelRows, rowBlock = 16 * h;
        for (int k0 = 0; k0 < depth; k0 += DepthChunk)
        {
            int kc = Math.Min(DepthChunk, depth - k0);
            bool first = k0 == 0;
            T* xChunk = x + (long)k0 * padded;
            for (int r0 = start; r0 < end; r0 += rowBlock)
            {
                int rows = Math.Min(rowBlock, end - r0), panels = rows / h;
                for (int q = 0; q < panels; q++)
                    RowPanel(a + (r0 + h * q) * rowStride + k0 * depthStride, rowStride, depthStride, kc, xChunk, padded, y + (long)(r0 + h * q) * padded, h, first);
                for (int r = r0 + h * panels; r < r0 + rows; r++)
                    RowPanel(a + r * rowStride + k0 * depthStride, rowStride, depthStride, kc, xChunk, padded, y + (long)r * padded, 1, first);
            }
        }
    }

    private static void RowPanel<T>(T* a, long rowStride, long depthStride, int kc, T* x, int padded, T* y, int rowCount, bool first)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated)
        {
            int w = Vector512<T>.Count, v = 0, vectors = padded / w;
            if (rowCount == 4)
            {
                for (; v + 4 <= vectors; v += 4) Kernel512x4x4(a, rowStride, depthStride, kc, x + v * w, padded, y + v * w, first);
                for (; v < vectors; v++) Kernel512x4x1(a, rowStride, depthStride, kc, x + v * w, padded, y + v * w, first);
            }
            else
                for (; v < vectors; v++) Kernel512x1x1(a, depthStride, kc, x + v * w, padded, y + v * w, first);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            // Panels here have PanelRows = 6 rows, or a single row.
            int w = Vector256<T>.Count, vectors = padded / w;
            if (rowCount == 6)
                Rows6(a, rowStride, depthStride, kc, x, padded, y, first);
            else
                for (int v = 0; v < vectors; v++) Kernel256x1x1(a, depthStride, kc, x + v * w, padded, y + v * w, first);
        }
        else
        {
            for (int t = 0; t < rowCount; t++)
                for (int j = 0; j < padded; j++)
                {
                    T sum = first ? T.Zero : y[(long)t * padded + j];
                    for (int k = 0; k < kc; k++) sum += a[t * rowStride + k * depthStride] * x[(long)k * padded + j];
                    y[(long)t * padded + j] = sum;
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged
    {
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
            if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }
        return a * b + c;
    }

    private static void Kernel512x4x4<T>(T* a, long rs, long ds, int kc, T* x, int ldx, T* y, bool first) where T : unmanaged
    {
        int w = Vector512<T>.Count;
        T* a0 = a, a1 = a + rs, a2 = a + 2 * rs, a3 = a + 3 * rs;
        T* y0 = y, y1 = y + ldx, y2 = y + 2 * ldx, y3 = y + 3 * ldx;
        Vector512<T> c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (first)
        {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = Vector512<T>.Zero;
        }
        else
        {
            c00 = Vector512.Load(y0); c01 = Vector512.Load(y0 + w); c02 = Vector512.Load(y0 + 2 * w); c03 = Vector512.Load(y0 + 3 * w);
            c10 = Vector512.Load(y1); c11 = Vector512.Load(y1 + w); c12 = Vector512.Load(y1 + 2 * w); c13 = Vector512.Load(y1 + 3 * w);
            c20 = Vector512.Load(y2); c21 = Vector512.Load(y2 + w); c22 = Vector512.Load(y2 + 2 * w); c23 = Vector512.Load(y2 + 3 * w);
            c30 = Vector512.Load(y3); c31 = Vector512.Load(y3 + w); c32 = Vector512.Load(y3 + 2 * w); c33 = Vector512.Load(y3 + 3 * w);
        }
        for (int k = 0; k < kc; k++)
        {
            T* xr = x + (long)k * ldx;
            var x0 = Vector512.Load(xr); var x1 = Vector512.Load(xr + w); var x2 = Vector512.Load(xr + 2 * w); var x3 = Vector512.Load(xr + 3 * w);
            long o = k * ds;
            var b = Vector512.Create(a0[o]);
            c00 = Fma(b, x0, c00); c01 = Fma(b, x1, c01); c02 = Fma(b, x2, c02); c03 = Fma(b, x3, c03);
            b = Vector512.Create(a1[o]);
            c10 = Fma(b, x0, c10); c11 = Fma(b, x1, c11); c12 = Fma(b, x2, c12); c13 = Fma(b, x3, c13);
            b = Vector512.Create(a2[o]);
            c20 = Fma(b, x0, c20); c21 = Fma(b, x1, c21); c22 = Fma(b, x2, c22); c23 = Fma(b, x3, c23);
            b = Vector512.Create(a3[o]);
            c30 = Fma(b, x0, c30); c31 = Fma(b, x1, c31); c32 = Fma(b, x2, c32); c33 = Fma(b, x3, c33);
        }
        c00.Store(y0); c01.Store(y0 + w); c02.Store(y0 + 2 * w); c03.Store(y0 + 3 * w);
        c10.Store(y1); c11.Store(y1 + w); c12.Store(y1 + 2 * w); c13.Store(y1 + 3 * w);
        c20.Store(y2); c21.Store(y2 + w); c22.Store(y2 + 2 * w); c23.Store(y2 + 3 * w);
        c30.Store(y3); c31.Store(y3 + w); c32.Store(y3 + 2 * w); c33.Store(y3 + 3 * w);
    }

    private static void Kernel512x4x1<T>(T* a, long rs, long ds, int kc, T* x, int ldx, T* y, bool first) where T : unmanaged
    {
        T* a0 = a, a1 = a + rs, a2 = a + 2 * rs, a3 = a + 3 * rs;
        T* y0 = y, y1 = y + ldx, y2 = y + 2 * ldx, y3 = y + 3 * ldx;
        Vector512<T> c0, c1, c2, c3;
        if (first) c0 = c1 = c2 = c3 = Vector512<T>.Zero;
        else { c0 = Vector512.Load(y0); c1 = Vector512.Load(y1); c2 = Vector512.Load(y2); c3 = Vector512.Load(y3); }
        for (int k = 0; k < kc; k++)
        {
            var xv = Vector512.Load(x + (long)k * ldx);
            long o = k * ds;
            c0 = Fma(Vector512.Create(a0[o]), xv, c0);
            c1 = Fma(Vector512.Create(a1[o]), xv, c1);
            c2 = Fma(Vector512.Create(a2[o]), xv, c2);
            c3 = Fma(Vector512.Create(a3[o]), xv, c3);
        }
        c0.Store(y0); c1.Store(y1); c2.Store(y2); c3.Store(y3);
    }

    private static void Kernel512x1x1<T>(T* a, long ds, int kc, T* x, int ldx, T* y, bool first) where T : unmanaged
    {
        Vector512<T> c = first ? Vector512<T>.Zero : Vector512.Load(y);
        for (int k = 0; k < kc; k++) c = Fma(Vector512.Create(a[k * ds]), Vector512.Load(x + (long)k * ldx), c);
        c.Store(y);
    }

    /// <summary>Six rows of A (A[t, k] at a[t·rs + k·ds]) against every vector of X, two vectors at a time.</summary>
    private static void Rows6<T>(T* a, long rs, long ds, int kc, T* x, int padded, T* y, bool first) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector256<T>.Count, v = 0, vectors = padded / w;
        for (; v + 2 <= vectors; v += 2) Kernel256x6x2(a, rs, ds, kc, x + v * w, padded, y + v * w, first);
        for (; v < vectors; v++)
        {
            Kernel256x4x1(a, rs, ds, kc, x + v * w, padded, y + v * w, first);
            Kernel256x1x1(a + 4 * rs, ds, kc, x + v * w, padded, y + 4L * padded + v * w, first);
            Kernel256x1x1(a + 5 * rs, ds, kc, x + v * w, padded, y + 5L * padded + v * w, first);
        }
    }

    /// <summary>
    /// 6 rows × 2 vectors: 12 accumulators, one broadcast per row and step; A[t, k] at a[t·rs + k·ds] (row-major A:
    /// rs = its row stride, ds = 1; a transposed view: rs = 1, ds = its leading dimension).
    /// </summary>
    private static void Kernel256x6x2<T>(T* a, long rs, long ds, int kc, T* x, int ldx, T* y, bool first) where T : unmanaged
    {
        int w = Vector256<T>.Count;
        T* a0 = a, a1 = a + rs, a2 = a + 2 * rs, a3 = a + 3 * rs, a4 = a + 4 * rs, a5 = a + 5 * rs;
        T* y0 = y, y1 = y + ldx, y2 = y + 2 * ldx, y3 = y + 3 * ldx, y4 = y + 4 * ldx, y5 = y + 5 * ldx;
        Vector256<T> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (first) c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<T>.Zero;
        else
        {
            c00 = Vector256.Load(y0); c01 = Vector256.Load(y0 + w); c10 = Vector256.Load(y1); c11 = Vector256.Load(y1 + w);
            c20 = Vector256.Load(y2); c21 = Vector256.Load(y2 + w); c30 = Vector256.Load(y3); c31 = Vector256.Load(y3 + w);
            c40 = Vector256.Load(y4); c41 = Vector256.Load(y4 + w); c50 = Vector256.Load(y5); c51 = Vector256.Load(y5 + w);
        }
        T* xr = x;
        for (int k = 0; k < kc; k++, xr += ldx)
        {
            var x0 = Vector256.Load(xr); var x1 = Vector256.Load(xr + w);
            long o = k * ds;
            var b = Vector256.Create(a0[o]); c00 = Fma(b, x0, c00); c01 = Fma(b, x1, c01);
            b = Vector256.Create(a1[o]); c10 = Fma(b, x0, c10); c11 = Fma(b, x1, c11);
            b = Vector256.Create(a2[o]); c20 = Fma(b, x0, c20); c21 = Fma(b, x1, c21);
            b = Vector256.Create(a3[o]); c30 = Fma(b, x0, c30); c31 = Fma(b, x1, c31);
            b = Vector256.Create(a4[o]); c40 = Fma(b, x0, c40); c41 = Fma(b, x1, c41);
            b = Vector256.Create(a5[o]); c50 = Fma(b, x0, c50); c51 = Fma(b, x1, c51);
        }
        c00.Store(y0); c01.Store(y0 + w); c10.Store(y1); c11.Store(y1 + w);
        c20.Store(y2); c21.Store(y2 + w); c30.Store(y3); c31.Store(y3 + w);
        c40.Store(y4); c41.Store(y4 + w); c50.Store(y5); c51.Store(y5 + w);
    }

    private static void Kernel256x4x1<T>(T* a, long rs, long ds, int kc, T* x, int ldx, T* y, bool first) where T : unmanaged
    {
        T* a0 = a, a1 = a + rs, a2 = a + 2 * rs, a3 = a + 3 * rs;
        T* y0 = y, y1 = y + ldx, y2 = y + 2 * ldx, y3 = y + 3 * ldx;
        Vector256<T> c0, c1, c2, c3;
        if (first) c0 = c1 = c2 = c3 = Vector256<T>.Zero;
        else { c0 = Vector256.Load(y0); c1 = Vector256.Load(y1); c2 = Vector256.Load(y2); c3 = Vector256.Load(y3); }
        for (int k = 0; k < kc; k++)
        {
            var xv = Vector256.Load(x + (long)k * ldx);
            long o = k * ds;
            c0 = Fma(Vector256.Create(a0[o]), xv, c0);
            c1 = Fma(Vector256.Create(a1[o]), xv, c1);
            c2 = Fma(Vector256.Create(a2[o]), xv, c2);
            c3 = Fma(Vector256.Create(a3[o]), xv, c3);
        }
        c0.Store(y0); c1.Store(y1); c2.Store(y2); c3.Store(y3);
    }

    private static void Kernel256x1x1<T>(T* a, long ds, int kc, T* x, int ldx, T* y, bool first) where T : unmanaged
    {
        Vector256<T> c = first ? Vector256<T>.Zero : Vector256.Load(y);
        for (int k = 0; k < kc; k++) c = Fma(Vector256.Create(a[k * ds]), Vector256.Load(x + (long)k * ldx), c);
        c.Store(y);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
    /// Columns c ≥ <paramref name="firstColumn"/> of B ← (I − τ u uᵀ) B: w_c = uᵀB_c, then B_c −= τ w_c u. Columns go
    /// four at a time, so each loaded row vector of u serves four columns and each column takes one horizontal sum.
    /// <paramref name="w"/> (≥ cols) is scratch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ApplyFromLeft(double[] band, int offset, int stride, int rows, int cols, int firstColumn, ReadOnlySpan<double> u, double tau, Span<double> w)
    {
        if (rows <= 0 || cols <= firstColumn) return;
        if (rows > u.Length || cols > w.Length || offset < 0 || (long)offset + (long)(cols - 1) * stride + rows > band.Length)
            throw new ArgumentOutOfRangeException(nameof(rows), "The block does not fit the band storage.");
        ref double start = ref band[offset];
        ref double ur = ref MemoryMarshal.GetReference(u);
        int c = firstColumn;
        for (; c + 4 <= cols; c += 4)
        {
            ref double b0 = ref Unsafe.Add(ref start, (nint)c * stride);
            ref double b1 = ref Unsafe.Add(ref start, (nint)(c + 1) * stride);
            ref double b2 = ref Unsafe.Add(ref start, (nint)(c + 2) * stride);
            ref double b3 = ref Unsafe.Add(ref start, (nint)(c + 3) * stride);
            double w0 = 0, w1 = 0, w2 = 0, w3 = 0;
            int r = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<double> s0 = default, s1 = default, s2 = default, s3 = default;
                for (; r + 4 <= rows; r += 4)
                {
                    var uu = Vector256.LoadUnsafe(ref ur, (nuint)r);
                    s0 = Vector256.FusedMultiplyAdd(uu, Vector256.LoadUnsafe(ref b0, (nuint)r), s0);
                    s1 = Vector256.FusedMultiplyAdd(uu, Vector256.LoadUnsafe(ref b1, (nuint)r), s1);
                    s2 = Vector256.FusedMultiplyAdd(uu, Vector256.LoadUnsafe(ref b2, (nuint)r), s2);
                    s3 = Vector256.FusedMultiplyAdd(uu, Vector256.LoadUnsafe(ref b3, (nuint)r), s3);
                }
                w0 = Vector256.Sum(s0);
                w1 = Vector256.Sum(s1);
                w2 = Vector256.Sum(s2);
                w3 = Vector256.Sum(s3);
            }
            for (int t = r; t < rows; t++)
            {
                double ut = Unsafe.Add(ref ur, t);
                w0 = Math.FusedMultiplyAdd(ut, Unsafe.Add(ref b0, t), w0);
                w1 = Math.FusedMultiplyAdd(ut, Unsafe.Add(ref b1, t), w1);
                w2 = Math.FusedMultiplyAdd(ut, Unsafe.Add(ref b2, t), w2);
                w3 = Math.FusedMultiplyAdd(ut, Unsafe.Add(ref b3, t), w3);
            }
            w[c] = w0;
            w[c + 1] = w1;
            w[c + 2] = w2;
            w[c + 3] = w3;
            double x0 = -tau * w0, x1 = -tau * w1, x2 = -tau * w2, x3 = -tau * w3;
            r = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var y0 = Vector256.Create(x0);
                var y1 = Vector256.Create(x1);
                var y2 = Vector256.Create(x2);
                var y3 = Vector256.Create(x3);
                for (; r + 4 <= rows; r += 4)
                {
                    var uu = Vector256.LoadUnsafe(ref ur, (nuint)r);
                    Vector256.FusedMultiplyAdd(y0, uu, Vector256.LoadUnsafe(ref b0, (nuint)r)).StoreUnsafe(ref b0, (nuint)r);
                    Vector256.FusedMultiplyAdd(y1, uu, Vector256.LoadUnsafe(ref b1, (nuint)r)).StoreUnsafe(ref b1, (nuint)r);
                    Vector256.FusedMultiplyAdd(y2, uu, Vector256.LoadUnsafe(ref b2, (nuint)r)).StoreUnsafe(ref b2, (nuint)r);
                    Vector256.FusedMultiplyAdd(y3, uu, Vector256.LoadUnsafe(ref b3, (nuint)r)).StoreUnsafe(ref b3, (nuint)r);
                }
            }
            for (; r < rows; r++)
            {
                double ut = Unsafe.Add(ref ur, r);
                Unsafe.Add(ref b0, r) = Math.FusedMultiplyAdd(x0, ut, Unsafe.Add(ref b0, r));
                Unsafe.Add(ref b1, r) = Math.FusedMultiplyAdd(x1, ut, Unsafe.Add(ref b1, r));
                Unsafe.Add(ref b2, r) = Math.FusedMultiplyAdd(x2, ut, Unsafe.Add(ref b2, r));
                Unsafe.Add(ref b3, r) = Math.FusedMultiplyAdd(x3, ut, Unsafe.Add(ref b3, r));
            }
        }
        for (; c < cols; c++)
        {
            ref double col = ref Unsafe.Add(ref start, (nint)c * stride);
            double sum = 0;
            for (int r = 0; r < rows; r++) sum = Math.FusedMultiplyAdd(Unsafe.Add(ref ur, r), Unsafe.Add(ref col, r), sum);
            w[c] = sum;
            double x = -tau * sum;
            if (x == 0) continue;
            for (int r = 0; r < rows; r++) Unsafe.Add(ref col, r) = Math.FusedMultiplyAdd(x, Unsafe.Add(ref ur, r), Unsafe.Add(ref col, r));
        }
    }

    /// <summary>
    /// S ← H S H for the symmetric len×len block stored as lower columns (column c's diagonal at band[offset + c·ld],
    /// its rows below contiguous after it), H = I − τ v vᵀ: p = τ S v, w = p − ½τ(pᵀv) v, S −= v wᵀ + w vᵀ.
    /// <paramref name="p"/> (≥ len) returns w. Columns go four at a time: each loaded row vector of v, w and p then serves
    /// four columns (a column at a time, the dot/axpy and rank-2 calls on ~24-long columns with scalar tails ran at
    /// ~6.6 GFLOPS, 2.4× slower than <see cref="ApplyFromRight"/> for the same flops).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TwoSided(double[] band, int offset, int ld, int len, ReadOnlySpan<double> v, double tau, Span<double> p)
    {
        if (len <= 0) return;
        if (len > v.Length || len > p.Length || offset < 0 || (long)offset + (long)(len - 1) * ld >= band.Length)
            throw new ArgumentOutOfRangeException(nameof(len), "The block does not fit the band storage.");
        ref double s0 = ref band[offset];
        ref double vr = ref MemoryMarshal.GetReference(v);
        ref double pr = ref MemoryMarshal.GetReference(p);
        p[..len].Clear();
        // p = S v from the lower columns: column c gives p[c] its dot product with v and p[c+1..] an axpy.
        int c = 0;
        for (; c + 4 <= len; c += 4)
        {
            var quad = new ColumnQuad(ref s0, c, ld);
            ref double col0 = ref quad.C0, col1 = ref quad.C1, col2 = ref quad.C2, col3 = ref quad.C3;
            var (v0, v1, v2, v3) = Four(ref vr, c);
            // The 4×4 diagonal block (lower: a_ij, i ≥ j).
            double a00 = col0, a10 = Unsafe.Add(ref col0, 1), a20 = Unsafe.Add(ref col0, 2), a30 = Unsafe.Add(ref col0, 3);
            double a11 = col1, a21 = Unsafe.Add(ref col1, 1), a31 = Unsafe.Add(ref col1, 2);
            double a22 = col2, a32 = Unsafe.Add(ref col2, 1), a33 = col3;
            double d0 = a00 * v0 + a10 * v1 + a20 * v2 + a30 * v3;
            double d1 = a10 * v0 + a11 * v1 + a21 * v2 + a31 * v3;
            double d2 = a20 * v0 + a21 * v1 + a22 * v2 + a32 * v3;
            double d3 = a30 * v0 + a31 * v1 + a32 * v2 + a33 * v3;
            // Rows r ≥ c + 4: column c + j holds row r at index r − c − j.
            int r = c + 4;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<double> s0v = default, s1v = default, s2v = default, s3v = default;
                var b0 = Vector256.Create(v0);
                var b1 = Vector256.Create(v1);
                var b2 = Vector256.Create(v2);
                var b3 = Vector256.Create(v3);
                for (; r + 4 <= len; r += 4)
                {
                    var x0 = Vector256.LoadUnsafe(ref col0, (nuint)(r - c));
                    var x1 = Vector256.LoadUnsafe(ref col1, (nuint)(r - c - 1));
                    var x2 = Vector256.LoadUnsafe(ref col2, (nuint)(r - c - 2));
                    var x3 = Vector256.LoadUnsafe(ref col3, (nuint)(r - c - 3));
                    var vv = Vector256.LoadUnsafe(ref vr, (nuint)r);
                    s0v = Vector256.FusedMultiplyAdd(x0, vv, s0v);
                    s1v = Vector256.FusedMultiplyAdd(x1, vv, s1v);
                    s2v = Vector256.FusedMultiplyAdd(x2, vv, s2v);
                    s3v = Vector256.FusedMultiplyAdd(x3, vv, s3v);
                    var pp = Vector256.LoadUnsafe(ref pr, (nuint)r);
                    pp = Vector256.FusedMultiplyAdd(x0, b0, pp);
                    pp = Vector256.FusedMultiplyAdd(x1, b1, pp);
                    pp = Vector256.FusedMultiplyAdd(x2, b2, pp);
                    Vector256.FusedMultiplyAdd(x3, b3, pp).StoreUnsafe(ref pr, (nuint)r);
                }
                d0 += Vector256.Sum(s0v);
                d1 += Vector256.Sum(s1v);
                d2 += Vector256.Sum(s2v);
                d3 += Vector256.Sum(s3v);
            }
            for (; r < len; r++)
            {
                double x0 = Unsafe.Add(ref col0, r - c), x1 = Unsafe.Add(ref col1, r - c - 1), x2 = Unsafe.Add(ref col2, r - c - 2), x3 = Unsafe.Add(ref col3, r - c - 3);
                double vv = Unsafe.Add(ref vr, r);
                d0 += x0 * vv;
                d1 += x1 * vv;
                d2 += x2 * vv;
                d3 += x3 * vv;
                Unsafe.Add(ref pr, r) += x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
            }
            Unsafe.Add(ref pr, c) += d0;
            Unsafe.Add(ref pr, c + 1) += d1;
            Unsafe.Add(ref pr, c + 2) += d2;
            Unsafe.Add(ref pr, c + 3) += d3;
        }
        for (; c < len; c++)
        {
            ref double col = ref Unsafe.Add(ref s0, (nint)c * ld);
            double vc = Unsafe.Add(ref vr, c), d = col * vc;
            for (int r = c + 1; r < len; r++)
            {
                double x = Unsafe.Add(ref col, r - c);
                d += x * Unsafe.Add(ref vr, r);
                Unsafe.Add(ref pr, r) += x * vc;
            }
            Unsafe.Add(ref pr, c) += d;
        }
        // w = τ p − ½ τ (τ pᵀ v) v.
        double dot = 0;
        for (int i = 0; i < len; i++)
        {
            Unsafe.Add(ref pr, i) *= tau;
            dot += Unsafe.Add(ref pr, i) * Unsafe.Add(ref vr, i);
        }
        double kappa = -0.5 * tau * dot;
        for (int i = 0; i < len; i++) Unsafe.Add(ref pr, i) += kappa * Unsafe.Add(ref vr, i);
        // S −= v wᵀ + w vᵀ on the lower columns, four at a time.
        c = 0;
        for (; c + 4 <= len; c += 4)
        {
            var quad = new ColumnQuad(ref s0, c, ld);
            ref double col0 = ref quad.C0, col1 = ref quad.C1, col2 = ref quad.C2, col3 = ref quad.C3;
            var (v0, v1, v2, v3) = Four(ref vr, c);
            var (w0, w1, w2, w3) = Four(ref pr, c);
            // The diagonal block: entry (c + i, c + j), i ≥ j, at col_j[i − j].
            for (int j = 0; j < 4; j++)
            {
                ref double col = ref Unsafe.Add(ref s0, (nint)(c + j) * ld);
                double vj = Unsafe.Add(ref vr, c + j), wj = Unsafe.Add(ref pr, c + j);
                for (int i = j; i < 4; i++)
                {
                    ref double entry = ref Unsafe.Add(ref col, i - j);
                    entry = Math.FusedMultiplyAdd(-vj, Unsafe.Add(ref pr, c + i), Math.FusedMultiplyAdd(-wj, Unsafe.Add(ref vr, c + i), entry));
                }
            }
            int r = c + 4;
            if (Vector256.IsHardwareAccelerated)
            {
                var nv0 = Vector256.Create(-v0);
                var nv1 = Vector256.Create(-v1);
                var nv2 = Vector256.Create(-v2);
                var nv3 = Vector256.Create(-v3);
                var nw0 = Vector256.Create(-w0);
                var nw1 = Vector256.Create(-w1);
                var nw2 = Vector256.Create(-w2);
                var nw3 = Vector256.Create(-w3);
                for (; r + 4 <= len; r += 4)
                {
                    var vv = Vector256.LoadUnsafe(ref vr, (nuint)r);
                    var ww = Vector256.LoadUnsafe(ref pr, (nuint)r);
                    Vector256.FusedMultiplyAdd(nv0, ww, Vector256.FusedMultiplyAdd(nw0, vv, Vector256.LoadUnsafe(ref col0, (nuint)(r - c)))).StoreUnsafe(ref col0, (nuint)(r - c));
                    Vector256.FusedMultiplyAdd(nv1, ww, Vector256.FusedMultiplyAdd(nw1, vv, Vector256.LoadUnsafe(ref col1, (nuint)(r - c - 1)))).StoreUnsafe(ref col1, (nuint)(r - c - 1));
                    Vector256.FusedMultiplyAdd(nv2, ww, Vector256.FusedMultiplyAdd(nw2, vv, Vector256.LoadUnsafe(ref col2, (nuint)(r - c - 2)))).StoreUnsafe(ref col2, (nuint)(r - c - 2));
                    Vector256.FusedMultiplyAdd(nv3, ww, Vector256.FusedMultiplyAdd(nw3, vv, Vector256.LoadUnsafe(ref col3, (nuint)(r - c - 3)))).StoreUnsafe(ref col3, (nuint)(r - c - 3));
                }
            }
            for (; r < len; r++)
            {
                double vv = Unsafe.Add(ref vr, r), ww = Unsafe.Add(ref pr, r);
                ref double e0 = ref Unsafe.Add(ref col0, r - c);
                e0 = Math.FusedMultiplyAdd(-v0, ww, Math.FusedMultiplyAdd(-w0, vv, e0));
                ref double e1 = ref Unsafe.Add(ref col1, r - c - 1);
                e1 = Math.FusedMultiplyAdd(-v1, ww, Math.FusedMultiplyAdd(-w1, vv, e1));
                ref double e2 = ref Unsafe.Add(ref col2, r - c - 2);
                e2 = Math.FusedMultiplyAdd(-v2, ww, Math.FusedMultiplyAdd(-w2, vv, e2));
                ref double e3 = ref Unsafe.Add(ref col3, r - c - 3);
                e3 = Math.FusedMultiplyAdd(-v3, ww, Math.FusedMultiplyAdd(-w3, vv, e3));
            }
        }
        for (; c < len; c++)
        {
            ref double col = ref Unsafe.Add(ref s0, (nint)c * ld);
            double vc = Unsafe.Add(ref vr, c), wc = Unsafe.Add(ref pr, c);
            for (int r = c; r < len; r++)
            {
                ref double entry = ref Unsafe.Add(ref col, r - c);
                entry = Math.FusedMultiplyAdd(-vc, Unsafe.Add(ref pr, r), Math.FusedMultiplyAdd(-wc, Unsafe.Add(ref vr, r), entry));
            }
        }
    }

    /// <summary>Four consecutive lower columns of a band block (column c + k at c·ld + k·ld from the block's start).</summary>
    private ref struct ColumnQuad
    {
        public ref double C0, C1, C2, C3;

        public ColumnQuad(ref double start, int c, int ld)
        {
            C0 = ref Unsafe.Add(ref start, (nint)c * ld);
            C1 = ref Unsafe.Add(ref C0, ld);
            C2 = ref Unsafe.Add(ref C1, ld);
            C3 = ref Unsafe.Add(ref C2, ld);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double, double, double, double) Four(ref double x, int c) =>
        (Unsafe.Add(ref x, c), Unsafe.Add(ref x, c + 1), Unsafe.Add(ref x, c + 2), Unsafe.Add(ref x, c + 3));
}

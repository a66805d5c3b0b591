using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpectralCore.Kernels.Blas;

/// <summary>
/// Level-1 float64 kernels used inside the factorizations (dot, axpy, plane rotation, scaled norm). Each takes
/// the widest accelerated vector (Vector512 → Vector256 → Vector128) and finishes with a scalar tail. The
/// summation order depends only on the length, so results are bit-reproducible.
/// </summary>
internal static class VectorOps
{
    /// <summary>Σ x[i]·y[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length;
        ref double px = ref MemoryMarshal.GetReference(x);
        ref double py = ref MemoryMarshal.GetReference(y);
        int i = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var a0 = Vector512<double>.Zero; var a1 = Vector512<double>.Zero;
            for (; i <= n - 16; i += 16)
            {
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref px, (nuint)i), Vector512.LoadUnsafe(ref py, (nuint)i), a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref px, (nuint)(i + 8)), Vector512.LoadUnsafe(ref py, (nuint)(i + 8)), a1);
            }
            sum = Vector512.Sum(a0 + a1);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var a0 = Vector256<double>.Zero; var a1 = Vector256<double>.Zero;
            for (; i <= n - 8; i += 8)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref px, (nuint)i), Vector256.LoadUnsafe(ref py, (nuint)i), a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref px, (nuint)(i + 4)), Vector256.LoadUnsafe(ref py, (nuint)(i + 4)), a1);
            }
            sum = Vector256.Sum(a0 + a1);
        }
        else if (Vector128.IsHardwareAccelerated && n >= 2)
        {
            var a0 = Vector128<double>.Zero;
            for (; i <= n - 2; i += 2)
                a0 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref px, (nuint)i), Vector128.LoadUnsafe(ref py, (nuint)i), a0);
            sum = Vector128.Sum(a0);
        }
        for (; i < n; i++) sum = Math.FusedMultiplyAdd(Unsafe.Add(ref px, i), Unsafe.Add(ref py, i), sum);
        return sum;
    }

    /// <summary>
    /// Four rows of a symmetric SYMV in one pass: dots[r] = Σ_k x_r[k]·y[k] and z[k] += Σ_r a_r·x_r[k] for the
    /// common length of x0. y and z are loaded once per four rows (register blocking), which is what makes a
    /// lower-triangle SYMV bandwidth-bound on the matrix alone. z[k] adds the four rows in order r = 0..3.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotAndAxpy4(ReadOnlySpan<double> x0, ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> x3,
        ReadOnlySpan<double> y, double a0, double a1, double a2, double a3, Span<double> z, Span<double> dots)
    {
        int n = x0.Length;
        if (x1.Length < n || x2.Length < n || x3.Length < n || y.Length < n || z.Length < n)
            throw new ArgumentException("x1, x2, x3, y or z is shorter than x0.", nameof(x0));
        if (dots.Length < 4) throw new ArgumentException("dots needs 4 elements.", nameof(dots));
        ref double p0 = ref MemoryMarshal.GetReference(x0);
        ref double p1 = ref MemoryMarshal.GetReference(x1);
        ref double p2 = ref MemoryMarshal.GetReference(x2);
        ref double p3 = ref MemoryMarshal.GetReference(x3);
        ref double py = ref MemoryMarshal.GetReference(y);
        ref double pz = ref MemoryMarshal.GetReference(z);
        int i = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector512.IsHardwareAccelerated && n >= 8)
        {
            Vector512<double> d0 = default, d1 = default, d2 = default, d3 = default;
            var b0 = Vector512.Create(a0); var b1 = Vector512.Create(a1); var b2 = Vector512.Create(a2); var b3 = Vector512.Create(a3);
            for (; i <= n - 8; i += 8)
            {
                var yv = Vector512.LoadUnsafe(ref py, (nuint)i);
                var zv = Vector512.LoadUnsafe(ref pz, (nuint)i);
                var r = Vector512.LoadUnsafe(ref p0, (nuint)i);
                d0 = Vector512.FusedMultiplyAdd(r, yv, d0); zv = Vector512.FusedMultiplyAdd(b0, r, zv);
                r = Vector512.LoadUnsafe(ref p1, (nuint)i);
                d1 = Vector512.FusedMultiplyAdd(r, yv, d1); zv = Vector512.FusedMultiplyAdd(b1, r, zv);
                r = Vector512.LoadUnsafe(ref p2, (nuint)i);
                d2 = Vector512.FusedMultiplyAdd(r, yv, d2); zv = Vector512.FusedMultiplyAdd(b2, r, zv);
                r = Vector512.LoadUnsafe(ref p3, (nuint)i);
                d3 = Vector512.FusedMultiplyAdd(r, yv, d3); zv = Vector512.FusedMultiplyAdd(b3, r, zv);
                zv.StoreUnsafe(ref pz, (nuint)i);
            }
            s0 = Vector512.Sum(d0); s1 = Vector512.Sum(d1); s2 = Vector512.Sum(d2); s3 = Vector512.Sum(d3);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 4)
        {
            Vector256<double> d0 = default, d1 = default, d2 = default, d3 = default;
            var b0 = Vector256.Create(a0); var b1 = Vector256.Create(a1); var b2 = Vector256.Create(a2); var b3 = Vector256.Create(a3);
            for (; i <= n - 4; i += 4)
            {
                var yv = Vector256.LoadUnsafe(ref py, (nuint)i);
                var zv = Vector256.LoadUnsafe(ref pz, (nuint)i);
                var r = Vector256.LoadUnsafe(ref p0, (nuint)i);
                d0 = Vector256.FusedMultiplyAdd(r, yv, d0); zv = Vector256.FusedMultiplyAdd(b0, r, zv);
                r = Vector256.LoadUnsafe(ref p1, (nuint)i);
                d1 = Vector256.FusedMultiplyAdd(r, yv, d1); zv = Vector256.FusedMultiplyAdd(b1, r, zv);
                r = Vector256.LoadUnsafe(ref p2, (nuint)i);
                d2 = Vector256.FusedMultiplyAdd(r, yv, d2); zv = Vector256.FusedMultiplyAdd(b2, r, zv);
                r = Vector256.LoadUnsafe(ref p3, (nuint)i);
                d3 = Vector256.FusedMultiplyAdd(r, yv, d3); zv = Vector256.FusedMultiplyAdd(b3, r, zv);
                zv.StoreUnsafe(ref pz, (nuint)i);
            }
            s0 = Vector256.Sum(d0); s1 = Vector256.Sum(d1); s2 = Vector256.Sum(d2); s3 = Vector256.Sum(d3);
        }
        for (; i < n; i++)
        {
            double yv = Unsafe.Add(ref py, i);
            double r0 = Unsafe.Add(ref p0, i), r1 = Unsafe.Add(ref p1, i), r2 = Unsafe.Add(ref p2, i), r3 = Unsafe.Add(ref p3, i);
            s0 = Math.FusedMultiplyAdd(r0, yv, s0); s1 = Math.FusedMultiplyAdd(r1, yv, s1);
            s2 = Math.FusedMultiplyAdd(r2, yv, s2); s3 = Math.FusedMultiplyAdd(r3, yv, s3);
            double zv = Unsafe.Add(ref pz, i);
            zv = Math.FusedMultiplyAdd(a0, r0, zv); zv = Math.FusedMultiplyAdd(a1, r1, zv);
            zv = Math.FusedMultiplyAdd(a2, r2, zv); zv = Math.FusedMultiplyAdd(a3, r3, zv);
            Unsafe.Add(ref pz, i) = zv;
        }
        dots[0] = s0; dots[1] = s1; dots[2] = s2; dots[3] = s3;
    }

    /// <summary>Returns Σ x[i]·y[i] and, in the same pass over x, performs z[i] += a·x[i] (the two halves of a symmetric SYMV row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double DotAndAxpy(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double a, Span<double> z)
    {
        int n = x.Length;
        if (y.Length < n || z.Length < n) throw new ArgumentException("y or z is shorter than x.", nameof(x));
        ref double px = ref MemoryMarshal.GetReference(x);
        ref double py = ref MemoryMarshal.GetReference(y);
        ref double pz = ref MemoryMarshal.GetReference(z);
        int i = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector512<double>.Zero;
            var va = Vector512.Create(a);
            for (; i <= n - 8; i += 8)
            {
                var xv = Vector512.LoadUnsafe(ref px, (nuint)i);
                acc = Vector512.FusedMultiplyAdd(xv, Vector512.LoadUnsafe(ref py, (nuint)i), acc);
                Vector512.FusedMultiplyAdd(va, xv, Vector512.LoadUnsafe(ref pz, (nuint)i)).StoreUnsafe(ref pz, (nuint)i);
            }
            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 4)
        {
            var acc = Vector256<double>.Zero;
            var va = Vector256.Create(a);
            for (; i <= n - 4; i += 4)
            {
                var xv = Vector256.LoadUnsafe(ref px, (nuint)i);
                acc = Vector256.FusedMultiplyAdd(xv, Vector256.LoadUnsafe(ref py, (nuint)i), acc);
                Vector256.FusedMultiplyAdd(va, xv, Vector256.LoadUnsafe(ref pz, (nuint)i)).StoreUnsafe(ref pz, (nuint)i);
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++)
        {
            double xv = Unsafe.Add(ref px, i);
            sum = Math.FusedMultiplyAdd(xv, Unsafe.Add(ref py, i), sum);
            Unsafe.Add(ref pz, i) = Math.FusedMultiplyAdd(a, xv, Unsafe.Add(ref pz, i));
        }
        return sum;
    }

    /// <summary>y[i] += a·x[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length;
        if (y.Length < n) throw new ArgumentException("y is shorter than x.", nameof(y));
        ref double px = ref MemoryMarshal.GetReference(x);
        ref double py = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(a);
            for (; i <= n - 8; i += 8)
                Vector512.FusedMultiplyAdd(va, Vector512.LoadUnsafe(ref px, (nuint)i), Vector512.LoadUnsafe(ref py, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            for (; i <= n - 4; i += 4)
                Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref px, (nuint)i), Vector256.LoadUnsafe(ref py, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var va = Vector128.Create(a);
            for (; i <= n - 2; i += 2)
                Vector128.FusedMultiplyAdd(va, Vector128.LoadUnsafe(ref px, (nuint)i), Vector128.LoadUnsafe(ref py, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref py, i) = Math.FusedMultiplyAdd(a, Unsafe.Add(ref px, i), Unsafe.Add(ref py, i));
    }

    /// <summary>z[i] −= a·x[i] + b·y[i] (the row form of a symmetric rank-2 update).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rank2Row(double a, ReadOnlySpan<double> x, double b, ReadOnlySpan<double> y, Span<double> z)
    {
        int n = z.Length;
        if (x.Length < n || y.Length < n) throw new ArgumentException("x or y is shorter than z.", nameof(z));
        ref double px = ref MemoryMarshal.GetReference(x);
        ref double py = ref MemoryMarshal.GetReference(y);
        ref double pz = ref MemoryMarshal.GetReference(z);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(-a); var vb = Vector512.Create(-b);
            for (; i <= n - 8; i += 8)
            {
                var t = Vector512.FusedMultiplyAdd(va, Vector512.LoadUnsafe(ref px, (nuint)i), Vector512.LoadUnsafe(ref pz, (nuint)i));
                Vector512.FusedMultiplyAdd(vb, Vector512.LoadUnsafe(ref py, (nuint)i), t).StoreUnsafe(ref pz, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(-a); var vb = Vector256.Create(-b);
            for (; i <= n - 4; i += 4)
            {
                var t = Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref px, (nuint)i), Vector256.LoadUnsafe(ref pz, (nuint)i));
                Vector256.FusedMultiplyAdd(vb, Vector256.LoadUnsafe(ref py, (nuint)i), t).StoreUnsafe(ref pz, (nuint)i);
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref pz, i) = Math.FusedMultiplyAdd(-b, Unsafe.Add(ref py, i), Math.FusedMultiplyAdd(-a, Unsafe.Add(ref px, i), Unsafe.Add(ref pz, i)));
    }

    /// <summary>Applies the plane rotation (x, y) ← (c·x + s·y, c·y − s·x) elementwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rotate(Span<double> x, Span<double> y, double c, double s)
    {
        int n = x.Length;
        if (y.Length < n) throw new ArgumentException("y is shorter than x.", nameof(y));
        ref double px = ref MemoryMarshal.GetReference(x);
        ref double py = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vc = Vector512.Create(c); var vs = Vector512.Create(s);
            for (; i <= n - 8; i += 8)
            {
                var a = Vector512.LoadUnsafe(ref px, (nuint)i);
                var b = Vector512.LoadUnsafe(ref py, (nuint)i);
                Vector512.FusedMultiplyAdd(vc, a, vs * b).StoreUnsafe(ref px, (nuint)i);
                Vector512.FusedMultiplyAdd(vc, b, -(vs * a)).StoreUnsafe(ref py, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var vc = Vector256.Create(c); var vs = Vector256.Create(s);
            for (; i <= n - 4; i += 4)
            {
                var a = Vector256.LoadUnsafe(ref px, (nuint)i);
                var b = Vector256.LoadUnsafe(ref py, (nuint)i);
                Vector256.FusedMultiplyAdd(vc, a, vs * b).StoreUnsafe(ref px, (nuint)i);
                Vector256.FusedMultiplyAdd(vc, b, -(vs * a)).StoreUnsafe(ref py, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            double a = Unsafe.Add(ref px, i), b = Unsafe.Add(ref py, i);
            Unsafe.Add(ref px, i) = Math.FusedMultiplyAdd(c, a, s * b);
            Unsafe.Add(ref py, i) = Math.FusedMultiplyAdd(c, b, -(s * a));
        }
    }

    /// <summary>x[i] *= a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(double a, Span<double> x)
    {
        int n = x.Length;
        ref double px = ref MemoryMarshal.GetReference(x);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            for (; i <= n - 4; i += 4) (va * Vector256.LoadUnsafe(ref px, (nuint)i)).StoreUnsafe(ref px, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref px, i) *= a;
    }

    /// <summary>
    /// Euclidean norm without spurious overflow or underflow: the plain sum of squares when it lies in a safe
    /// range, else a second pass scaled by the largest magnitude (as dnrm2 guarantees).
    /// </summary>
    public static double Norm2(ReadOnlySpan<double> x)
    {
        double ss = Dot(x, x);
        if (ss > 1e-290 && ss < 1e290) return Math.Sqrt(ss);
        double max = 0;
        foreach (var v in x) max = Math.Max(max, Math.Abs(v));
        if (max == 0 || !double.IsFinite(max)) return max;
        // Divided, not multiplied by 1/max: for a subnormal max that reciprocal is +∞, and 0·∞ made the norm NaN.
        double sum = 0;
        foreach (var v in x)
        {
            double t = v / max;
            sum += t * t;
        }
        return max * Math.Sqrt(sum);
    }
}

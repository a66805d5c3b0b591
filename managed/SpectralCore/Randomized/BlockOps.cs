using System.Numerics;

namespace SpectralCore.Randomized;

/// <summary>Small helpers on row-major blocks shared by the randomized and Krylov solvers.</summary>
internal static class BlockOps
{
    /// <summary>C (columns(Q) × l) = Qᵀ·W for row-major Q (m × qc) and W (m × l).</summary>
    internal static T[] TransposeTimes<T>(T[] q, int m, int qc, T[] w, int l, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = new T[qc * l];
        BlockProducts.Multiply(new MatrixView<T>(q, qc, m, MatrixLayout.ColumnMajor, Math.Max(1, qc)), w, c, l, threads);
        return c;
    }

    /// <summary>Q (m × qc) · C (qc × l), row-major.</summary>
    internal static T[] Times<T>(T[] q, int m, int qc, T[] c, int l, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[m * l];
        BlockProducts.Multiply(new MatrixView<T>(q, m, qc, MatrixLayout.RowMajor, Math.Max(1, qc)), c, result, l, threads);
        return result;
    }

    /// <summary>W ← W − Q(QᵀW) (one classical block Gram–Schmidt pass).</summary>
    internal static void ProjectOut<T>(T[] q, int m, int qc, T[] w, int l, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (qc == 0 || l == 0) return;
        var c = TransposeTimes(q, m, qc, w, l, threads);
        var correction = Times(q, m, qc, c, l, threads);
        System.Numerics.Tensors.TensorPrimitives.Subtract(w, correction, w);
    }

    /// <summary>
    /// A dense float32 copy of <paramref name="scale"/>·A (scale a power of two, so the scaling is exact) in the view's
    /// own layout (row-major stays row-major, column-major stays column-major), converted line by line with vector
    /// narrowing, lines split across threads, written to <paramref name="destination"/> (≥ rows·columns elements;
    /// the view aliases it).
    /// </summary>
    internal static MatrixView<float> ToFloat32<T>(MatrixView<T> matrix, Memory<float> destination, double scale, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = matrix.Rows, columns = matrix.Columns;
        bool rowMajor = matrix.Layout == MatrixLayout.RowMajor;
        int lines = rowMajor ? rows : columns, length = rowMajor ? columns : rows, ld = matrix.LeadingDimension;
        if (destination.Length < (long)rows * columns) throw new ArgumentException("The float32 copy needs rows·columns elements.", nameof(destination));
        if (!(scale > 0) || double.ScaleB(1.0, double.ILogB(scale)) != scale) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be a power of two.");
        ParallelRanges.For(lines, threads, 16, (start, end) =>
        {
            var span = matrix.Data.Span;
            // Scaled in float64 (a power of two beyond float32's exponent range is fine there), then narrowed.
            var scaled = scale == 1 ? null : System.Buffers.ArrayPool<double>.Shared.Rent(length);
            for (int i = start; i < end; i++)
            {
                var line = span.Slice(i * ld, length);
                var target = destination.Span.Slice(i * length, length);
                if (scaled is null)
                {
                    System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<T, float>(line, target);
                    continue;
                }
                var wide = scaled.AsSpan(0, length);
                Kernels.Common.Widening.ToDouble(line, wide);
                System.Numerics.Tensors.TensorPrimitives.Multiply(wide, scale, wide);
                System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<double, float>(wide, target);
            }
            if (scaled is not null) System.Buffers.ArrayPool<double>.Shared.Return(scaled);
        });
        return new MatrixView<float>(destination[..(rows * columns)], rows, columns, matrix.Layout, length);
    }

    /// <summary>
    /// <see cref="ToFloat32{T}"/> without scaling that also checks the matrix (throws like
    /// <see cref="RequireFinite{T}(MatrixView{T}, string)"/>, naming <paramref name="name"/>) and returns max|A|: each
    /// line is scanned and converted while it is in cache, so the check costs no extra pass over A. A finite float64
    /// value beyond float32's range converts to ∞ here; callers rescale (<see cref="UnitScale"/>) and convert again.
    /// </summary>
    internal static (MatrixView<float> Copy, double MaxMagnitude) ToFloat32Checked<T>(MatrixView<T> matrix, Memory<float> destination, int threads, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = matrix.Rows, columns = matrix.Columns;
        bool rowMajor = matrix.Layout == MatrixLayout.RowMajor;
        int lines = rowMajor ? rows : columns, length = rowMajor ? columns : rows, ld = matrix.LeadingDimension;
        if (destination.Length < (long)rows * columns) throw new ArgumentException("The float32 copy needs rows·columns elements.", nameof(destination));
        double largest = 0;
        var gate = new object();
        bool finite = true;
        ParallelRanges.For(lines, threads, 16, (start, end) =>
        {
            var span = matrix.Data.Span;
            T local = T.Zero;
            for (int i = start; i < end; i++)
            {
                var line = span.Slice(i * ld, length);
                if (!AllFinite(line, out var lineLargest))
                {
                    finite = false;
                    return;
                }
                local = T.Max(local, lineLargest);
                System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<T, float>(line, destination.Span.Slice(i * length, length));
            }
            lock (gate) largest = Math.Max(largest, double.CreateTruncating(local));
        });
        if (!finite) RequireFinite(matrix, name);
        return (new MatrixView<float>(destination[..(rows * columns)], rows, columns, matrix.Layout, length), largest);
    }

    /// <summary>
    /// The power of two that brings a largest magnitude (of either sign) near 1 when it lies outside [2⁻⁶⁰, 2⁶⁰] (else 1). Scaling by it
    /// is exact; afterwards sums of squares of thousands of entries cannot overflow or underflow in float64, and a
    /// float32 copy (with products against normalized blocks) stays far inside float32's range. A subnormal largest magnitude
    /// (exponent below −1022) would need a factor beyond float64's range: the factor stops at 2^1023, which still brings it
    /// within [2⁻⁵², 2⁻⁸] (an uncapped 2^1031 was +∞ and turned the Gram route's matrix into NaN).
    /// </summary>
    internal static double UnitScale(double maxMagnitude)
    {
        double size = Math.Abs(maxMagnitude); // TensorPrimitives.MaxMagnitude keeps the sign of the largest entry
        if (!(size > 0) || !double.IsFinite(size) || Math.Abs(double.ILogB(size)) <= 60) return 1.0;
        return double.ScaleB(1.0, Math.Clamp(-double.ILogB(size), -1022, 1023));
    }

    /// <summary>Rows × columns row-major array converted from float64.</summary>
    internal static T[] FromDouble<T>(ReadOnlySpan<double> source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[source.Length];
        for (int i = 0; i < source.Length; i++) result[i] = T.CreateTruncating(source[i]);
        return result;
    }

    /// <summary>The first <paramref name="take"/> columns of a row-major rows × columns array.</summary>
    internal static T[] LeadingColumns<T>(ReadOnlySpan<T> source, int rows, int columns, int take)
    {
        var result = new T[rows * take];
        for (int i = 0; i < rows; i++) source.Slice(i * columns, take).CopyTo(result.AsSpan(i * take, take));
        return result;
    }

    /// <summary>Throws when a block returned by a user operator holds NaN or infinity.</summary>
    internal static void RequireFinite<T>(ReadOnlySpan<T> block, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var value in block)
            if (!T.IsFinite(value))
                throw new ArgumentException($"The operator returned a non-finite value ({value}) in {what}; its input matrix or callbacks produce NaN or infinity.", "operator");
    }

    /// <summary>
    /// True when every value is finite: x − x is 0 for finite x and NaN for ±∞ or NaN, so one vector sum of those
    /// differences decides a whole line (the scalar scan then only runs to locate a culprit). Also returns max|x|
    /// from the same pass (meaningful only when the line is finite).
    /// </summary>
    private static bool AllFinite<T>(ReadOnlySpan<T> line, out T maxMagnitude) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        maxMagnitude = T.Zero;
        if (System.Numerics.Vector.IsHardwareAccelerated && line.Length >= System.Numerics.Vector<T>.Count)
        {
            var acc = System.Numerics.Vector<T>.Zero;
            var largest = System.Numerics.Vector<T>.Zero;
            var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<T, System.Numerics.Vector<T>>(line);
            foreach (var v in vectors)
            {
                acc += v - v;
                largest = System.Numerics.Vector.Max(largest, System.Numerics.Vector.Abs(v));
            }
            if (!System.Numerics.Vector.EqualsAll(acc, System.Numerics.Vector<T>.Zero)) return false;
            for (int lane = 0; lane < System.Numerics.Vector<T>.Count; lane++) maxMagnitude = T.Max(maxMagnitude, largest[lane]);
            i = vectors.Length * System.Numerics.Vector<T>.Count;
        }
        for (; i < line.Length; i++)
        {
            if (!T.IsFinite(line[i])) return false;
            maxMagnitude = T.Max(maxMagnitude, T.Abs(line[i]));
        }
        return true;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="name"/> when the view holds NaN or infinity.</summary>
    internal static void RequireFinite<T>(MatrixView<T> matrix, string name) where T : unmanaged, IFloatingPointIeee754<T> =>
        RequireFiniteMaxMagnitude(matrix, name);

    /// <summary><see cref="RequireFinite{T}(MatrixView{T}, string)"/> that also returns max|A| (one pass).</summary>
    internal static double RequireFiniteMaxMagnitude<T>(MatrixView<T> matrix, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var span = matrix.Data.Span;
        int outer = matrix.Layout == MatrixLayout.RowMajor ? matrix.Rows : matrix.Columns;
        int inner = matrix.Layout == MatrixLayout.RowMajor ? matrix.Columns : matrix.Rows;
        T largest = T.Zero;
        for (int o = 0; o < outer; o++)
        {
            var line = span.Slice(o * matrix.LeadingDimension, inner);
            if (AllFinite(line, out var lineLargest))
            {
                largest = T.Max(largest, lineLargest);
                continue;
            }
            for (int i = 0; i < line.Length; i++)
                if (!T.IsFinite(line[i]))
                {
                    int row = matrix.Layout == MatrixLayout.RowMajor ? o : i, column = matrix.Layout == MatrixLayout.RowMajor ? i : o;
                    throw new ArgumentException($"The matrix holds a non-finite value ({line[i]}) at ({row}, {column}).", name);
                }
        }
        return double.CreateTruncating(largest);
    }
}

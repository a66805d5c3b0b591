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
    /// A dense float32 copy of a view in the view's own layout (row-major stays row-major, column-major stays
    /// column-major), converted line by line with vector narrowing, lines split across threads, written to
    /// <paramref name="destination"/> (≥ rows·columns elements; the view aliases it).
    /// </summary>
    internal static MatrixView<float> ToFloat32<T>(MatrixView<T> matrix, Memory<float> destination, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = matrix.Rows, columns = matrix.Columns;
        bool rowMajor = matrix.Layout == MatrixLayout.RowMajor;
        int lines = rowMajor ? rows : columns, length = rowMajor ? columns : rows, ld = matrix.LeadingDimension;
        if (destination.Length < (long)rows * columns) throw new ArgumentException("The float32 copy needs rows·columns elements.", nameof(destination));
        ParallelRanges.For(lines, threads, 16, (start, end) =>
        {
            var span = matrix.Data.Span;
            for (int i = start; i < end; i++)
                System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<T, float>(span.Slice(i * ld, length), destination.Span.Slice(i * length, length));
        });
        return new MatrixView<float>(destination[..(rows * columns)], rows, columns, matrix.Layout, length);
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
    /// differences decides a whole line (the scalar scan then only runs to locate a culprit).
    /// </summary>
    private static bool AllFinite<T>(ReadOnlySpan<T> line) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && line.Length >= System.Numerics.Vector<T>.Count)
        {
            var acc = System.Numerics.Vector<T>.Zero;
            var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<T, System.Numerics.Vector<T>>(line);
            foreach (var v in vectors) acc += v - v;
            if (!System.Numerics.Vector.EqualsAll(acc, System.Numerics.Vector<T>.Zero)) return false;
            i = vectors.Length * System.Numerics.Vector<T>.Count;
        }
        for (; i < line.Length; i++)
            if (!T.IsFinite(line[i])) return false;
        return true;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="name"/> when the view holds NaN or infinity.</summary>
    internal static void RequireFinite<T>(MatrixView<T> matrix, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var span = matrix.Data.Span;
        int outer = matrix.Layout == MatrixLayout.RowMajor ? matrix.Rows : matrix.Columns;
        int inner = matrix.Layout == MatrixLayout.RowMajor ? matrix.Columns : matrix.Rows;
        for (int o = 0; o < outer; o++)
        {
            var line = span.Slice(o * matrix.LeadingDimension, inner);
            if (AllFinite(line)) continue;
            for (int i = 0; i < line.Length; i++)
                if (!T.IsFinite(line[i]))
                {
                    int row = matrix.Layout == MatrixLayout.RowMajor ? o : i, column = matrix.Layout == MatrixLayout.RowMajor ? i : o;
                    throw new ArgumentException($"The matrix holds a non-finite value ({line[i]}) at ({row}, {column}).", name);
                }
        }
    }
}

using System.Numerics;

namespace SpectralCore.Kernels.Common;

/// <summary>
/// Copies user matrices into the kernels' working storage (dense, row-major, float64) while validating them.
/// Every kernel computes in float64: float32 inputs are widened on the way in (cheap next to the O(n³) work)
/// and results are rounded back to float32 on the way out, so float32 results carry float64-quality answers
/// rounded once.
/// </summary>
internal static class KernelInput
{
    /// <summary>
    /// Reads only the declared <paramref name="triangle"/> of the square <paramref name="matrix"/> and writes the
    /// full symmetric matrix (both triangles) into a new row-major float64 array, row i at i·<paramref name="lda"/>
    /// (0: n; padding entries are zero). Throws
    /// <see cref="ArgumentException"/> naming <paramref name="argumentName"/> for a non-square input or a
    /// non-finite element in the read triangle (with its location).
    /// </summary>
    /// <remarks>
    /// With <paramref name="lowerOnly"/> only the lower triangle (diagonal included) of the result is written, for
    /// consumers that read nothing else. A stored triangle whose rows of the lower triangle are contiguous (lower of a
    /// row-major matrix, upper of a column-major one) is copied run by run and checked a run at a time: at n = 2048 the
    /// element-by-element tiled loop took 21 ms of a 0.31 s values-only solve.
    /// </remarks>
    public static double[] ReadSymmetric<T>(MatrixView<T> matrix, Triangle triangle, string argumentName, bool lowerOnly = false, int lda = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!matrix.IsSquare)
            throw new ArgumentException($"A symmetric eigenproblem needs a square matrix, got {matrix.Rows}×{matrix.Columns}.", argumentName);
        if (triangle is not (Triangle.Lower or Triangle.Upper))
            throw new ArgumentException($"Unknown triangle {(int)triangle}.", nameof(triangle));
        int n = matrix.Rows;
        if (lda == 0) lda = n;
        if (lda < n) throw new ArgumentOutOfRangeException(nameof(lda), lda, $"The leading dimension must be at least the order {n}.");
        var result = new double[(long)n * lda <= Array.MaxLength ? n * lda : throw new ArgumentException($"{n}×{n} is too large.", argumentName)];
        var span = matrix.Data.Span;
        bool lowerRowsContiguous = triangle == Triangle.Lower ? matrix.Layout == MatrixLayout.RowMajor : matrix.Layout == MatrixLayout.ColumnMajor;
        if (lowerRowsContiguous)
        {
            for (int i = 0; i < n; i++)
            {
                // Row i of the lower triangle: (i, 0..i) of a row-major lower, (0..i, i) of a column-major upper.
                var run = span.Slice(triangle == Triangle.Lower ? matrix.Index(i, 0) : matrix.Index(0, i), i + 1);
                var target = result.AsSpan(i * lda, i + 1);
                if (typeof(T) == typeof(double)) System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(run).CopyTo(target);
                else Widening.ToDouble(run, target);
                // MaxMagnitude is NaN or ∞ exactly when the run holds a non-finite value.
                if (!double.IsFinite(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude<double>(target)))
                {
                    int j = 0;
                    while (double.IsFinite(target[j])) j++;
                    throw triangle == Triangle.Lower ? NonFinite(argumentName, i, j, target[j]) : NonFinite(argumentName, j, i, target[j]);
                }
            }
            if (!lowerOnly) MirrorLowerToUpper(result, n, lda: lda);
            return result;
        }
        // Tiles of the stored triangle, so both the read and the mirrored write stay within a few cache lines
        // (a row-by-row loop writes the mirror image one column at a time: n cache misses per row).
        const int tile = 32;
        for (int i0 = 0; i0 < n; i0 += tile)
        {
            int i1 = Math.Min(n, i0 + tile);
            for (int j0 = 0; j0 <= i0; j0 += tile)
            {
                int j1 = Math.Min(n, j0 + tile);
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < Math.Min(j1, i + 1); j++)
                    {
                        // (i, j) in the lower triangle; the upper triangle is read at its mirror (j, i).
                        int r = triangle == Triangle.Lower ? i : j, c = triangle == Triangle.Lower ? j : i;
                        double value = double.CreateTruncating(span[matrix.Index(r, c)]);
                        if (!double.IsFinite(value)) throw NonFinite(argumentName, r, c, value);
                        result[i * lda + j] = value;
                        if (!lowerOnly) result[j * lda + i] = value;
                    }
            }
        }
        return result;
    }

    /// <summary>
    /// Copies the strict lower triangle of the row-major n×n <paramref name="a"/> onto the upper one in 32×32 tiles (a
    /// row-by-row mirror reads a whole column per row: one cache miss per element at n in the thousands), tile rows
    /// spread over up to <paramref name="threads"/> workers from n = 512 on. Row i starts at i·<paramref name="lda"/>
    /// (0: n).
    /// </summary>
    public static void MirrorLowerToUpper(double[] a, int n, int threads = 1, int lda = 0)
    {
        if (lda == 0) lda = n;
        const int tile = 32;
        int tileRows = (n + tile - 1) / tile;
        Parallel.For(0, tileRows, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, n >= 512 ? threads : 1) }, t =>
        {
            int i0 = t * tile;
            for (int j0 = i0; j0 < n; j0 += tile)
                for (int i = i0; i < Math.Min(n, i0 + tile); i++)
                    for (int j = Math.Max(j0, i + 1); j < Math.Min(n, j0 + tile); j++) a[(long)i * lda + j] = a[(long)j * lda + i];
        });
    }

    /// <summary>
    /// Copies a general m×n matrix into a new row-major float64 array (transposed when
    /// <paramref name="transpose"/>), rejecting non-finite elements with their location.
    /// </summary>
    public static double[] ReadGeneral<T>(MatrixView<T> matrix, bool transpose, string argumentName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = matrix.Rows, n = matrix.Columns;
        long count = (long)m * n;
        if (count > Array.MaxLength)
            throw new ArgumentException($"A {m}×{n} matrix has {count} elements, more than an array can hold.", argumentName);
        var result = Memory.LargeArray.Allocate<double>(count);
        var span = matrix.Data.Span;
        // 32×32 tiles: a transposed write then stays within a few cache lines instead of striding a whole column.
        const int tile = 32;
        for (int i0 = 0; i0 < m; i0 += tile)
        {
            int i1 = Math.Min(m, i0 + tile);
            for (int j0 = 0; j0 < n; j0 += tile)
            {
                int j1 = Math.Min(n, j0 + tile);
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < j1; j++)
                    {
                        double value = double.CreateTruncating(span[matrix.Index(i, j)]);
                        if (!double.IsFinite(value)) throw NonFinite(argumentName, i, j, value);
                        if (transpose) result[(long)j * m + i] = value;
                        else result[(long)i * n + j] = value;
                    }
            }
        }
        return result;
    }

    internal static ArgumentException NonFinite(string argumentName, int i, int j, double value) =>
        new($"The matrix contains {(double.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity")} at ({i}, {j}); every element must be finite.", argumentName);

    /// <summary>Converts float64 results to <typeparamref name="T"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static T[] Convert<T>(ReadOnlySpan<double> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[values.Length];
        if (typeof(T) == typeof(double))
        {
            values.CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(result.AsSpan()));
            return result;
        }
        for (int i = 0; i < values.Length; i++) result[i] = T.CreateTruncating(values[i]);
        return result;
    }

    /// <summary>Transposes a rows×cols row-major float64 array (the first <paramref name="rows"/> rows) into a cols×rows <see cref="Matrix{T}"/>.</summary>
    public static Matrix<T> TransposeToMatrix<T>(double[] source, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Matrix<T>(cols, rows);
        var data = result.Data;
        const int block = 32;
        for (int ib = 0; ib < rows; ib += block)
        {
            int iEnd = Math.Min(rows, ib + block);
            for (int jb = 0; jb < cols; jb += block)
            {
                int jEnd = Math.Min(cols, jb + block);
                for (int i = ib; i < iEnd; i++)
                    for (int j = jb; j < jEnd; j++)
                        data[j * rows + i] = T.CreateTruncating(source[i * cols + j]);
            }
        }
        return result;
    }

    /// <summary>Copies the first rows×cols row-major block of a float64 array into a <see cref="Matrix{T}"/>.</summary>
    public static Matrix<T> ToMatrix<T>(double[] source, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Matrix<T>(rows, cols);
        var data = result.Data;
        for (int i = 0; i < rows * cols; i++) data[i] = T.CreateTruncating(source[i]);
        return result;
    }
}

using System.Numerics;

namespace SpectralCore;

/// <summary>
/// A read-only, possibly strided view of a dense rows × columns matrix with an explicit layout. It does not
/// own or copy its memory. Construction validates that every element lies inside <see cref="Data"/>.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public readonly struct MatrixView<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a view; throws <see cref="ArgumentException"/> naming the argument when it does not fit.</summary>
    /// <param name="data">The elements.</param>
    /// <param name="rows">Number of rows (≥ 0).</param>
    /// <param name="columns">Number of columns (≥ 0).</param>
    /// <param name="layout">Row- or column-major.</param>
    /// <param name="leadingDimension">Distance between rows (row-major) or columns (column-major); 0 means dense.</param>
    public MatrixView(ReadOnlyMemory<T> data, int rows, int columns, MatrixLayout layout = MatrixLayout.RowMajor, int leadingDimension = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (layout is not (MatrixLayout.RowMajor or MatrixLayout.ColumnMajor))
            throw new ArgumentException($"Unknown layout {(int)layout}.", nameof(layout));
        int inner = layout == MatrixLayout.RowMajor ? columns : rows;
        int outer = layout == MatrixLayout.RowMajor ? rows : columns;
        if (leadingDimension == 0) leadingDimension = Math.Max(1, inner);
        if (leadingDimension < Math.Max(1, inner))
            throw new ArgumentException($"Leading dimension {leadingDimension} is smaller than the {(layout == MatrixLayout.RowMajor ? "column" : "row")} count {inner}.", nameof(leadingDimension));
        long needed = outer == 0 || inner == 0 ? 0 : (long)(outer - 1) * leadingDimension + inner;
        if (needed > data.Length)
            throw new ArgumentException($"A {rows}×{columns} {layout} matrix with leading dimension {leadingDimension} needs {needed} elements but the buffer holds {data.Length}.", nameof(data));
        Data = data;
        Rows = rows;
        Columns = columns;
        Layout = layout;
        LeadingDimension = leadingDimension;
    }

    /// <summary>The underlying elements.</summary>
    public ReadOnlyMemory<T> Data { get; }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Memory layout.</summary>
    public MatrixLayout Layout { get; }

    /// <summary>Stride between consecutive rows (row-major) or columns (column-major), in elements.</summary>
    public int LeadingDimension { get; }

    /// <summary>True when the view has no padding between rows/columns.</summary>
    public bool IsContiguous => LeadingDimension == Math.Max(1, Layout == MatrixLayout.RowMajor ? Columns : Rows);

    /// <summary>True when rows == columns.</summary>
    public bool IsSquare => Rows == Columns;

    /// <summary>Element (row, column).</summary>
    public T this[int row, int column] => Data.Span[Index(row, column)];

    /// <summary>Offset of element (row, column) in <see cref="Data"/>.</summary>
    public int Index(int row, int column) =>
        Layout == MatrixLayout.RowMajor ? row * LeadingDimension + column : row + column * LeadingDimension;

    /// <summary>The transposed view (no copy): a row-major m×n view becomes a column-major n×m view.</summary>
    public MatrixView<T> Transposed() =>
        new(Data, Columns, Rows, Layout == MatrixLayout.RowMajor ? MatrixLayout.ColumnMajor : MatrixLayout.RowMajor, LeadingDimension);

    /// <summary>A dense row-major view over an array.</summary>
    public static MatrixView<T> RowMajor(T[] data, int rows, int columns) => new(data, rows, columns, MatrixLayout.RowMajor);

    /// <summary>A dense column-major view over an array.</summary>
    public static MatrixView<T> ColumnMajor(T[] data, int rows, int columns) => new(data, rows, columns, MatrixLayout.ColumnMajor);

    /// <summary>Copies the view into a new dense row-major array.</summary>
    public T[] ToRowMajorArray()
    {
        var result = new T[checked(Rows * Columns)];
        var span = Data.Span;
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Columns; j++)
                result[i * Columns + j] = span[Index(i, j)];
        return result;
    }

    /// <summary>Copies the view into a new dense column-major array.</summary>
    public T[] ToColumnMajorArray()
    {
        var result = new T[checked(Rows * Columns)];
        var span = Data.Span;
        for (int j = 0; j < Columns; j++)
            for (int i = 0; i < Rows; i++)
                result[i + j * Rows] = span[Index(i, j)];
        return result;
    }

    /// <inheritdoc />
    public override string ToString() => $"MatrixView<{typeof(T).Name}>({Rows}×{Columns}, {Layout}, ld={LeadingDimension})";
}

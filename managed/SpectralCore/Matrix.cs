using System.Numerics;

namespace SpectralCore;

/// <summary>A dense matrix that owns its elements, stored row-major.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Matrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a zero matrix.</summary>
    public Matrix(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        long count = (long)rows * columns;
        if (count > Array.MaxLength)
            throw new ArgumentException($"A {rows}×{columns} matrix has {count} elements, more than an array can hold.", nameof(rows));
        Rows = rows;
        Columns = columns;
        Data = new T[count];
    }

    /// <summary>Wraps an existing row-major array (no copy).</summary>
    public Matrix(T[] data, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != data.Length)
            throw new ArgumentException($"{rows}×{columns} needs {(long)rows * columns} elements but the array holds {data.Length}.", nameof(data));
        Rows = rows;
        Columns = columns;
        Data = data;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>The elements, row-major.</summary>
    public T[] Data { get; }

    /// <summary>Element (row, column).</summary>
    public T this[int row, int column]
    {
        get => Data[row * Columns + column];
        set => Data[row * Columns + column] = value;
    }

    /// <summary>Row <paramref name="row"/> as a span.</summary>
    public Span<T> Row(int row) => Data.AsSpan(row * Columns, Columns);

    /// <summary>Column <paramref name="column"/> copied into a new array.</summary>
    public T[] Column(int column)
    {
        var result = new T[Rows];
        for (int i = 0; i < Rows; i++) result[i] = Data[i * Columns + column];
        return result;
    }

    /// <summary>A row-major view of this matrix.</summary>
    public MatrixView<T> View => new(Data, Rows, Columns, MatrixLayout.RowMajor);

    /// <summary>Copies any view into a new row-major matrix.</summary>
    public static Matrix<T> From(MatrixView<T> view) => new(view.ToRowMajorArray(), view.Rows, view.Columns);
}

namespace SpectralCore;

/// <summary>How a matrix's elements are laid out in memory.</summary>
public enum MatrixLayout
{
    /// <summary>Element (i, j) is at <c>i * leadingDimension + j</c> (C / NumPy order).</summary>
    RowMajor = 0,

    /// <summary>Element (i, j) is at <c>i + j * leadingDimension</c> (Fortran / LAPACK order).</summary>
    ColumnMajor = 1,
}

using System.Numerics;

namespace SpectralCore.Operators;

/// <summary>An operator defined by user callbacks; block sizes are checked before every call.</summary>
internal sealed class CallbackOperator<T> : ILinearOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly BlockProduct<T> _apply;
    private readonly BlockProduct<T> _applyTranspose;

    internal CallbackOperator(int rows, int columns, BlockProduct<T> apply, BlockProduct<T> applyTranspose)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentNullException.ThrowIfNull(apply);
        ArgumentNullException.ThrowIfNull(applyTranspose);
        Rows = rows;
        Columns = columns;
        _apply = apply;
        _applyTranspose = applyTranspose;
    }

    public int Rows { get; }

    public int Columns { get; }

    public void Apply(ReadOnlySpan<T> x, Span<T> y, int count)
    {
        LinearOperator.CheckBlock(Columns, Rows, x, y, count);
        _apply(x[..(Columns * count)], y[..(Rows * count)], count);
    }

    public void ApplyTranspose(ReadOnlySpan<T> x, Span<T> y, int count)
    {
        LinearOperator.CheckBlock(Rows, Columns, x, y, count);
        _applyTranspose(x[..(Rows * count)], y[..(Columns * count)], count);
    }
}

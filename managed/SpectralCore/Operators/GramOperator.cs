using System.Numerics;

namespace SpectralCore.Operators;

/// <summary>AᵀA (or AAᵀ) applied as two products with A, never formed (squares the condition number).</summary>
internal sealed class GramOperator<T> : ILinearOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ILinearOperator<T> _a;
    private readonly bool _outer;

    internal GramOperator(ILinearOperator<T> a, bool outer)
    {
        ArgumentNullException.ThrowIfNull(a);
        _a = a;
        _outer = outer;
    }

    public int Rows => _outer ? _a.Rows : _a.Columns;

    public int Columns => Rows;

    public void Apply(ReadOnlySpan<T> x, Span<T> y, int count)
    {
        LinearOperator.CheckBlock(Rows, Rows, x, y, count);
        int middle = _outer ? _a.Columns : _a.Rows;
        var temporary = new T[checked(middle * count)];
        if (_outer)
        {
            _a.ApplyTranspose(x, temporary, count);
            _a.Apply(temporary, y, count);
        }
        else
        {
            _a.Apply(x, temporary, count);
            _a.ApplyTranspose(temporary, y, count);
        }
    }

    public void ApplyTranspose(ReadOnlySpan<T> x, Span<T> y, int count) => Apply(x, y, count);
}

using System.Numerics;

namespace SpectralCore.Operators;

/// <summary>Aᵀ as an operator (swaps Apply and ApplyTranspose).</summary>
internal sealed class TransposedOperator<T>(ILinearOperator<T> inner) : ILinearOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Rows => inner.Columns;

    public int Columns => inner.Rows;

    public void Apply(ReadOnlySpan<T> x, Span<T> y, int count) => inner.ApplyTranspose(x, y, count);

    public void ApplyTranspose(ReadOnlySpan<T> x, Span<T> y, int count) => inner.Apply(x, y, count);
}

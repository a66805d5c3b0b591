using System.Numerics;

namespace SpectralCore.Operators;

/// <summary>
/// s·A for a power-of-two s (exact in floating point): the randomized solvers run on an operator brought near unit
/// magnitude, so Gram matrices and probe norms neither overflow nor underflow for matrices of extreme scale.
/// </summary>
internal sealed class ScaledOperator<T>(ILinearOperator<T> inner, T factor) : ILinearOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Rows => inner.Rows;

    public int Columns => inner.Columns;

    public void Apply(ReadOnlySpan<T> x, Span<T> y, int count)
    {
        inner.Apply(x, y, count);
        var written = y[..(Rows * count)];
        System.Numerics.Tensors.TensorPrimitives.Multiply(written, factor, written);
    }

    public void ApplyTranspose(ReadOnlySpan<T> x, Span<T> y, int count)
    {
        inner.ApplyTranspose(x, y, count);
        var written = y[..(Columns * count)];
        System.Numerics.Tensors.TensorPrimitives.Multiply(written, factor, written);
    }
}

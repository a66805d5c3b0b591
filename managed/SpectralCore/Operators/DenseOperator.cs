using System.Numerics;
using SpectralCore.Randomized;

namespace SpectralCore.Operators;

/// <summary>A dense <see cref="MatrixView{T}"/> (any layout and stride) as an <see cref="ILinearOperator{T}"/>.</summary>
internal sealed class DenseOperator<T> : ILinearOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal DenseOperator(MatrixView<T> matrix, int threads = 0)
    {
        Matrix = matrix;
        Threads = threads;
    }

    internal MatrixView<T> Matrix { get; }

    /// <summary>Worker threads for the products (0 = all cores).</summary>
    internal int Threads { get; }

    public int Rows => Matrix.Rows;

    public int Columns => Matrix.Columns;

    public void Apply(ReadOnlySpan<T> x, Span<T> y, int count)
    {
        LinearOperator.CheckBlock(Columns, Rows, x, y, count);
        BlockProducts.Multiply(Matrix, x, y, count, Threads);
    }

    public void ApplyTranspose(ReadOnlySpan<T> x, Span<T> y, int count)
    {
        LinearOperator.CheckBlock(Rows, Columns, x, y, count);
        BlockProducts.Multiply(Matrix.Transposed(), x, y, count, Threads);
    }
}

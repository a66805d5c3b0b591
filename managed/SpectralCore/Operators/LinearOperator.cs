using System.Numerics;

namespace SpectralCore.Operators;

/// <summary>Factories for the standard <see cref="ILinearOperator{T}"/> adapters.</summary>
public static class LinearOperator
{
    /// <summary>A dense matrix as an operator (no copy: the view must stay valid and unchanged while in use).</summary>
    public static ILinearOperator<T> FromMatrix<T>(MatrixView<T> matrix) where T : unmanaged, IFloatingPointIeee754<T> =>
        new DenseOperator<T>(matrix);

    /// <summary>The Gram operator AᵀA (Columns × Columns, symmetric) applied as Aᵀ(A·X), never formed.</summary>
    public static ILinearOperator<T> Gram<T>(ILinearOperator<T> a) where T : unmanaged, IFloatingPointIeee754<T> =>
        new GramOperator<T>(a, outer: false);

    /// <summary>The outer Gram operator AAᵀ (Rows × Rows, symmetric) applied as A(Aᵀ·X), never formed.</summary>
    public static ILinearOperator<T> OuterGram<T>(ILinearOperator<T> a) where T : unmanaged, IFloatingPointIeee754<T> =>
        new GramOperator<T>(a, outer: true);

    /// <summary>An operator from user callbacks (e.g. Jacobian–vector and vector–Jacobian products).</summary>
    /// <param name="rows">m ≥ 1.</param>
    /// <param name="columns">n ≥ 1.</param>
    /// <param name="apply">Y = A·X (X is columns × count, Y rows × count, row-major).</param>
    /// <param name="applyTranspose">Y = Aᵀ·X (X is rows × count, Y columns × count, row-major).</param>
    public static ILinearOperator<T> FromCallbacks<T>(int rows, int columns, BlockProduct<T> apply, BlockProduct<T> applyTranspose)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new CallbackOperator<T>(rows, columns, apply, applyTranspose);

    /// <summary>A symmetric operator from one callback (Apply and ApplyTranspose are the same product).</summary>
    public static ILinearOperator<T> FromSymmetricCallback<T>(int size, BlockProduct<T> apply) where T : unmanaged, IFloatingPointIeee754<T> =>
        new CallbackOperator<T>(size, size, apply, apply);

    internal static void CheckBlock<T>(int inputLength, int outputLength, ReadOnlySpan<T> x, Span<T> y, int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "The vector count must be ≥ 0.");
        if (x.Length < (long)inputLength * count)
            throw new ArgumentException($"The input block needs {(long)inputLength * count} elements ({inputLength} × {count}) but has {x.Length}.", nameof(x));
        if (y.Length < (long)outputLength * count)
            throw new ArgumentException($"The output block needs {(long)outputLength * count} elements ({outputLength} × {count}) but has {y.Length}.", nameof(y));
    }
}

using System.Numerics;

namespace SpectralCore.Operators;

/// <summary>
/// A linear map A (Rows × Columns) known only through products with blocks of vectors: the matrix-free input
/// of the randomized SVD (<c>SpectralEngine.RandomizedSvd</c>)
/// and the Lanczos eigensolver (e.g. a network Jacobian J applied through forward/backward passes).
/// </summary>
/// <remarks>
/// Block layout (both directions): a block of <c>count</c> vectors of length L is a dense row-major L × count
/// array, vector j being column j (element i of vector j at <c>i * count + j</c>). Implementations overwrite
/// the output completely, must not keep references to the spans, and must be deterministic (same input →
/// same bits) for the randomized SVD to be reproducible.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface ILinearOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Number of rows m of A (length of A·x).</summary>
    int Rows { get; }

    /// <summary>Number of columns n of A (length of x).</summary>
    int Columns { get; }

    /// <summary>Y = A·X for a block X (Columns × count) into Y (Rows × count), both row-major.</summary>
    void Apply(ReadOnlySpan<T> x, Span<T> y, int count);

    /// <summary>Y = Aᵀ·X for a block X (Rows × count) into Y (Columns × count), both row-major.</summary>
    void ApplyTranspose(ReadOnlySpan<T> x, Span<T> y, int count);
}

/// <summary>Delegate form of a block product (see <see cref="ILinearOperator{T}"/> for the block layout).</summary>
public delegate void BlockProduct<T>(ReadOnlySpan<T> input, Span<T> output, int count) where T : unmanaged, IFloatingPointIeee754<T>;

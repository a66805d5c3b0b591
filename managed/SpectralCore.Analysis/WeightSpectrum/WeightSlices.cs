using SpectralCore.Kernels.Memory;
namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>
/// The 2-D matrices a layer's ESD is pooled from, in float64: one matrix for Dense/Embedding, kh·kw slices
/// for Conv2D, k slices for Conv1D. N = max, M = min of the slice dimensions, rf = number of slices.
/// </summary>
public sealed class WeightSlices : IDisposable
{
    private IReadOnlyList<double[]>? _matrices;

    /// <summary>The memory map the float32 slice is read from (a large float32 .npy or safetensors layer), released by <see cref="Dispose"/>.</summary>
    private readonly IDisposable? _owner;

    internal WeightSlices(WeightLayerKind kind, int rows, int columns, IReadOnlyList<double[]> matrices)
        : this(kind, rows, columns, matrices.Count) => _matrices = matrices;

    /// <summary>float32 slices, kept as they are: widened only if <see cref="Matrices"/> is asked for.</summary>
    internal WeightSlices(WeightLayerKind kind, int rows, int columns, IReadOnlyList<float[]> singleMatrices)
        : this(kind, rows, columns, singleMatrices.Count) => SingleMatrices = singleMatrices.Select(m => (ReadOnlyMemory<float>)m).ToArray();

    /// <summary>One float32 matrix read in place from <paramref name="owner"/>'s memory (a memory map), released with these slices.</summary>
    internal WeightSlices(WeightLayerKind kind, int rows, int columns, ReadOnlyMemory<float> single, IDisposable owner)
        : this(kind, rows, columns, 1)
    {
        SingleMatrices = [single];
        _owner = owner;
    }

    private WeightSlices(WeightLayerKind kind, int rows, int columns, int count)
    {
        Kind = kind;
        Rows = rows;
        Columns = columns;
        Count = count;
    }

    /// <summary>
    /// The float32 slices of a float32 tensor (null for float64 tensors): solvers take them directly and compute in
    /// float64, so a layer's weights are not held twice (a widened copy is twice their size).
    /// </summary>
    internal IReadOnlyList<ReadOnlyMemory<float>>? SingleMatrices { get; }

    private int Count { get; }

    /// <summary>The resolved layer kind.</summary>
    public WeightLayerKind Kind { get; }

    /// <summary>Rows of every slice.</summary>
    public int Rows { get; }

    /// <summary>Columns of every slice.</summary>
    public int Columns { get; }

    /// <summary>N = max(rows, columns).</summary>
    public int N => Math.Max(Rows, Columns);

    /// <summary>M = min(rows, columns).</summary>
    public int M => Math.Min(Rows, Columns);

    /// <summary>Receptive field: the number of slices pooled (1 for Dense).</summary>
    public int Rf => Count;

    /// <summary>The slices, each row-major Rows × Columns, float64 (float32 slices are widened exactly on first use).</summary>
    public IReadOnlyList<double[]> Matrices => _matrices ??= SingleMatrices!.Select(Widen).ToArray();

    private static double[] Widen(ReadOnlyMemory<float> single)
    {
        var result = LargeArray.Allocate<double>(single.Length);
        SpectralCore.Kernels.Common.Widening.ToDouble<float>(single.Span, result);
        return result;
    }

    /// <summary>
    /// Releases the memory map a large float32 .npy or safetensors layer is read from in place (nothing for slices held in arrays).
    /// The slices must not be used afterwards.
    /// </summary>
    public void Dispose() => _owner?.Dispose();
}

/// <summary>
/// Turns a <see cref="WeightTensor"/> into the matrices WeightWatcher 0.7.5.5 forms its ESD from:
/// <list type="bullet">
/// <item>Dense / Embedding (rank 2): the matrix itself (orientation does not matter: σ(W) = σ(Wᵀ)).</item>
/// <item>Conv2D: PyTorch/ONNX (out, in, kh, kw) → slices W[:, :, i, j]; Keras (kh, kw, in, out) → W[i, j, :, :];
/// each multiplied by √(1/2) (WeightWatcher's default conv2d_norm) — in float32 for float32 weights, as
/// WeightWatcher does before its float64 cast, so results match it bit-for-bit before the SVD.</item>
/// <item>Conv1D: PyTorch/ONNX (out, in, k) → W[:, :, t]; Keras (k, in, out) → W[t, :, :]; pooled, not scaled.
/// (WeightWatcher 0.7.5.5 instead hands the 3-D tensor to a batched SVD over the first axis; we use the
/// receptive-field slicing its documentation describes, consistent with Conv2D.)</item>
/// </list>
/// The layout is taken from the tensor (not guessed from the shape as WeightWatcher does).
/// </summary>
public static class WeightSlicer
{
    /// <summary>√(1/2) as WeightWatcher applies it to Conv2D weights.</summary>
    public static readonly double Conv2DScale = Math.Sqrt(0.5);

    /// <summary>Slices <paramref name="tensor"/>; returns null for kinds that are not analysed (rank 1, norms).</summary>
    /// <exception cref="InvalidDataException">The shape does not fit the declared kind.</exception>
    public static WeightSlices? Slice(WeightTensor tensor, bool conv2DNormalize = true)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var kind = tensor.ResolvedKind;
        var s = tensor.Shape;
        switch (kind)
        {
            case WeightLayerKind.Other:
                return null;
            case WeightLayerKind.Dense or WeightLayerKind.Embedding:
                RequireRank(tensor, 2);
                if (s[0] == 0 || s[1] == 0) return null;
                if (!tensor.IsDouble && tensor.TryMapSingle() is { } mapped)
                    return new WeightSlices(kind, s[0], s[1], mapped.Memory, mapped);
                return tensor.IsDouble
                    ? new WeightSlices(kind, s[0], s[1], [tensor.LoadDouble()])
                    : new WeightSlices(kind, s[0], s[1], [tensor.LoadSingle()]);
            case WeightLayerKind.Conv1D:
                RequireRank(tensor, 3);
                return SliceKernel(tensor, kind, tensor.Layout == TensorLayout.Keras ? s[0] : s[2], 1, false);
            case WeightLayerKind.Conv2D:
                RequireRank(tensor, 4);
                return tensor.Layout == TensorLayout.Keras
                    ? SliceKernel(tensor, kind, s[0], s[1], conv2DNormalize)
                    : SliceKernel(tensor, kind, s[2], s[3], conv2DNormalize);
            default:
                throw new ArgumentException($"Tensor '{tensor.Name}': unknown layer kind {kind}.", nameof(tensor));
        }
    }

    private static void RequireRank(WeightTensor tensor, int rank)
    {
        if (tensor.Shape.Count != rank)
            throw new InvalidDataException($"Tensor '{tensor.Name}': a {tensor.ResolvedKind} weight must have rank {rank}, but its shape is [{string.Join(", ", tensor.Shape)}].");
    }

    /// <summary>Kernel-axes-last (PyTorch/ONNX) or kernel-axes-first (Keras) slicing into (kh·kw) matrices.</summary>
    private static WeightSlices? SliceKernel(WeightTensor tensor, WeightLayerKind kind, int kh, int kw, bool scale)
    {
        var s = tensor.Shape;
        bool keras = tensor.Layout == TensorLayout.Keras;
        int rank = s.Count;
        // Matrix axes: PyTorch (out, in) = s[0], s[1]; Keras (in, out) = the last two.
        int rows = keras ? s[rank - 2] : s[0];
        int cols = keras ? s[rank - 1] : s[1];
        int rf = kh * kw;
        if (rows == 0 || cols == 0 || rf == 0) return null;
        // The scale multiplies in the tensor's own precision: a float32 product for float32 weights, as numpy multiplies
        // a float32 array by a Python float.
        return tensor.IsDouble
            ? new WeightSlices(kind, rows, cols, Planes(tensor.LoadDouble(), rows, cols, rf, keras, scale ? Conv2DScale : 1.0))
            : new WeightSlices(kind, rows, cols, Planes(tensor.LoadSingle(), rows, cols, rf, keras, scale ? (float)Conv2DScale : 1f));
    }

    /// <summary>The rf row-major rows×cols planes of a kernel (Keras: plane r contiguous; otherwise r is the fastest index), times <paramref name="scale"/>.</summary>
    private static T[][] Planes<T>(T[] w, int rows, int cols, int rf, bool keras, T scale) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int plane = rows * cols;
        var planes = new T[rf][];
        for (int r = 0; r < rf; r++)
        {
            var m = LargeArray.Allocate<T>(plane);
            for (int a = 0; a < rows; a++)
                for (int b = 0; b < cols; b++)
                {
                    T v = keras ? w[(long)r * plane + a * cols + b] : w[((long)a * cols + b) * rf + r];
                    m[a * cols + b] = scale == T.One ? v : v * scale;
                }
            planes[r] = m;
        }
        return planes;
    }
}

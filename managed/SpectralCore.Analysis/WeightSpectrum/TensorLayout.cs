namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>
/// How a framework orders the axes of a weight tensor. The layout decides which axes are the
/// (output, input) matrix axes and which are the kernel (receptive-field) axes:
/// <list type="bullet">
/// <item><see cref="PyTorch"/>: Linear (out, in); Conv1d (out, in, k); Conv2d (out, in, kh, kw).</item>
/// <item><see cref="Keras"/> (also TF.js, TFLite kernels after reading): Dense (in, out); Conv1D (k, in, out);
/// Conv2D (kh, kw, in, out).</item>
/// <item><see cref="Onnx"/>: Conv (out, in/groups, kh, kw) as PyTorch; MatMul/Gemm weights (in, out) or
/// (out, in) — a 2-D ESD is the same for either orientation.</item>
/// </list>
/// For 2-D tensors the orientation does not change the ESD (σ(W) = σ(Wᵀ)); N = max, M = min of the two axes.
/// </summary>
public enum TensorLayout
{
    /// <summary>PyTorch: (out, in[, kh[, kw]]) — kernel axes last.</summary>
    PyTorch = 0,

    /// <summary>Keras / TensorFlow / TF.js: ([kh[, kw],] in, out) — kernel axes first.</summary>
    Keras = 1,

    /// <summary>ONNX: (out, in[, kh[, kw]]) — kernel axes last, like PyTorch.</summary>
    Onnx = 2,
}

/// <summary>What kind of layer a weight tensor belongs to (decides how its ESD is formed).</summary>
public enum WeightLayerKind
{
    /// <summary>Decide from the tensor rank: 2 → Dense, 3 → Conv1D, 4 → Conv2D; other ranks are skipped.</summary>
    Auto = 0,

    /// <summary>A fully connected / linear / projection matrix (rank 2).</summary>
    Dense = 1,

    /// <summary>A 1-D convolution kernel (rank 3): k slices of (out, in) pooled into one ESD.</summary>
    Conv1D = 2,

    /// <summary>A 2-D convolution kernel (rank 4): kh·kw slices of (out, in) pooled into one ESD, scaled by √(1/2).</summary>
    Conv2D = 3,

    /// <summary>An embedding table (rank 2, analysed like Dense; WeightWatcher treats it as dense).</summary>
    Embedding = 4,

    /// <summary>Not analysed (biases, norms, anything the reader knows is not a weight matrix).</summary>
    Other = 5,
}

using SpectralCore.Analysis.WeightSpectrum;

namespace SpectralCore.Analysis.Models;

/// <summary>Hands reader tensors to the weight-spectrum analysis as lazily loaded <see cref="WeightTensor"/>s.</summary>
public static class ModelTensorConversion
{
    /// <summary>The axis layout of a format: safetensors/npy/npz PyTorch, ONNX ONNX, TF.js Keras.</summary>
    public static TensorLayout LayoutOf(ModelFormat format) => format switch
    {
        ModelFormat.TensorFlowJs => TensorLayout.Keras,
        ModelFormat.Onnx => TensorLayout.Onnx,
        _ => TensorLayout.PyTorch,
    };

    /// <summary>
    /// A <see cref="WeightTensor"/> whose loader reads this tensor when the analysis asks for it (float64
    /// sources stay float64; every other source loads as float32, exactly). The layer kind is decided from
    /// the rank (Auto) except for tensors that cannot be weight matrices (rank below 2), which are Other.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tensor is not loadable (see <see cref="ModelTensor.SkipReason"/>).</exception>
    public static WeightTensor ToWeightTensor(this ModelTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        int[] shape = tensor.ShapeInt32;
        var layout = LayoutOf(tensor.Format);
        var kind = shape.Length < 2 ? WeightLayerKind.Other : WeightLayerKind.Auto;
        if (tensor.IsDouble) return WeightTensor.FromDoubleLoader(tensor.Name, shape, tensor.LoadDouble, layout, kind);
        var single = WeightTensor.FromSingleLoader(tensor.Name, shape, tensor.LoadSingle, layout, kind);
        return tensor.CanMapSingle ? single.WithSingleMap(tensor.TryMapSingle) : single;
    }
}

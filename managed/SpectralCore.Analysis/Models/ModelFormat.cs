namespace SpectralCore.Analysis.Models;

/// <summary>The model-file formats SpectralCore reads.</summary>
public enum ModelFormat
{
    /// <summary>Hugging Face safetensors (single file, or sharded through model.safetensors.index.json). PyTorch axis order.</summary>
    Safetensors,

    /// <summary>A NumPy .npy array (one tensor, named after the file).</summary>
    Npy,

    /// <summary>A NumPy .npz archive (a zip of .npy arrays, stored or deflated).</summary>
    Npz,

    /// <summary>An ONNX model (graph initializers and Constant nodes, subgraphs included). ONNX axis order.</summary>
    Onnx,

    /// <summary>A TensorFlow.js graph/layers model (model.json or *weights_manifest.json + binary shards). Keras axis order.</summary>
    TensorFlowJs,
}

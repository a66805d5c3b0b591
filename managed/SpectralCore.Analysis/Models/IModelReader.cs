namespace SpectralCore.Analysis.Models;

/// <summary>
/// A model file (or directory) opened for reading: the list of its named tensors, each loaded on demand.
/// Opening parses and validates every header, offset and size before anything is returned, so a
/// listing that succeeds names only tensors whose bytes lie inside their files; element data is read
/// (and decoded) only when a tensor is loaded. Every format problem is a <see cref="ModelFormatException"/>.
/// Dispose the reader to unmap its files; its tensors cannot be loaded afterwards.
/// </summary>
public interface IModelReader : IDisposable
{
    /// <summary>The path the reader was opened on.</summary>
    string Path { get; }

    /// <summary>A short description of what was found (e.g. "safetensors, 2 shards").</summary>
    string Description { get; }

    /// <summary>Every tensor in file order, loadable or not (integer tensors are listed with a <see cref="ModelTensor.SkipReason"/>).</summary>
    IReadOnlyList<ModelTensor> Tensors { get; }
}

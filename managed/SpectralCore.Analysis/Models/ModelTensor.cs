using SpectralCore.Kernels.Memory;
namespace SpectralCore.Analysis.Models;

/// <summary>
/// One named tensor of a model file, as a reader lists it: name, shape, source element type and where it
/// came from. The elements are not read until <see cref="LoadSingle"/> or <see cref="LoadDouble"/> is
/// called (safetensors and ONNX map the file, so listing a model costs no tensor data), which lets a caller
/// stream a model far larger than memory one tensor at a time. Loading is thread-safe; a tensor stays
/// loadable until its <see cref="IModelReader"/> is disposed.
/// </summary>
/// <remarks>
/// Conversions are exact where they can be: float16 and bfloat16 widen exactly to float32, float32 to
/// float64. Float64 tensors report <see cref="IsDouble"/> and load exactly through <see cref="LoadDouble"/>
/// (<see cref="LoadSingle"/> rounds them). TF.js uint8/uint16 affine quantization is dequantized as
/// q·scale + min in float64 and then rounded to float32, as TensorFlow.js does.
/// </remarks>
public sealed class ModelTensor
{
    private readonly Func<float[]>? _single;
    private readonly Func<double[]>? _double;

    /// <summary>
    /// Float32 elements memory-mapped in place where the source allows it (see <see cref="TryMapSingle"/>); null otherwise.
    /// </summary>
    private Func<SpectralCore.IO.MappedArray<float>?>? _mapSingle;

    internal ModelTensor(string name, long[] shape, ModelFormat format, string file, string dataType,
        Func<float[]>? single, Func<double[]>? dbl, string? skipReason = null, string? opHint = null)
    {
        Name = name;
        Shape = shape;
        Format = format;
        File = file;
        DataType = dataType;
        OperatorHint = opHint;
        long count = 1;
        bool overflow = false;
        foreach (long d in shape)
        {
            if (d != 0 && count > long.MaxValue / Math.Max(d, 1)) overflow = true;
            else count *= d;
        }
        ElementCount = overflow ? -1 : count;
        if (skipReason is null && single is null && dbl is null) skipReason = "no element data";
        if (skipReason is null && (overflow || count > Array.MaxLength))
            skipReason = $"{(overflow ? "too many" : count.ToString(System.Globalization.CultureInfo.InvariantCulture))} elements, more than one array can hold";
        if (skipReason is null && shape.Any(d => d > int.MaxValue))
            skipReason = "a dimension larger than 2^31-1";
        SkipReason = skipReason;
        _single = skipReason is null ? single : null;
        _double = skipReason is null ? dbl : null;
        IsDouble = _double is not null && _single is null;
    }

    /// <summary>The tensor's name, unique within the reader (e.g. "model.layers.0.mlp.up_proj.weight").</summary>
    public string Name { get; }

    /// <summary>The shape in the file's own axis order (see <see cref="Format"/>: PyTorch/ONNX put kernel axes last, TF.js first).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The format it was read from, which fixes the axis layout.</summary>
    public ModelFormat Format { get; }

    /// <summary>The file holding it (the path given to the reader, or a shard / external-data file).</summary>
    public string File { get; }

    /// <summary>The element type in the file, as the format spells it (e.g. "BF16", "float32", "uint8→float32 affine").</summary>
    public string DataType { get; }

    /// <summary>For ONNX: the operator that consumes the tensor (e.g. "Conv", "LSTM"), when known; null otherwise.</summary>
    public string? OperatorHint { get; }

    /// <summary>Why the tensor cannot be loaded as floating point (integer/bool/string dtype, too large), or null when it can.</summary>
    public string? SkipReason { get; }

    /// <summary>True when the tensor can be loaded (<see cref="SkipReason"/> is null).</summary>
    public bool IsLoadable => SkipReason is null;

    /// <summary>True when the file holds float64 elements (load them with <see cref="LoadDouble"/> to keep every bit).</summary>
    public bool IsDouble { get; }

    /// <summary>The number of elements (product of the shape), or −1 when it overflows a 64-bit integer.</summary>
    public long ElementCount { get; }

    /// <summary>The shape as 32-bit dimensions (only for a loadable tensor).</summary>
    public int[] ShapeInt32 => IsLoadable ? Shape.Select(d => (int)d).ToArray() : throw new InvalidOperationException($"Tensor '{Name}' is not loadable: {SkipReason}.");

    /// <summary>Reads the elements, row-major (C order), as float32. Throws <see cref="ModelFormatException"/> when the data is malformed.</summary>
    public float[] LoadSingle()
    {
        EnsureLoadable();
        if (_single is not null) return _single();
        var d = _double!();
        var f = LargeArray.Allocate<float>(d.Length);
        for (int i = 0; i < d.Length; i++) f[i] = (float)d[i];
        return f;
    }

    /// <summary>Reads the elements, row-major (C order), as float64 (exact for every source type).</summary>
    public double[] LoadDouble()
    {
        EnsureLoadable();
        if (_double is not null) return _double();
        var f = _single!();
        var d = LargeArray.Allocate<double>(f.Length);
        for (int i = 0; i < f.Length; i++) d[i] = f[i];
        return d;
    }

    /// <summary>The same tensor under another name (a directory reader prefixes names with their file).</summary>
    internal ModelTensor WithName(string name) =>
        new(name, [.. Shape], Format, File, DataType, _single, _double, SkipReason, OperatorHint) { _mapSingle = _mapSingle };

    /// <summary>This tensor, also loadable as a memory map of its float32 elements (a loadable float32 tensor only).</summary>
    internal ModelTensor WithSingleMap(Func<SpectralCore.IO.MappedArray<float>?> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (SkipReason is null && !IsDouble) _mapSingle = map;
        return this;
    }

    /// <summary>
    /// The float32 elements mapped in place from the file (row-major; the caller disposes the map when done with them), or
    /// null when the source cannot be mapped (then <see cref="LoadSingle"/> reads them). Same elements either way.
    /// </summary>
    internal SpectralCore.IO.MappedArray<float>? TryMapSingle()
    {
        EnsureLoadable();
        return _mapSingle?.Invoke();
    }

    /// <summary>Data size from which a float32 tensor stored as such is memory-mapped for the analysis instead of read (smaller ones read in milliseconds).</summary>
    internal const long MapFromBytes = 16L << 20;

    /// <summary>Whether <see cref="TryMapSingle"/> may map (it still returns null if the file turned out not to allow it).</summary>
    internal bool CanMapSingle => _mapSingle is not null;

    private void EnsureLoadable()
    {
        if (SkipReason is not null) throw new InvalidOperationException($"Tensor '{Name}' is not loadable: {SkipReason}.");
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{string.Join("×", Shape)}] {DataType}{(SkipReason is null ? "" : $" (skipped: {SkipReason})")}";
}

using SpectralCore.Kernels.Memory;
namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>
/// One named weight tensor as a model reader hands it to the weight-spectrum analysis: name, shape, axis
/// layout, layer kind and the elements in C (row-major) order, either held in memory or produced on demand
/// by a loader (so a reader can stream a large model one tensor at a time). Elements are float32 or
/// float64; half-precision formats (bf16/f16) must be widened to float32 by the reader, which is exact.
/// Nothing in the analysis ever down-casts to half precision.
/// </summary>
public sealed class WeightTensor
{
    private readonly float[]? _single;
    private readonly double[]? _double;
    private readonly Func<float[]>? _singleLoader;
    private readonly Func<double[]>? _doubleLoader;
    private Func<SpectralCore.IO.MappedArray<float>?>? _singleMap;

    private WeightTensor(string name, int[] shape, TensorLayout layout, WeightLayerKind kind, bool isDouble,
        float[]? single, double[]? dbl, Func<float[]>? singleLoader, Func<double[]>? doubleLoader)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (!Enum.IsDefined(layout))
            throw new ArgumentException($"Unknown tensor layout {(int)layout}.", nameof(layout));
        if (!Enum.IsDefined(kind))
            throw new ArgumentException($"Unknown layer kind {(int)kind}.", nameof(kind));
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
                throw new ArgumentException($"Tensor '{name}': shape [{string.Join(", ", shape)}] has a negative dimension.", nameof(shape));
            count *= d;
            if (count > Array.MaxLength)
                throw new ArgumentException($"Tensor '{name}': shape [{string.Join(", ", shape)}] has more elements than an array can hold.", nameof(shape));
        }
        long held = single?.LongLength ?? dbl?.LongLength ?? -1;
        if (held >= 0 && held != count)
            throw new ArgumentException($"Tensor '{name}': shape [{string.Join(", ", shape)}] needs {count} elements but {held} were given.", nameof(shape));
        Name = name;
        Shape = (int[])shape.Clone();
        Layout = layout;
        Kind = kind;
        IsDouble = isDouble;
        ElementCount = count;
        _single = single;
        _double = dbl;
        _singleLoader = singleLoader;
        _doubleLoader = doubleLoader;
    }

    /// <summary>The tensor's name (e.g. "model.layers.0.self_attn.q_proj.weight").</summary>
    public string Name { get; }

    /// <summary>The shape, in the framework's own axis order (see <see cref="Layout"/>).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The framework axis order.</summary>
    public TensorLayout Layout { get; }

    /// <summary>The layer kind (Auto = from the rank).</summary>
    public WeightLayerKind Kind { get; }

    /// <summary>True when the elements are float64, false for float32.</summary>
    public bool IsDouble { get; }

    /// <summary>Number of elements (product of the shape).</summary>
    public long ElementCount { get; }

    /// <summary>Float32 elements held in memory (row-major, no copy).</summary>
    public static WeightTensor FromSingle(string name, int[] shape, float[] data, TensorLayout layout = TensorLayout.PyTorch, WeightLayerKind kind = WeightLayerKind.Auto)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new WeightTensor(name, shape, layout, kind, false, data, null, null, null);
    }

    /// <summary>Float64 elements held in memory (row-major, no copy).</summary>
    public static WeightTensor FromDouble(string name, int[] shape, double[] data, TensorLayout layout = TensorLayout.PyTorch, WeightLayerKind kind = WeightLayerKind.Auto)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new WeightTensor(name, shape, layout, kind, true, null, data, null, null);
    }

    /// <summary>Float32 elements produced on demand (called once per analysis of this tensor).</summary>
    public static WeightTensor FromSingleLoader(string name, int[] shape, Func<float[]> loader, TensorLayout layout = TensorLayout.PyTorch, WeightLayerKind kind = WeightLayerKind.Auto)
    {
        ArgumentNullException.ThrowIfNull(loader);
        return new WeightTensor(name, shape, layout, kind, false, null, null, loader, null);
    }

    /// <summary>Float64 elements produced on demand (called once per analysis of this tensor).</summary>
    public static WeightTensor FromDoubleLoader(string name, int[] shape, Func<double[]> loader, TensorLayout layout = TensorLayout.PyTorch, WeightLayerKind kind = WeightLayerKind.Auto)
    {
        ArgumentNullException.ThrowIfNull(loader);
        return new WeightTensor(name, shape, layout, kind, true, null, null, null, loader);
    }

    /// <summary>The layer kind after resolving <see cref="WeightLayerKind.Auto"/> from the rank.</summary>
    public WeightLayerKind ResolvedKind => Kind != WeightLayerKind.Auto
        ? Kind
        : Shape.Count switch
        {
            2 => WeightLayerKind.Dense,
            3 => WeightLayerKind.Conv1D,
            4 => WeightLayerKind.Conv2D,
            _ => WeightLayerKind.Other,
        };

    /// <summary>The elements as float32 (a float64 tensor is rounded; prefer <see cref="LoadDouble"/>).</summary>
    public float[] LoadSingle()
    {
        if (_single is not null) return _single;
        if (_singleLoader is not null) return Checked(_singleLoader(), a => a.LongLength);
        var d = LoadDouble();
        var f = LargeArray.Allocate<float>(d.Length);
        for (int i = 0; i < d.Length; i++) f[i] = (float)d[i];
        return f;
    }

    /// <summary>The elements as float64 (float32 widens exactly).</summary>
    public double[] LoadDouble()
    {
        if (_double is not null) return _double;
        if (_doubleLoader is not null) return Checked(_doubleLoader(), a => a.LongLength);
        var f = LoadSingle();
        var d = LargeArray.Allocate<double>(f.Length);
        for (int i = 0; i < f.Length; i++) d[i] = f[i];
        return d;
    }

    /// <summary>This float32 tensor, also readable in place from a memory map (a model reader's large float32 .npy or safetensors tensor).</summary>
    internal WeightTensor WithSingleMap(Func<SpectralCore.IO.MappedArray<float>?> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (!IsDouble) _singleMap = map;
        return this;
    }

    /// <summary>
    /// The float32 elements memory-mapped in place (the caller disposes the map), or null when this tensor has no map
    /// (then <see cref="LoadSingle"/> has them).
    /// </summary>
    internal SpectralCore.IO.MappedArray<float>? TryMapSingle()
    {
        var mapped = _singleMap?.Invoke();
        if (mapped is not null && mapped.Length != ElementCount)
        {
            long n = mapped.Length;
            ((IDisposable)mapped).Dispose();
            throw new InvalidDataException($"Tensor '{Name}': shape [{string.Join(", ", Shape)}] needs {ElementCount} elements but the map holds {n}.");
        }
        return mapped;
    }

    private TArray Checked<TArray>(TArray? data, Func<TArray, long> length) where TArray : class
    {
        if (data is null)
            throw new InvalidDataException($"Tensor '{Name}': the loader returned no data.");
        long n = length(data);
        if (n != ElementCount)
            throw new InvalidDataException($"Tensor '{Name}': shape [{string.Join(", ", Shape)}] needs {ElementCount} elements but the loader returned {n}.");
        return data;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{string.Join("×", Shape)}] {Layout} {ResolvedKind} {(IsDouble ? "f64" : "f32")}";
}

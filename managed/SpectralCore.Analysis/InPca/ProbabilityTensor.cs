namespace SpectralCore.Analysis.InPca;

/// <summary>
/// The predictions of M models on N samples over C classes, stored row-major as [model][sample][class]
/// (the layout of a numpy array of shape (M, N, C)), either as probabilities or as natural-log probabilities.
/// The data are not copied; float32 and float64 storage are both read exactly (float32 widened to float64).
/// </summary>
public sealed class ProbabilityTensor
{
    private readonly ReadOnlyMemory<double> _double;
    private readonly ReadOnlyMemory<float> _single;
    private readonly bool _isSingle;

    /// <summary>Wraps float64 values of shape (models, samples, classes).</summary>
    /// <param name="data">models·samples·classes values, [model][sample][class] row-major.</param>
    /// <param name="models">M ≥ 1.</param>
    /// <param name="samples">N ≥ 1.</param>
    /// <param name="classes">C ≥ 1.</param>
    /// <param name="logProbabilities">True when the values are ln p (−∞ allowed for p = 0).</param>
    public ProbabilityTensor(ReadOnlyMemory<double> data, int models, int samples, int classes, bool logProbabilities = false)
    {
        CheckShape(data.Length, models, samples, classes);
        _double = data;
        Models = models;
        Samples = samples;
        Classes = classes;
        IsLogProbabilities = logProbabilities;
    }

    /// <summary>Wraps float32 values of shape (models, samples, classes).</summary>
    /// <param name="data">models·samples·classes values, [model][sample][class] row-major.</param>
    /// <param name="models">M ≥ 1.</param>
    /// <param name="samples">N ≥ 1.</param>
    /// <param name="classes">C ≥ 1.</param>
    /// <param name="logProbabilities">True when the values are ln p (−∞ allowed for p = 0).</param>
    public ProbabilityTensor(ReadOnlyMemory<float> data, int models, int samples, int classes, bool logProbabilities = false)
    {
        CheckShape(data.Length, models, samples, classes);
        _single = data;
        _isSingle = true;
        Models = models;
        Samples = samples;
        Classes = classes;
        IsLogProbabilities = logProbabilities;
    }

    /// <summary>Number of models M.</summary>
    public int Models { get; }

    /// <summary>Number of samples N.</summary>
    public int Samples { get; }

    /// <summary>Number of classes C.</summary>
    public int Classes { get; }

    /// <summary>True when the values are natural-log probabilities.</summary>
    public bool IsLogProbabilities { get; }

    /// <summary>True when the storage is float32.</summary>
    public bool IsSinglePrecision => _isSingle;

    /// <summary>Value for (model, sample, class) widened to float64.</summary>
    public double this[int model, int sample, int @class]
    {
        get
        {
            long index = ((long)model * Samples + sample) * Classes + @class;
            return _isSingle ? _single.Span[checked((int)index)] : _double.Span[checked((int)index)];
        }
    }

    /// <summary>Copies the C values of (model, sample) into <paramref name="destination"/> as float64.</summary>
    internal void CopyRow(int model, int sample, Span<double> destination)
    {
        int start = checked((model * Samples + sample) * Classes);
        if (_isSingle)
        {
            var source = _single.Span.Slice(start, Classes);
            for (int c = 0; c < Classes; c++) destination[c] = source[c];
        }
        else
        {
            _double.Span.Slice(start, Classes).CopyTo(destination);
        }
    }

    private static void CheckShape(int length, int models, int samples, int classes)
    {
        if (models < 1) throw new ArgumentOutOfRangeException(nameof(models), models, "At least one model is needed.");
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "At least one sample is needed.");
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "At least one class is needed.");
        long expected = (long)models * samples * classes;
        if (expected != length)
            throw new ArgumentException($"Shape ({models}, {samples}, {classes}) needs {expected} values but the data holds {length}.", "data");
    }
}

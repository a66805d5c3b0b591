namespace SpectralCore;

/// <summary>Options shared by all backends of an engine.</summary>
public sealed record SpectralOptions
{
    /// <summary>Maximum worker threads (null = all logical cores). Same input + thread count gives the same bits.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>CUDA device ordinal (ignored by CPU backends).</summary>
    public int DeviceOrdinal { get; init; }

    /// <summary>Default options.</summary>
    public static SpectralOptions Default { get; } = new();

    /// <summary>The effective thread count (≥ 1).</summary>
    public int EffectiveThreads => MaxDegreeOfParallelism is int n && n > 0 ? n : Environment.ProcessorCount;

    internal void Validate()
    {
        if (MaxDegreeOfParallelism is int n && n < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), n, "MaxDegreeOfParallelism must be ≥ 1 (or null for all cores).");
        if (DeviceOrdinal < 0)
            throw new ArgumentOutOfRangeException(nameof(DeviceOrdinal), DeviceOrdinal, "DeviceOrdinal must be ≥ 0.");
    }
}

/// <summary>What a symmetric eigen call computes.</summary>
public sealed record EigenOptions
{
    /// <summary>Compute eigenvectors too.</summary>
    public bool ComputeVectors { get; init; }

    /// <summary>Which triangle of the input is read.</summary>
    public Triangle Triangle { get; init; } = Triangle.Lower;

    /// <summary>First wanted eigenvalue index (0-based, ascending order); null = 0.</summary>
    public int? FirstIndex { get; init; }

    /// <summary>Last wanted eigenvalue index (inclusive); null = n − 1.</summary>
    public int? LastIndex { get; init; }

    /// <summary>Values only, lower triangle, full spectrum.</summary>
    public static EigenOptions ValuesOnly { get; } = new();

    /// <summary>Values and vectors, lower triangle, full spectrum.</summary>
    public static EigenOptions WithVectors { get; } = new() { ComputeVectors = true };
}

/// <summary>Route for singular values.</summary>
public enum SvdMethod
{
    /// <summary>Backend default (bidiagonal route).</summary>
    Auto = 0,

    /// <summary>Golub–Kahan bidiagonalization + bidiagonal QR/dqds (LAPACK-class accuracy).</summary>
    Bidiagonal = 1,

    /// <summary>
    /// Eigenvalues of the smaller Gram matrix AᵀA or AAᵀ accumulated in float64: fast for ESDs of rectangular
    /// matrices; singular values below about √ε·σmax lose relative accuracy.
    /// </summary>
    Gram = 2,
}

/// <summary>What an SVD call computes.</summary>
public sealed record SvdOptions
{
    /// <summary>Compute thin U and Vᵀ too.</summary>
    public bool ComputeVectors { get; init; }

    /// <summary>Algorithm route (values only; vectors always use the bidiagonal route).</summary>
    public SvdMethod Method { get; init; } = SvdMethod.Auto;

    /// <summary>Values only, default route.</summary>
    public static SvdOptions ValuesOnly { get; } = new();

    /// <summary>Values and thin vectors.</summary>
    public static SvdOptions WithVectors { get; } = new() { ComputeVectors = true };
}

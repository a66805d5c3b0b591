namespace SpectralCore.Analysis.Jacobian;

/// <summary>
/// Singular values σ_1 ≥ … ≥ σ_k of J and the matching left singular vectors u_i (columns of an m × k
/// matrix), as used by the information/nuisance split. <see cref="IsComplete"/> says whether every nonzero
/// singular value is present (full SVD) or only the top k were computed.
/// </summary>
public sealed class LeftSingularBasis
{
    /// <summary>Wraps precomputed triplets (validated: σ finite, ≥ 0, descending; U has k columns).</summary>
    public LeftSingularBasis(double[] singularValues, Matrix<double> leftVectors, bool isComplete, string method, Backend backend = Backend.Managed)
    {
        ArgumentNullException.ThrowIfNull(singularValues);
        ArgumentNullException.ThrowIfNull(leftVectors);
        if (leftVectors.Columns != singularValues.Length)
            throw new ArgumentException($"U has {leftVectors.Columns} columns but there are {singularValues.Length} singular values.", nameof(leftVectors));
        for (int i = 0; i < singularValues.Length; i++)
        {
            if (!double.IsFinite(singularValues[i]) || singularValues[i] < 0)
                throw new ArgumentException($"Singular value {i} is {singularValues[i]}.", nameof(singularValues));
            if (i > 0 && singularValues[i] > singularValues[i - 1])
                throw new ArgumentException($"Singular values must be descending (σ[{i - 1}] = {singularValues[i - 1]} < σ[{i}] = {singularValues[i]}).", nameof(singularValues));
        }
        SingularValues = singularValues;
        LeftVectors = leftVectors;
        IsComplete = isComplete;
        Method = method ?? throw new ArgumentNullException(nameof(method));
        Backend = backend;
    }

    /// <summary>σ, descending.</summary>
    public double[] SingularValues { get; }

    /// <summary>m × k, column i = u_i.</summary>
    public Matrix<double> LeftVectors { get; }

    /// <summary>True when all min(m, p) singular values were computed (dense SVD).</summary>
    public bool IsComplete { get; }

    /// <summary>How they were computed.</summary>
    public string Method { get; }

    /// <summary>Backend that computed them.</summary>
    public Backend Backend { get; }

    /// <summary>Rows m of J.</summary>
    public int Rows => LeftVectors.Rows;

    /// <summary>Number of triplets k.</summary>
    public int Count => SingularValues.Length;

    /// <summary>Uᵀ v (length k).</summary>
    public double[] Coefficients(ReadOnlySpan<double> v)
    {
        if (v.Length != Rows) throw new ArgumentException($"The vector has {v.Length} entries, J has {Rows} rows.", nameof(v));
        int k = Count;
        var c = new double[k];
        var u = LeftVectors.Data;
        for (int r = 0; r < Rows; r++)
        {
            double x = v[r];
            int offset = r * k;
            for (int i = 0; i < k; i++) c[i] += u[offset + i] * x;
        }
        return c;
    }

    /// <summary>U c (length m).</summary>
    public double[] Combine(ReadOnlySpan<double> coefficients)
    {
        int k = Count;
        if (coefficients.Length != k) throw new ArgumentException($"{coefficients.Length} coefficients for {k} vectors.", nameof(coefficients));
        var result = new double[Rows];
        var u = LeftVectors.Data;
        for (int r = 0; r < Rows; r++)
        {
            double sum = 0;
            int offset = r * k;
            for (int i = 0; i < k; i++) sum += u[offset + i] * coefficients[i];
            result[r] = sum;
        }
        return result;
    }
}

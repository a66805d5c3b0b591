namespace SpectralCore.Analysis.InPca;

/// <summary>
/// The intensive-PCA (InPCA) embedding of M points given their pairwise distances D (Mao et al.):
/// W = −½ P D P, its eigenpairs by |λ| descending with signs kept, coordinates X = V·√|λ|, and the
/// Minkowski signature s_i = sign(λ_i), so that Σ_i s_i (x_ai − x_bi)² reproduces the distances.
/// </summary>
public sealed class InPcaEmbedding
{
    private readonly double[] _columnMeans;
    private readonly double _grandMean;

    private InPcaEmbedding(SignedSpectrum spectrum, double frobeniusNorm, double[] columnMeans, double grandMean)
    {
        Spectrum = spectrum;
        FrobeniusNorm = frobeniusNorm;
        _columnMeans = columnMeans;
        _grandMean = grandMean;
        int m = spectrum.Vectors.Rows, k = spectrum.Count;
        Signs = new int[k];
        Coordinates = new Matrix<double>(m, k);
        for (int i = 0; i < k; i++)
        {
            double lambda = spectrum.Values[i];
            Signs[i] = lambda < 0 ? -1 : 1;
            double root = Math.Sqrt(Math.Abs(lambda));
            for (int r = 0; r < m; r++) Coordinates[r, i] = spectrum.Vectors[r, i] * root;
        }
        ExplainedStress = new double[k];
        double normSquared = frobeniusNorm * frobeniusNorm;
        var squares = spectrum.Values.Select(v => v * v).ToArray();
        double captured = 0;
        for (int i = 0; i < k; i++)
        {
            captured += squares[i];
            // With the whole spectrum the unexplained part is the tail Σ_{j>i} λ_j², free of the cancellation in
            // ‖W‖² − Σ_{j≤i} λ_j² (which after the square root would cost ~1e-8 near 1). With a partial spectrum
            // only the difference is available.
            double unexplained = spectrum.IsComplete ? squares.AsSpan(i + 1).ToArray().Sum() : Math.Max(0, normSquared - captured);
            ExplainedStress[i] = normSquared == 0 ? 1.0 : 1.0 - Math.Sqrt(Math.Min(1.0, unexplained / normSquared));
        }
    }

    /// <summary>The eigenpairs of W used (by |λ| descending).</summary>
    public SignedSpectrum Spectrum { get; }

    /// <summary>Eigenvalues of W by |λ| descending.</summary>
    public double[] Eigenvalues => Spectrum.Values;

    /// <summary>M × k coordinates V·√|λ| (column i is the i-th InPCA direction; overall sign arbitrary).</summary>
    public Matrix<double> Coordinates { get; }

    /// <summary>Minkowski signature: +1 for λ ≥ 0 (space-like), −1 for λ &lt; 0 (time-like).</summary>
    public int[] Signs { get; }

    /// <summary>‖W‖_F computed from W itself (not from the retained eigenvalues).</summary>
    public double FrobeniusNorm { get; }

    /// <summary>Explained stress for k = 1 … K: 1 − √(1 − Σ_{i≤k} λ_i² / ‖W‖_F²).</summary>
    public double[] ExplainedStress { get; }

    /// <summary>Number of points M.</summary>
    public int Points => Coordinates.Rows;

    /// <summary>Number of retained dimensions K.</summary>
    public int Dimensions => Coordinates.Columns;

    /// <summary>
    /// Embeds the M points whose distances are <paramref name="distances"/> (M × M); keeps the
    /// <paramref name="dimensions"/> largest-|λ| directions (all when null).
    /// </summary>
    public static InPcaEmbedding FromDistances(SpectralEngine engine, Matrix<double> distances, int? dimensions = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var w = DoubleCentring.Apply(distances);
        int m = w.Rows;
        double norm = 0;
        foreach (double v in w.Data) norm += v * v;
        norm = Math.Sqrt(norm);
        var spectrum = SignedSpectrum.Compute(engine, Symmetrize(w), dimensions);
        var columnMeans = new double[m];
        double grand = 0;
        for (int r = 0; r < m; r++)
            for (int c = 0; c < m; c++) columnMeans[c] += distances[r, c];
        for (int c = 0; c < m; c++)
        {
            grand += columnMeans[c];
            columnMeans[c] /= m;
        }
        return new InPcaEmbedding(spectrum, norm, columnMeans, grand / ((double)m * m));
    }

    /// <summary>
    /// Signed squared Minkowski distances Σ_{i&lt;k} s_i (x_ai − x_bi)² using the first <paramref name="dimensions"/>
    /// directions (all retained when null). With every direction of a zero-diagonal D this reproduces D.
    /// </summary>
    public Matrix<double> MinkowskiDistances(int? dimensions = null)
    {
        int k = dimensions ?? Dimensions;
        if (k < 1 || k > Dimensions) throw new ArgumentOutOfRangeException(nameof(dimensions), k, $"Dimensions must be in 1..{Dimensions}.");
        int m = Points;
        var result = new Matrix<double>(m, m);
        for (int a = 0; a < m; a++)
        {
            for (int b = a + 1; b < m; b++)
            {
                double sum = 0;
                for (int i = 0; i < k; i++)
                {
                    double delta = Coordinates[a, i] - Coordinates[b, i];
                    sum += Signs[i] * delta * delta;
                }
                result[a, b] = sum;
                result[b, a] = sum;
            }
        }
        return result;
    }

    /// <summary>
    /// Coordinates of new points in this embedding from their distances to the M reference points
    /// (rows × M): classical-MDS / Nyström out-of-sample formula x_i = (v_iᵀ b) · √|λ_i| / λ_i with
    /// b the centred row of Gower's formula. A new point identical to a reference point lands on it.
    /// Directions with λ_i = 0 carry no spread and give coordinate 0.
    /// </summary>
    public Matrix<double> Project(Matrix<double> newDistances)
    {
        ArgumentNullException.ThrowIfNull(newDistances);
        int m = Points, k = Dimensions;
        if (newDistances.Columns != m)
            throw new ArgumentException($"Each new point needs {m} distances (one per reference point), not {newDistances.Columns}.", nameof(newDistances));
        var result = new Matrix<double>(newDistances.Rows, k);
        var vectors = Spectrum.Vectors;
        for (int p = 0; p < newDistances.Rows; p++)
        {
            var row = newDistances.Row(p);
            double mean = 0;
            for (int j = 0; j < m; j++)
            {
                if (!double.IsFinite(row[j])) throw new ArgumentException($"Distance ({p}, {j}) is {row[j]}.", nameof(newDistances));
                mean += row[j];
            }
            mean /= m;
            for (int i = 0; i < k; i++)
            {
                double lambda = Eigenvalues[i];
                if (lambda == 0) continue;
                double dot = 0;
                for (int j = 0; j < m; j++) dot += vectors[j, i] * (-0.5 * (row[j] - mean - _columnMeans[j] + _grandMean));
                result[p, i] = dot * Math.Sqrt(Math.Abs(lambda)) / lambda;
            }
        }
        return result;
    }

    /// <summary>(W + Wᵀ)/2: exact for symmetric D, and the symmetric part otherwise.</summary>
    private static Matrix<double> Symmetrize(Matrix<double> w)
    {
        int m = w.Rows;
        var s = new Matrix<double>(m, m);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++) s[i, j] = 0.5 * (w[i, j] + w[j, i]);
        return s;
    }
}

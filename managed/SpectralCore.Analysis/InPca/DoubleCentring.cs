namespace SpectralCore.Analysis.InPca;

/// <summary>
/// Classical-MDS double centring: W = −½ P D P with P = I − 11ᵀ/M, computed in O(M²) as
/// W_ij = −½ (D_ij − r_i − c_j + g) with row means r, column means c and grand mean g of D.
/// </summary>
public static class DoubleCentring
{
    /// <summary>W = −½ P D P for a square matrix D (any diagonal; D need not be symmetric, W is then not either).</summary>
    public static Matrix<double> Apply(Matrix<double> distances)
    {
        ArgumentNullException.ThrowIfNull(distances);
        int m = distances.Rows;
        if (m != distances.Columns)
            throw new ArgumentException($"The distance matrix must be square, not {distances.Rows}×{distances.Columns}.", nameof(distances));
        if (m == 0) throw new ArgumentException("The distance matrix is empty.", nameof(distances));
        var d = distances.Data;
        var rowMeans = new double[m];
        var columnMeans = new double[m];
        for (int i = 0; i < m; i++)
        {
            double sum = 0;
            for (int j = 0; j < m; j++)
            {
                double v = d[i * m + j];
                if (!double.IsFinite(v))
                    throw new ArgumentException($"Distance ({i}, {j}) is {v}.", nameof(distances));
                sum += v;
                columnMeans[j] += v;
            }
            rowMeans[i] = sum / m;
        }
        double grand = 0;
        for (int j = 0; j < m; j++)
        {
            columnMeans[j] /= m;
            grand += columnMeans[j];
        }
        grand /= m;
        var w = new Matrix<double>(m, m);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                w.Data[i * m + j] = -0.5 * (d[i * m + j] - rowMeans[i] - columnMeans[j] + grand);
        return w;
    }

    /// <summary>
    /// The centred inner products b of a new point with the M reference points, given its distances
    /// <paramref name="newDistances"/> to them (Gower's formula, the Nyström extension of <see cref="Apply"/>):
    /// b_j = −½ (d_j − mean(d) − c_j + g). A new point equal to reference point a gives b = W[a, :].
    /// </summary>
    public static double[] CentreNewRow(Matrix<double> distances, ReadOnlySpan<double> newDistances)
    {
        ArgumentNullException.ThrowIfNull(distances);
        int m = distances.Rows;
        if (newDistances.Length != m)
            throw new ArgumentException($"The new point has {newDistances.Length} distances but there are {m} reference points.", nameof(newDistances));
        var d = distances.Data;
        var columnMeans = new double[m];
        double newMean = 0;
        for (int k = 0; k < m; k++)
            for (int j = 0; j < m; j++) columnMeans[j] += d[k * m + j];
        double grand = 0;
        for (int j = 0; j < m; j++)
        {
            grand += columnMeans[j];
            columnMeans[j] /= m;
            if (!double.IsFinite(newDistances[j]))
                throw new ArgumentException($"Distance {j} of the new point is {newDistances[j]}.", nameof(newDistances));
            newMean += newDistances[j];
        }
        grand /= (double)m * m;
        newMean /= m;
        var b = new double[m];
        for (int j = 0; j < m; j++) b[j] = -0.5 * (newDistances[j] - newMean - columnMeans[j] + grand);
        return b;
    }
}

namespace SpectralCore.Analysis.Tests.Jacobian;

/// <summary>Test matrices with known singular structure, built without any eigensolver.</summary>
internal static class RandomMatrices
{
    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>m × k with orthonormal columns (modified Gram–Schmidt, twice, of a Gaussian matrix).</summary>
    public static Matrix<double> Orthonormal(Random random, int m, int k)
    {
        var q = new Matrix<double>(m, k);
        for (int i = 0; i < q.Data.Length; i++) q.Data[i] = Gaussian(random);
        for (int j = 0; j < k; j++)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                for (int i = 0; i < j; i++)
                {
                    double dot = 0;
                    for (int r = 0; r < m; r++) dot += q[r, i] * q[r, j];
                    for (int r = 0; r < m; r++) q[r, j] -= dot * q[r, i];
                }
            }
            double norm = 0;
            for (int r = 0; r < m; r++) norm += q[r, j] * q[r, j];
            norm = Math.Sqrt(norm);
            for (int r = 0; r < m; r++) q[r, j] /= norm;
        }
        return q;
    }

    /// <summary>J = U diag(σ) Vᵀ (m × p) with the given descending σ (length k ≤ min(m, p)).</summary>
    public static (Matrix<double> J, Matrix<double> U) WithSingularValues(Random random, int m, int p, double[] sigma)
    {
        int k = sigma.Length;
        var u = Orthonormal(random, m, k);
        var v = Orthonormal(random, p, k);
        var j = new Matrix<double>(m, p);
        for (int r = 0; r < m; r++)
            for (int c = 0; c < p; c++)
            {
                double sum = 0;
                for (int i = 0; i < k; i++) sum += u[r, i] * sigma[i] * v[c, i];
                j[r, c] = sum;
            }
        return (j, u);
    }

    public static double[] Multiply(Matrix<double> a, ReadOnlySpan<double> x)
    {
        var y = new double[a.Rows];
        for (int r = 0; r < a.Rows; r++)
        {
            double s = 0;
            for (int c = 0; c < a.Columns; c++) s += a[r, c] * x[c];
            y[r] = s;
        }
        return y;
    }

    public static double[] MultiplyTransposed(Matrix<double> a, ReadOnlySpan<double> x)
    {
        var y = new double[a.Columns];
        for (int r = 0; r < a.Rows; r++)
            for (int c = 0; c < a.Columns; c++) y[c] += a[r, c] * x[r];
        return y;
    }

    /// <summary>Plain gradient descent from w = 0; returns J w_T − y.</summary>
    public static double[] GradientDescentResidual(Matrix<double> j, double[] y, double eta, int steps, double gradientScale)
    {
        var w = new double[j.Columns];
        for (int t = 0; t < steps; t++)
        {
            var r = Multiply(j, w);
            for (int i = 0; i < r.Length; i++) r[i] -= y[i];
            var g = MultiplyTransposed(j, r);
            for (int c = 0; c < w.Length; c++) w[c] -= eta * gradientScale * g[c];
        }
        var final = Multiply(j, w);
        for (int i = 0; i < final.Length; i++) final[i] -= y[i];
        return final;
    }
}

namespace SpectralCore.Analysis.Tests.WeightSpectrum;

/// <summary>Seeded generators of weight matrices with known spectral structure (row-major, rows × cols).</summary>
public static class SyntheticWeights
{
    public static double Normal(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static double[] Gaussian(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        var w = new double[rows * cols];
        for (int i = 0; i < w.Length; i++) w[i] = Normal(rng);
        return w;
    }

    /// <summary>Student-t entries with integer ν: Z / √(χ²_ν/ν).</summary>
    public static double[] StudentT(int rows, int cols, int nu, int seed)
    {
        var rng = new Random(seed);
        var w = new double[rows * cols];
        for (int i = 0; i < w.Length; i++)
        {
            double chi = 0;
            for (int k = 0; k < nu; k++) { double z = Normal(rng); chi += z * z; }
            w[i] = Normal(rng) / Math.Sqrt(chi / nu);
        }
        return w;
    }

    /// <summary>Gaussian plus a rank-k term Σ s_j u_j v_jᵀ with orthonormal u, v and s_j = strength·(NM)^¼·(1 + j/(k−1)).</summary>
    public static double[] GaussianPlusSpikes(int rows, int cols, int k, double strength, int seed)
    {
        var w = Gaussian(rows, cols, seed);
        var rng = new Random(seed + 1);
        var u = Orthonormal(rows, k, rng);
        var v = Orthonormal(cols, k, rng);
        double baseScale = strength * Math.Sqrt(Math.Sqrt((double)rows * cols));
        for (int j = 0; j < k; j++)
        {
            double s = baseScale * (1 + (k == 1 ? 0 : (double)j / (k - 1)));
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    w[r * cols + c] += s * u[j][r] * v[j][c];
        }
        return w;
    }

    /// <summary>Gaussian with column c scaled by √Exp(1): a deformed, broadened bulk without a long tail.</summary>
    public static double[] ColumnScaledGaussian(int rows, int cols, int seed)
    {
        var w = Gaussian(rows, cols, seed);
        var rng = new Random(seed + 7);
        for (int c = 0; c < cols; c++)
        {
            double scale = Math.Sqrt(-Math.Log(1 - rng.NextDouble()));
            for (int r = 0; r < rows; r++) w[r * cols + c] *= scale;
        }
        return w;
    }

    /// <summary>An exactly rank-r product A·B of Gaussians.</summary>
    public static double[] LowRank(int rows, int cols, int rank, int seed)
    {
        var a = Gaussian(rows, rank, seed);
        var b = Gaussian(rank, cols, seed + 3);
        var w = new double[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < rank; k++)
            {
                double x = a[r * rank + k];
                for (int c = 0; c < cols; c++) w[r * cols + c] += x * b[k * cols + c];
            }
        return w;
    }

    private static double[][] Orthonormal(int n, int k, Random rng)
    {
        var q = new double[k][];
        for (int j = 0; j < k; j++)
        {
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = Normal(rng);
            for (int pass = 0; pass < 2; pass++)
                for (int p = 0; p < j; p++)
                {
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += v[i] * q[p][i];
                    for (int i = 0; i < n; i++) v[i] -= dot * q[p][i];
                }
            double norm = Math.Sqrt(v.Sum(x => x * x));
            for (int i = 0; i < n; i++) v[i] /= norm;
            q[j] = v;
        }
        return q;
    }

    public static double[] Transpose(double[] w, int rows, int cols)
    {
        var t = new double[w.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
        return t;
    }
}

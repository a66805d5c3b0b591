using System.Numerics;

namespace SpectralCore.Tests.Lapack;

/// <summary>Matrices with known spectra, built in float64 from a seed (independent of any backend).</summary>
internal static class TestMatrices
{
    internal static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A random orthogonal n × n matrix (row-major): Gram–Schmidt (twice) on Gaussian columns.</summary>
    internal static double[,] Orthogonal(int n, Random random)
    {
        var q = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = Gaussian(random);
            for (int pass = 0; pass < 2; pass++)
                for (int p = 0; p < j; p++)
                {
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += q[i, p] * v[i];
                    for (int i = 0; i < n; i++) v[i] -= dot * q[i, p];
                }
            double norm = Math.Sqrt(v.Sum(x => x * x));
            for (int i = 0; i < n; i++) q[i, j] = v[i] / norm;
        }
        return q;
    }

    /// <summary>Q diag(values) Qᵀ.</summary>
    internal static double[,] SymmetricWithEigenvalues(double[] values, Random random)
    {
        int n = values.Length;
        var q = Orthogonal(n, random);
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = 0;
                for (int p = 0; p < n; p++) sum += q[i, p] * values[p] * q[j, p];
                a[i, j] = a[j, i] = sum;
            }
        return a;
    }

    /// <summary>U[:, :k] diag(s) V[:, :k]ᵀ for an m × n matrix with singular values s (k = s.Length ≤ min(m, n)).</summary>
    internal static double[,] WithSingularValues(int m, int n, double[] s, Random random)
    {
        var u = Orthogonal(m, random);
        var v = Orthogonal(n, random);
        var a = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < s.Length; p++) sum += u[i, p] * s[p] * v[j, p];
                a[i, j] = sum;
            }
        return a;
    }

    /// <summary>Stores a matrix in a view with the given layout and padding (padding filled with <paramref name="padding"/>).</summary>
    internal static MatrixView<T> Store<T>(double[,] a, MatrixLayout layout, int extra, T padding) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = a.GetLength(0), cols = a.GetLength(1);
        int inner = layout == MatrixLayout.RowMajor ? cols : rows, outer = layout == MatrixLayout.RowMajor ? rows : cols;
        int ld = Math.Max(1, inner) + extra;
        var data = new T[Math.Max(1, outer * ld)];
        Array.Fill(data, padding);
        var view = new MatrixView<T>(data, rows, cols, layout, ld);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                data[view.Index(i, j)] = T.CreateChecked(a[i, j]);
        return view;
    }

    internal static double Epsilon<T>() => typeof(T) == typeof(float) ? 1.1920928955078125e-7 : 2.220446049250313e-16;

    internal static double FrobeniusNorm(double[,] a)
    {
        double sum = 0;
        foreach (double x in a) sum += x * x;
        return Math.Sqrt(sum);
    }
}

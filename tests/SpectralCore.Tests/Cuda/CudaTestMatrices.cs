using System.Numerics;

namespace SpectralCore.Tests.Cuda;

/// <summary>
/// Seeded test matrices for the GPU differential tests (random, low rank, repeated eigenvalues, Wishart,
/// heavy-tailed, diagonal, zero). The seed comes from SPECTRAL_TEST_SEED when set and is printed in every
/// failure message.
/// </summary>
internal static class CudaTestMatrices
{
    public static int Seed(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("SPECTRAL_TEST_SEED"), out var s) ? s : fallback;

    public static readonly string[] SymmetricKinds = ["random", "lowrank", "repeated", "wishart", "heavy", "diagonal", "zero"];
    public static readonly string[] GeneralKinds = ["random", "lowrank", "heavy", "zero"];

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Column-major m x n doubles.</summary>
    public static double[] General(Random rng, int m, int n, string kind)
    {
        var a = new double[m * n];
        switch (kind)
        {
            case "zero":
                break;
            case "lowrank":
            {
                int r = Math.Max(1, Math.Min(m, n) / 6);
                var x = General(rng, m, r, "random");
                var y = General(rng, n, r, "random");
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < m; i++)
                    {
                        double s = 0;
                        for (int l = 0; l < r; l++) s += x[i + l * m] * y[j + l * n];
                        a[i + j * m] = s;
                    }
                break;
            }
            case "heavy":
                // Student-t with 2 degrees of freedom: heavy tails like trained weights.
                for (int k = 0; k < a.Length; k++)
                {
                    double z = Normal(rng), c = Normal(rng) * Normal(rng) + Normal(rng) * Normal(rng);
                    a[k] = z / Math.Sqrt(c / 2 + 1e-12);
                }
                break;
            default:
                for (int k = 0; k < a.Length; k++) a[k] = Normal(rng);
                break;
        }
        return a;
    }

    /// <summary>Column-major symmetric n x n doubles.</summary>
    public static double[] Symmetric(Random rng, int n, string kind)
    {
        var a = new double[n * n];
        switch (kind)
        {
            case "zero":
                return a;
            case "diagonal":
                for (int i = 0; i < n; i++) a[i + i * n] = Normal(rng);
                return a;
            case "lowrank":
            case "wishart":
            case "heavy":
            {
                int r = kind == "lowrank" ? Math.Max(1, n / 8) : 2 * n;
                var x = General(rng, n, r, kind == "heavy" ? "heavy" : "random");
                for (int j = 0; j < n; j++)
                    for (int i = 0; i <= j; i++)
                    {
                        double s = 0;
                        for (int l = 0; l < r; l++) s += x[i + l * n] * x[j + l * n];
                        a[i + j * n] = a[j + i * n] = kind == "lowrank" ? s : s / r;
                    }
                return a;
            }
            case "repeated":
            {
                // Q diag(1,1,1,2,2,2,...) Q^T with Q from Gram-Schmidt.
                var q = General(rng, n, n, "random");
                for (int j = 0; j < n; j++)
                {
                    for (int pass = 0; pass < 2; pass++)
                        for (int p = 0; p < j; p++)
                        {
                            double d = 0;
                            for (int i = 0; i < n; i++) d += q[i + p * n] * q[i + j * n];
                            for (int i = 0; i < n; i++) q[i + j * n] -= d * q[i + p * n];
                        }
                    double norm = 0;
                    for (int i = 0; i < n; i++) norm += q[i + j * n] * q[i + j * n];
                    norm = Math.Sqrt(norm);
                    for (int i = 0; i < n; i++) q[i + j * n] /= norm;
                }
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < n; i++)
                    {
                        double s = 0;
                        for (int l = 0; l < n; l++) s += q[i + l * n] * (1 + l / 3) * q[j + l * n];
                        a[i + j * n] = s;
                    }
                return a;
            }
            default:
                for (int j = 0; j < n; j++)
                    for (int i = 0; i <= j; i++) a[i + j * n] = a[j + i * n] = Normal(rng);
                return a;
        }
    }

    /// <summary>A view of column-major doubles converted to T in the requested layout.</summary>
    public static MatrixView<T> View<T>(double[] columnMajor, int rows, int cols, MatrixLayout layout) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = new T[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                data[layout == MatrixLayout.RowMajor ? i * cols + j : i + j * rows] = T.CreateChecked(columnMajor[i + j * rows]);
        return new MatrixView<T>(data, rows, cols, layout);
    }

    public static double Frobenius(double[] a) => Math.Sqrt(a.Sum(x => x * x));

    /// <summary>Unit roundoff of T (float32 or float64).</summary>
    public static double Epsilon<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? 1.1920929e-7 : 2.220446049250313e-16;
}

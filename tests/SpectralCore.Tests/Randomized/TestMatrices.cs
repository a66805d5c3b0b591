using MathNet.Numerics.LinearAlgebra;
using MMatrix = MathNet.Numerics.LinearAlgebra.Matrix<double>;

namespace SpectralCore.Tests.Randomized;

/// <summary>Spectrum shapes the randomized solvers are tested on.</summary>
public enum SpectrumKind
{
    FastExponentialDecay,
    SlowPowerLawDecay,
    ExactlyLowRank,
    ClusteredTop,
}

/// <summary>
/// Test matrices with known spectra, built independently of the code under test (System.Random + MathNet QR),
/// plus MathNet reference SVDs. Seeds: every property prints its seed; SPECTRAL_TEST_SEED shifts them all.
/// </summary>
public static class TestMatrices
{
    /// <summary>Offset added to every property seed (set SPECTRAL_TEST_SEED to explore or replay).</summary>
    public static int SeedOffset { get; } = int.TryParse(Environment.GetEnvironmentVariable("SPECTRAL_TEST_SEED"), out var s) ? s : 0;

    public static double[] Spectrum(SpectrumKind kind, int count, int lowRank = 5)
    {
        var sigma = new double[count];
        for (int i = 0; i < count; i++)
            sigma[i] = kind switch
            {
                SpectrumKind.FastExponentialDecay => 10 * Math.Pow(0.6, i),
                SpectrumKind.SlowPowerLawDecay => 10 / Math.Pow(i + 1, 0.5),
                SpectrumKind.ExactlyLowRank => i < lowRank ? 10 - 9.0 * i / lowRank : 0,
                SpectrumKind.ClusteredTop => i < 6 ? 10 - 1e-3 * i : 1.0 / (i + 1),
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
        return sigma;
    }

    /// <summary>Random m × p matrix with orthonormal columns (MathNet Householder QR of a Gaussian matrix).</summary>
    public static MMatrix RandomOrthonormal(int m, int p, Random random)
    {
        var g = MMatrix.Build.Dense(m, p, (_, _) => Gaussian(random));
        return g.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
    }

    /// <summary>An m × l block with singular values graded geometrically from 1 down to 1/<paramref name="condition"/>.</summary>
    public static double[] GradedColumns(int m, int l, double condition, Random random) =>
        WithSpectrum(m, l, Enumerable.Range(0, l).Select(i => Math.Pow(1 / condition, i / (l - 1.0))).ToArray(), random);

    /// <summary>A = U diag(σ) Vᵀ (row-major double array) with random orthogonal U, V.</summary>
    public static double[] WithSpectrum(int m, int n, double[] sigma, Random random)
    {
        int r = Math.Min(m, n);
        var u = RandomOrthonormal(m, r, random);
        var v = RandomOrthonormal(n, r, random);
        var a = u * MMatrix.Build.DenseOfDiagonalArray(sigma) * v.Transpose();
        return ToRowMajor(a);
    }

    /// <summary>Heavy-tailed entries: Student-t with 2.5 degrees of freedom (as weights of trained layers).</summary>
    public static double[] HeavyTailed(int m, int n, Random random)
    {
        var a = new double[m * n];
        for (int i = 0; i < a.Length; i++)
        {
            double z = Gaussian(random), chi = 0;
            // t_ν = Z / sqrt(χ²_ν / ν) with ν = 2.5 approximated through a Gamma(ν/2, 2) draw (Marsaglia–Tsang).
            chi = Gamma(1.25, random) * 2;
            a[i] = z / Math.Sqrt(chi / 2.5);
        }
        return a;
    }

    public static double[] ReferenceSingularValues(double[] a, int m, int n) =>
        MMatrix.Build.DenseOfRowMajor(m, n, a).Svd(computeVectors: false).S.ToArray();

    /// <summary>‖A − U diag(s) Vᵀ‖₂ in float64 through MathNet's SVD.</summary>
    public static double ResidualNorm(double[] a, int m, int n, double[] u, double[] s, double[] vt, int k)
    {
        var am = MMatrix.Build.DenseOfRowMajor(m, n, a);
        var um = MMatrix.Build.DenseOfRowMajor(m, k, u);
        var vtm = MMatrix.Build.DenseOfRowMajor(k, n, vt);
        var residual = am - um * MMatrix.Build.DenseOfDiagonalArray(s) * vtm;
        return residual.L2Norm();
    }

    public static double[] ToRowMajor(MMatrix a)
    {
        var result = new double[a.RowCount * a.ColumnCount];
        for (int i = 0; i < a.RowCount; i++)
            for (int j = 0; j < a.ColumnCount; j++) result[i * a.ColumnCount + j] = a[i, j];
        return result;
    }

    public static float[] ToFloat(double[] a) => Array.ConvertAll(a, x => (float)x);

    public static double[] ToDouble<T>(T[] a) where T : System.Numerics.IFloatingPointIeee754<T> => Array.ConvertAll(a, double.CreateTruncating);

    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double Gamma(double shape, Random random)
    {
        if (shape < 1) return Gamma(shape + 1, random) * Math.Pow(random.NextDouble(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x = Gaussian(random), v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return d * v;
        }
    }
}

using System.Numerics;
using Xunit;

namespace SpectralCore.Tests.Differential;

/// <summary>
/// Norm-scaled agreement checks between two backends' results, all in float64:
/// values within 20·n·ε·‖A‖_F (each backend is backward stable to about 10·n·ε·‖A‖_F, so by Weyl's theorem
/// their values differ by at most twice that); vectors compared as subspaces of eigenvalue (singular value)
/// clusters — clusters split where the gap exceeds √ε·‖A‖_F — through ‖P₁ − P₂‖_F of the clusters'
/// orthogonal projectors, bounded by Davis–Kahan: 2·(20·n·ε·‖A‖_F)·√k / gap.
/// </summary>
internal static class BackendAgreement
{
    internal static double Epsilon<T>() => typeof(T) == typeof(float) ? Math.Pow(2, -23) : Math.Pow(2, -52);

    /// <summary>‖A‖_F computed with scaling (no overflow at 1e±150).</summary>
    internal static double Frobenius(ReadOnlySpan<double> a)
    {
        double max = 0;
        foreach (var v in a) max = Math.Max(max, Math.Abs(v));
        if (max == 0) return 0;
        double s = 0;
        foreach (var v in a) s += (v / max) * (v / max);
        return max * Math.Sqrt(s);
    }

    internal static double[] ToDouble<T>(IEnumerable<T> x) where T : IFloatingPointIeee754<T> => x.Select(double.CreateTruncating).ToArray();

    internal static void Eigen<T>(EigenResult<T> expected, EigenResult<T> actual, double normA, int n, string context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double eps = Epsilon<T>(), tolerance = 20 * Math.Max(n, 1) * eps * normA;
        var x = ToDouble(expected.Values);
        var y = ToDouble(actual.Values);
        Assert.True(x.Length == y.Length, $"{context}: {x.Length} vs {y.Length} eigenvalues");
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(x[i] - y[i]) <= tolerance + double.Epsilon,
                $"{context}: λ[{i}] {x[i]:R} ({expected.Backend}) vs {y[i]:R} ({actual.Backend}), |Δ| {Math.Abs(x[i] - y[i]):E3} > {tolerance:E3}");
        if (expected.Vectors is null || actual.Vectors is null || normA == 0) return;
        CompareSubspaces(x, expected.Vectors, actual.Vectors, normA, tolerance, zeroIsUnique: true, context + " eigenvectors");
    }

    internal static void Svd<T>(SvdResult<T> expected, SvdResult<T> actual, double normA, int m, int n, string context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double eps = Epsilon<T>(), tolerance = 20 * Math.Max(Math.Max(m, n), 1) * eps * normA;
        var x = ToDouble(expected.SingularValues);
        var y = ToDouble(actual.SingularValues);
        Assert.True(x.Length == y.Length, $"{context}: {x.Length} vs {y.Length} singular values");
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(x[i] - y[i]) <= tolerance + double.Epsilon,
                $"{context}: σ[{i}] {x[i]:R} ({expected.Backend}) vs {y[i]:R} ({actual.Backend}), |Δ| {Math.Abs(x[i] - y[i]):E3} > {tolerance:E3}");
        if (expected.U is null || actual.U is null || normA == 0) return;
        // Singular vectors of (numerically) zero singular values are unique only on the square side.
        CompareSubspaces(x, expected.U, actual.U, normA, tolerance, zeroIsUnique: m <= n, context + " left singular vectors");
        CompareSubspaces(x, Transpose(expected.Vt!), Transpose(actual.Vt!), normA, tolerance, zeroIsUnique: n <= m, context + " right singular vectors");
    }

    private static Matrix<T> Transpose<T>(Matrix<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = new Matrix<T>(a.Columns, a.Rows);
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < a.Columns; j++) t[j, i] = a[i, j];
        return t;
    }

    /// <summary>Compares column subspaces cluster by cluster; <paramref name="values"/> are sorted (either direction).</summary>
    private static void CompareSubspaces<T>(double[] values, Matrix<T> a, Matrix<T> b, double normA, double tolerance, bool zeroIsUnique, string context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = values.Length, rows = a.Rows;
        double split = Math.Sqrt(Epsilon<T>()) * normA;
        int start = 0;
        while (start < k)
        {
            int end = start + 1;
            while (end < k && Math.Abs(values[end] - values[end - 1]) <= split) end++;
            double gapBefore = start > 0 ? Math.Abs(values[start] - values[start - 1]) : double.PositiveInfinity;
            double gapAfter = end < k ? Math.Abs(values[end] - values[end - 1]) : double.PositiveInfinity;
            double gap = Math.Min(gapBefore, gapAfter);
            // When the vectors live in a larger space than the spectrum (a tall U), the implicit zero
            // singular values are part of the rest of the spectrum too.
            if (rows > k) gap = Math.Min(gap, values.Skip(start).Take(end - start).Min(Math.Abs));
            bool atZero = values.Skip(start).Take(end - start).All(v => Math.Abs(v) <= tolerance);
            int size = end - start;
            double bound = 2 * tolerance * Math.Sqrt(size) / gap + 100 * Math.Max(rows, 1) * Epsilon<T>();
            // Skipped: the whole space (nothing to compare), non-unique null-space vectors, and clusters whose
            // Davis–Kahan bound says nothing (an angle bound of 1 or more).
            if (!double.IsInfinity(gap) && (zeroIsUnique || !atZero) && bound < 1)
            {
                // ‖P_a − P_b‖_F = √2·‖(I − P_a) B_c‖_F, computed from the residual B_c − A_c (A_cᵀ B_c) itself:
                // the textbook 2·size − 2·‖A_cᵀ B_c‖_F² cancels catastrophically (its error is √ε, not ε).
                var overlap = new double[size, size];
                for (int p = 0; p < size; p++)
                    for (int q = 0; q < size; q++)
                    {
                        double dot = 0;
                        for (int i = 0; i < rows; i++) dot += double.CreateTruncating(a[i, start + p]) * double.CreateTruncating(b[i, start + q]);
                        overlap[p, q] = dot;
                    }
                double sum = 0;
                for (int q = 0; q < size; q++)
                    for (int i = 0; i < rows; i++)
                    {
                        double r = double.CreateTruncating(b[i, start + q]);
                        for (int p = 0; p < size; p++) r -= double.CreateTruncating(a[i, start + p]) * overlap[p, q];
                        sum += r * r;
                    }
                double distance = Math.Sqrt(2 * sum);
                Assert.True(distance <= bound,
                    $"{context}: cluster {start}..{end - 1} (values {values[start]:G6}..{values[end - 1]:G6}, gap {gap:E3}): ‖P₁ − P₂‖_F = {distance:E3} > {bound:E3}");
            }
            start = end;
        }
    }
}

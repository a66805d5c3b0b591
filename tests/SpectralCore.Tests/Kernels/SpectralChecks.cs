using Xunit;
using System.Numerics;

namespace SpectralCore.Tests.Kernels;

/// <summary>Invariant checks (in float64) shared by the kernel tests; the bar is 10·n·ε·‖A‖_F.</summary>
internal static class SpectralChecks
{
    public const double Factor = 10.0;

    /// <summary>Machine epsilon of T (2⁻²³ or 2⁻⁵²).</summary>
    public static double Epsilon<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Math.Pow(2, -23) : Math.Pow(2, -52);

    public static double[] ToDouble<T>(T[] x) where T : unmanaged, IFloatingPointIeee754<T> => x.Select(double.CreateTruncating).ToArray();

    public static double Frobenius(double[] a)
    {
        double max = 0;
        foreach (var v in a) max = Math.Max(max, Math.Abs(v));
        if (max == 0) return 0;
        double s = 0;
        foreach (var v in a) s += (v / max) * (v / max);
        return max * Math.Sqrt(s);
    }

    /// <summary>Asserts ‖AV − VΛ‖ ≤ 10nε‖A‖, ‖VᵀV − I‖ ≤ 10nε, ascending values, trace and ‖·‖_F preserved.</summary>
    public static void CheckEigen<T>(double[] a, int n, EigenResult<T> result, string context) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double eps = Epsilon<T>();
        double norm = Frobenius(a);
        var values = ToDouble(result.Values);
        Assert.True(values.Length == n, $"{context}: {values.Length} values for n = {n}");
        for (int i = 1; i < n; i++)
            Assert.True(values[i - 1] <= values[i], $"{context}: values not ascending at {i}: {values[i - 1]} > {values[i]}");
        double bound = Factor * Math.Max(n, 1) * eps;
        double trace = 0, sum = 0;
        for (int i = 0; i < n; i++) { trace += a[i * n + i]; sum += values[i]; }
        Assert.True(Math.Abs(trace - sum) <= bound * norm * Math.Sqrt(Math.Max(n, 1)) + 1e-300,
            $"{context}: trace {trace:R} vs Σλ {sum:R} (bound {bound * norm * Math.Sqrt(Math.Max(n, 1)):E3})");
        double valueNorm = Frobenius(values);
        Assert.True(Math.Abs(valueNorm - norm) <= bound * norm + 1e-300, $"{context}: ‖λ‖ {valueNorm:R} vs ‖A‖_F {norm:R}");
        if (result.Vectors is null) return;
        var v = ToDouble(result.Vectors.Data);
        Assert.Equal(n, result.Vectors.Rows);
        Assert.Equal(n, result.Vectors.Columns);
        double residual = 0, orth = 0;
        var r = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += a[i * n + k] * v[k * n + j];
                r[i * n + j] = s - v[i * n + j] * values[j];
            }
        residual = Frobenius(r);
        var o = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += v[k * n + i] * v[k * n + j];
                o[i * n + j] = s - (i == j ? 1 : 0);
            }
        orth = Frobenius(o);
        Assert.True(residual <= bound * norm + 1e-300, $"{context}: ‖AV − VΛ‖ = {residual:E3} > 10nε‖A‖ = {bound * norm:E3}");
        Assert.True(orth <= bound, $"{context}: ‖VᵀV − I‖ = {orth:E3} > 10nε = {bound:E3}");
    }

    /// <summary>Asserts ‖A − U S Vᵀ‖ ≤ 10·max(m,n)·ε‖A‖, orthonormal U and V, descending non-negative S, ‖S‖ = ‖A‖_F.</summary>
    public static void CheckSvd<T>(double[] a, int m, int n, SvdResult<T> result, string context, double factor = Factor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double eps = Epsilon<T>();
        int k = Math.Min(m, n);
        double norm = Frobenius(a);
        var s = ToDouble(result.SingularValues);
        Assert.True(s.Length == k, $"{context}: {s.Length} singular values for {m}×{n}");
        for (int i = 0; i < k; i++)
        {
            Assert.True(s[i] >= 0, $"{context}: σ[{i}] = {s[i]} < 0");
            if (i > 0) Assert.True(s[i - 1] >= s[i], $"{context}: σ not descending at {i}");
        }
        double bound = factor * Math.Max(Math.Max(m, n), 1) * eps;
        Assert.True(Math.Abs(Frobenius(s) - norm) <= bound * norm + 1e-300, $"{context}: ‖σ‖ {Frobenius(s):R} vs ‖A‖_F {norm:R}");
        if (result.U is null) return;
        Assert.NotNull(result.Vt);
        Assert.Equal((m, k), (result.U.Rows, result.U.Columns));
        Assert.Equal((k, n), (result.Vt!.Rows, result.Vt.Columns));
        var u = ToDouble(result.U.Data);
        var vt = ToDouble(result.Vt.Data);
        var r = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int t = 0; t < k; t++) sum += u[i * k + t] * s[t] * vt[t * n + j];
                r[i * n + j] = a[i * n + j] - sum;
            }
        double residual = Frobenius(r);
        Assert.True(residual <= bound * norm + 1e-300, $"{context}: ‖A − USVᵀ‖ = {residual:E3} > {bound * norm:E3}");
        var ou = new double[k * k];
        var ov = new double[k * k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double su = 0, sv = 0;
                for (int t = 0; t < m; t++) su += u[t * k + i] * u[t * k + j];
                for (int t = 0; t < n; t++) sv += vt[i * n + t] * vt[j * n + t];
                ou[i * k + j] = su - (i == j ? 1 : 0);
                ov[i * k + j] = sv - (i == j ? 1 : 0);
            }
        Assert.True(Frobenius(ou) <= bound, $"{context}: ‖UᵀU − I‖ = {Frobenius(ou):E3} > {bound:E3}");
        Assert.True(Frobenius(ov) <= bound, $"{context}: ‖VVᵀ − I‖ = {Frobenius(ov):E3} > {bound:E3}");
    }
}

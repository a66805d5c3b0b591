namespace SpectralCore.Kernels.Common;

/// <summary>
/// LAPACK-style range scaling (the logic of dlascl as used by dsyev/dgesvd): a matrix whose largest magnitude
/// lies outside [√(safmin/ε), 1/√(safmin/ε)] is multiplied by a power-of-two-free factor that brings it inside,
/// so squares and sums of squares in the kernels can neither overflow nor underflow; the computed values are
/// divided by the same factor afterwards (eigenvectors and singular vectors are unaffected).
/// </summary>
internal static class MatrixScaling
{
    // safmin / precision with LAPACK's dlamch('S') and dlamch('P').
    private const double SmallNumber = 2.2250738585072014e-308 / 2.220446049250313e-16;

    /// <summary>Lower bound of the safe range, √(safmin/ε).</summary>
    public static readonly double SafeMinimum = Math.Sqrt(SmallNumber);

    /// <summary>Upper bound of the safe range, 1/√(safmin/ε).</summary>
    public static readonly double SafeMaximum = 1.0 / Math.Sqrt(SmallNumber);

    /// <summary>Largest absolute value of the array (0 when empty; NaN when it holds a NaN). SIMD (TensorPrimitives).</summary>
    public static double MaxAbs(ReadOnlySpan<double> values) =>
        values.IsEmpty ? 0 : Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(values));

    /// <summary>
    /// A copy of the symmetric tridiagonal (diagonal <paramref name="d"/>, off-diagonal <paramref name="e"/>, n each)
    /// scaled to unit max-norm by a power of two — exact, as LAPACK's dstedc does — so that divide and conquer's secular
    /// sums and products stay far from overflow and from the subnormal range at any input scale. Multiply results by
    /// 2^−Exponent (Exponent 0 when T is zero); E has n entries, the last 0.
    /// </summary>
    public static (double[] D, double[] E, int Exponent) TridiagonalToUnitNorm(ReadOnlySpan<double> d, ReadOnlySpan<double> e, int n)
    {
        double norm = 0;
        for (int i = 0; i < n; i++) norm = Math.Max(norm, Math.Max(Math.Abs(d[i]), i < n - 1 ? Math.Abs(e[i]) : 0));
        int exponent = norm > 0 ? -Math.ILogB(norm) : 0;
        var ds = new double[n];
        var es = new double[n];
        for (int i = 0; i < n; i++) ds[i] = Math.ScaleB(d[i], exponent);
        for (int i = 0; i < n - 1; i++) es[i] = Math.ScaleB(e[i], exponent);
        return (ds, es, exponent);
    }

    /// <summary>
    /// Scales <paramref name="values"/> in place into the safe range when needed and returns the factor applied
    /// (1 when none). Callers divide eigenvalues / singular values by the factor.
    /// </summary>
    public static double ScaleIntoSafeRange(Span<double> values)
    {
        double max = MaxAbs(values);
        double factor = 1.0;
        if (max > 0 && max < SafeMinimum) factor = SafeMinimum / max;
        else if (max > SafeMaximum) factor = SafeMaximum / max;
        if (factor != 1.0)
            for (int i = 0; i < values.Length; i++) values[i] *= factor;
        return factor;
    }
}

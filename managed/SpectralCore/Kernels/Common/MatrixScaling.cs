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

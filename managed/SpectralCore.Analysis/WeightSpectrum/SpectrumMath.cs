namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>Small spectral formulas shared by the metrics (WeightWatcher's definitions).</summary>
internal static class SpectrumMath
{
    /// <summary>Machine epsilon of float64 (2⁻⁵²), numpy's finfo(float64).eps.</summary>
    public static readonly double Float64Epsilon = Math.BitIncrement(1.0) - 1.0;

    /// <summary>numpy's matrix_rank rule from singular values: #σ &gt; σmax·N·ε(float64).</summary>
    public static int Rank(ReadOnlySpan<double> singularValues, double max, int n)
    {
        double tolerance = max * n * Float64Epsilon;
        int rank = 0;
        foreach (double s in singularValues) if (s > tolerance) rank++;
        return rank;
    }
}

namespace SpectralCore.Analysis.Jacobian;

/// <summary>Which least-squares loss gradient descent minimises; it sets how fast each direction decays.</summary>
public enum LossConvention
{
    /// <summary>L = ½‖J w − y‖²: one step multiplies the residual's i-th component by (1 − ησ_i²).</summary>
    HalfSumOfSquares = 0,

    /// <summary>
    /// L = 1/(2n)‖J w − y‖² with n the number of samples (rows / classes): one step multiplies the residual's
    /// i-th component by (1 − ησ_i²/n).
    /// </summary>
    HalfMeanOverSamples = 1,
}

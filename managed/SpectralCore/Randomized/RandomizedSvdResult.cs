using System.Numerics;

namespace SpectralCore.Randomized;

/// <summary>
/// A randomized truncated SVD A ≈ U diag(S) Vᵀ (top k) with an a-posteriori bound on its spectral-norm error.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class RandomizedSvdResult<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal RandomizedSvdResult(T[] singularValues, Matrix<T>? u, Matrix<T>? vt, double errorEstimate, double failureProbability,
        double rangeResidualEstimate, int sketchWidth, string algorithm, RangeFinderPrecision rangeFinderPrecision)
    {
        RangeFinderPrecision = rangeFinderPrecision;
        SingularValues = singularValues;
        U = u;
        Vt = vt;
        ErrorEstimate = errorEstimate;
        ErrorFailureProbability = failureProbability;
        RangeResidualEstimate = rangeResidualEstimate;
        SketchWidth = sketchWidth;
        Algorithm = algorithm;
    }

    /// <summary>The top k singular values, descending.</summary>
    public T[] SingularValues { get; }

    /// <summary>m × k left singular vectors (columns); null when not requested.</summary>
    public Matrix<T>? U { get; }

    /// <summary>k × n right singular vectors (rows); null when not requested.</summary>
    public Matrix<T>? Vt { get; }

    /// <summary>
    /// An upper bound on ‖A − U diag(S) Vᵀ‖₂ that holds with probability at least 1 − <see cref="ErrorFailureProbability"/>:
    /// 10·√(2/π)·maxᵢ ‖Aᵀ(I − QQᵀ)ωᵢ‖ (HMT eq. 4.3 on ((I − QQᵀ)A)ᵀ, r Gaussian probes ωᵢ drawn independently of Q,
    /// computed in the same final pass as QᵀA) + σ_{k+1}(QᵀA) (the truncation from the basis to rank k) + a rounding
    /// allowance 10·l·ε·σ₁. Rigorous but loose for flat spectral tails (the probe norms behave like Frobenius norms).
    /// </summary>
    public double ErrorEstimate { get; }

    /// <summary>The probability (10^(−r)) that <see cref="ErrorEstimate"/> fails to bound the error.</summary>
    public double ErrorFailureProbability { get; }

    /// <summary>The probe-based bound on ‖A − QQᵀA‖₂ alone (same probability).</summary>
    public double RangeResidualEstimate { get; }

    /// <summary>Width of the orthonormal basis Q (k + p, or (k + p)(q + 1) for block Krylov).</summary>
    public int SketchWidth { get; }

    /// <summary>What was computed, e.g. "randomized subspace iteration (HMT), q=2, l=60, CholeskyQR2, float64".</summary>
    public string Algorithm { get; }

    /// <summary>
    /// The arithmetic the range finder actually used: <see cref="RangeFinderPrecision.Float32"/> for float32 products
    /// (float32 input, or a float32 copy of a float64 matrix), else <see cref="RangeFinderPrecision.Float64"/>.
    /// </summary>
    public RangeFinderPrecision RangeFinderPrecision { get; }

    /// <summary>The same result with <paramref name="note"/> appended to <see cref="Algorithm"/>.</summary>
    internal RandomizedSvdResult<T> WithNote(string note) =>
        new(SingularValues, U, Vt, ErrorEstimate, ErrorFailureProbability, RangeResidualEstimate, SketchWidth, $"{Algorithm}; {note}", RangeFinderPrecision);

    /// <summary>The backend that computed it: always <see cref="SpectralCore.Backend.Managed"/> (the managed solver runs on every engine).</summary>
    public Backend Backend => Backend.Managed;

    /// <summary>The factors as a <see cref="SvdResult{T}"/> (backend Managed).</summary>
    public SvdResult<T> ToSvdResult() => new(SingularValues, U, Vt, Backend.Managed, Algorithm);
}

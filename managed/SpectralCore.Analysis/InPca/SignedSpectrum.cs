namespace SpectralCore.Analysis.InPca;

/// <summary>
/// Eigenpairs of a symmetric matrix sorted by |λ| descending, signs kept (InPCA's W is indefinite: the
/// negative directions are the "time-like" ones of the Minkowski embedding).
/// </summary>
public sealed class SignedSpectrum
{
    internal SignedSpectrum(double[] values, Matrix<double> vectors, string method, Backend backend, bool complete)
    {
        Values = values;
        Vectors = vectors;
        Method = method;
        Backend = backend;
        IsComplete = complete;
    }

    /// <summary>Eigenvalues by |λ| descending (ties keep ascending algebraic order).</summary>
    public double[] Values { get; }

    /// <summary>M × k; column i is the unit eigenvector of <c>Values[i]</c> (sign arbitrary).</summary>
    public Matrix<double> Vectors { get; }

    /// <summary>How the pairs were computed (dense full spectrum, or the largest-magnitude part of it).</summary>
    public string Method { get; }

    /// <summary>The backend that ran the eigensolver.</summary>
    public Backend Backend { get; }

    /// <summary>True when every eigenpair is present (k = M).</summary>
    public bool IsComplete { get; }

    /// <summary>Number of pairs k.</summary>
    public int Count => Values.Length;

    /// <summary>
    /// The <paramref name="count"/> eigenpairs of the symmetric <paramref name="matrix"/> of largest |λ|
    /// (all of them when <paramref name="count"/> is null or ≥ M). A dense solver runs through
    /// <paramref name="engine"/>. For 2·count &lt; M only part of the spectrum is computed: on the managed backend
    /// by its largest-|λ| partial solver (tridiagonalization + bisection + inverse iteration); on native backends
    /// by two index-range calls (the count largest and the count smallest eigenvalues) merged by |λ|, which is exact:
    /// the largest-magnitude eigenvalues are always among them.
    /// </summary>
    public static SignedSpectrum Compute(SpectralEngine engine, Matrix<double> matrix, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(matrix);
        int m = matrix.Rows;
        if (m != matrix.Columns) throw new ArgumentException($"The matrix must be square, not {matrix.Rows}×{matrix.Columns}.", nameof(matrix));
        if (m == 0) throw new ArgumentException("The matrix is empty.", nameof(matrix));
        int k = count ?? m;
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(count), k, "At least one eigenpair must be requested.");
        k = Math.Min(k, m);

        if (2 * k >= m)
        {
            var full = engine.EigenSymmetric(matrix.View, EigenOptions.WithVectors);
            var pairs = Sort(full.Values, full.Vectors!, k);
            return new SignedSpectrum(pairs.Values, pairs.Vectors, $"dense symmetric eigensolver, full spectrum ({full.Algorithm}){Note(full.FallbackNote)}", full.Backend, k == m);
        }
        if (engine.Backend == Backend.Managed)
        {
            // One tridiagonalization, then bisection + inverse iteration for just the k largest-|λ| pairs.
            var partial = engine.LargestMagnitudeEigen(matrix.View, k, computeVectors: true);
            var picked = Sort(partial.Values, partial.Vectors!, k);
            return new SignedSpectrum(picked.Values, picked.Vectors, $"largest-magnitude {k} of {m}: {partial.Algorithm}{Note(partial.FallbackNote)}", partial.Backend, false);
        }
        // Native backends: their index-range solver (e.g. LAPACK ?syevr) on both ends of the spectrum.
        var top = engine.EigenSymmetricRange(matrix.View, m - k, m - 1, computeVectors: true);
        var bottom = engine.EigenSymmetricRange(matrix.View, 0, k - 1, computeVectors: true);
        var values = new double[2 * k];
        var vectors = new Matrix<double>(m, 2 * k);
        for (int i = 0; i < k; i++)
        {
            values[i] = bottom.Values[i];
            values[k + i] = top.Values[i];
            for (int r = 0; r < m; r++)
            {
                vectors[r, i] = bottom.Vectors![r, i];
                vectors[r, k + i] = top.Vectors![r, i];
            }
        }
        var merged = Sort(values, vectors, k);
        return new SignedSpectrum(merged.Values, merged.Vectors,
            $"largest-magnitude {k} of {m}: dense eigensolver on index ranges [0, {k - 1}] and [{m - k}, {m - 1}] merged by |λ| ({top.Algorithm}){Note(top.FallbackNote)}",
            top.Backend, false);
    }

    private static string Note(string? fallback) => fallback is null ? "" : $"; {fallback}";

    /// <summary>Keeps the <paramref name="keep"/> pairs of largest |λ| (stable for ties, input ascending).</summary>
    private static (double[] Values, Matrix<double> Vectors) Sort(double[] values, Matrix<double> vectors, int keep)
    {
        var order = Enumerable.Range(0, values.Length).OrderByDescending(i => Math.Abs(values[i])).ThenBy(i => values[i]).ToArray();
        int m = vectors.Rows;
        var sortedValues = new double[keep];
        var sortedVectors = new Matrix<double>(m, keep);
        for (int i = 0; i < keep; i++)
        {
            sortedValues[i] = values[order[i]];
            for (int r = 0; r < m; r++) sortedVectors[r, i] = vectors[r, order[i]];
        }
        return (sortedValues, sortedVectors);
    }
}

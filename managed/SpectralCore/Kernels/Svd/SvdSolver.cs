using System.Numerics;
using SpectralCore.Kernels.Blas;
using SpectralCore.Kernels.Common;
using SpectralCore.Kernels.Eigen;

namespace SpectralCore.Kernels.Svd;

/// <summary>
/// Dense SVD drivers on float64 working storage. Bidiagonal route: safe-range scaling, Golub–Kahan
/// bidiagonalization of the taller orientation (a wide matrix is transposed on the way in; for values only, a
/// matrix at least 1.5× taller than wide is first reduced to R by blocked Householder QR), explicit Uᵀ/Vᵀ
/// when vectors are wanted, Golub–Kahan implicit-shift bidiagonal QR, descending sort. Gram route (values
/// only): G = W Wᵀ of the smaller side accumulated in float64 by <see cref="Syrk"/>, eigenvalues by the
/// symmetric solver's values route (two-stage reduction, values-only divide and conquer from order 512), σ = √max(λ, 0). The Gram route squares the condition number: singular values below about
/// √ε·σ_max (≈ 1.5e-8·σ_max) carry absolute error ≈ ε·σ_max²/σ instead of ε·σ_max, which is harmless for
/// empirical spectral densities (λ = σ² is what they use, and λ has absolute error ≈ ε·λ_max either way).
/// </summary>
internal static class SvdSolver
{
    /// <summary>Algorithm text for the bidiagonal route.</summary>
    public const string BidiagonalAlgorithm = "Golub–Kahan Householder bidiagonalization (after blocked QR when ≥ 1.5× rectangular) + dqds (float64)";

    /// <summary>Algorithm text for the bidiagonal route with vectors.</summary>
    public const string BidiagonalVectorsAlgorithm = "Golub–Kahan Householder bidiagonalization + implicit-shift bidiagonal QR with rotation accumulation (float64)";

    /// <summary>Algorithm text for the Gram route.</summary>
    public const string GramAlgorithm = "Gram route: float64 SYRK of the smaller side + symmetric eigenvalues (two-stage tridiagonalization from order 384, one-stage below; values-only divide and conquer from order 512, Pal–Walker–Kahan QL below), σ = √max(λ, 0)";

    /// <summary>Aspect ratio from which values-only bidiagonal SVDs first reduce the matrix to R by blocked QR.</summary>
    private const double TallRatio = 1.5;

    /// <summary>The result in float64: S descending, Uᵀ (k rows of length m), Vᵀ (k×n).</summary>
    public readonly record struct Decomposition(double[] S, double[]? UTransposed, double[]? VTransposed, int M, int N);

    /// <summary>Bidiagonal route on a row-major m×n array (destroyed).</summary>
    public static Decomposition Bidiagonal(double[] a, int m, int n, bool transposed, bool vectors, int threads)
    {
        // Work on W with rows ≥ cols. When the caller passed Aᵀ (transposed), W = Aᵀ.
        int rows = m, cols = n;
        if (cols == 0) return new Decomposition([], vectors ? [] : null, vectors ? [] : null, transposed ? n : m, transposed ? m : n);
        double factor = MatrixScaling.ScaleIntoSafeRange(a.AsSpan(0, rows * cols));
        if (!vectors && rows >= TallRatio * cols && cols >= 32)
        {
            // Values only of a tall matrix: σ(A) = σ(R) of its QR, so bidiagonalize the n×n R instead.
            a = HouseholderQR.ReduceToR(a, rows, cols, threads);
            rows = cols;
        }
        var d = new double[cols];
        var e = new double[cols];
        var tauq = new double[cols];
        var taup = new double[cols];
        GolubKahanBidiagonalization.Reduce(a, rows, cols, d, e, tauq, taup, threads);
        double[]? ut = null, vt = null;
        if (vectors)
        {
            ut = GolubKahanBidiagonalization.FormUTransposed(a, rows, cols, tauq, threads);
            vt = GolubKahanBidiagonalization.FormVTransposed(a, cols, taup, threads);
        }
        if (vectors) BidiagonalQR.Solve(d, e, cols, ut, rows, vt, cols);
        else Dqds.Values(d, e, cols);
        if (factor != 1.0)
            for (int i = 0; i < cols; i++) d[i] /= factor;
        SortDescending(d, ut, rows, vt, cols);
        // W = Uw S Vwᵀ. If W = Aᵀ then A = Vw S Uwᵀ: swap the roles.
        return transposed
            ? new Decomposition(d, vt, ut, cols, rows)
            : new Decomposition(d, ut, vt, rows, cols);
    }

    /// <summary>
    /// Gram route on a matrix view: G = W Wᵀ of the smaller side (W = A when A is wide or square, Aᵀ when tall) read
    /// in place from the view's storage (float32 elements widened exactly), eigenvalues of G, σ = √max(λ, 0);
    /// returns the min(m, n) singular values, descending. A matrix whose largest magnitude is beyond 2^±60 is scaled
    /// by an exact power of two first (squares and their sums then neither overflow nor underflow).
    /// </summary>
    /// <exception cref="ArgumentException">The matrix holds NaN or ±∞ (the message names the position).</exception>
    public static double[] GramValues<T>(MatrixView<T> matrix, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = matrix.Rows, n = matrix.Columns, k = Math.Min(m, n), length = Math.Max(m, n);
        if (k == 0) return [];
        double scale = Randomized.BlockOps.UnitScale(Randomized.BlockOps.RequireFiniteMaxMagnitude(matrix, "matrix"));
        int ld = matrix.LeadingDimension;
        // Strides of A's rows and columns in the storage, then of W's (W = A, or Aᵀ when tall: its rows are A's columns).
        var (aRow, aColumn) = matrix.Layout == MatrixLayout.RowMajor ? (ld, 1) : (1, ld);
        // A square matrix takes the side whose W rows are contiguous in storage (rowStride 1): the Gram's operands are then
        // widened and packed from contiguous runs (the eigenvalues of AAᵀ and AᵀA are the same).
        var (rowStride, columnStride) = m < n || (m == n && aRow == 1) ? (aRow, aColumn) : (aColumn, aRow);
        // When the eigensolver reads the lower triangle alone, no mirror (≈ 15 ms at k = 4096), and G goes straight into
        // the two-stage reduction at its padded leading dimension.
        bool twoStage = SymmetricEigenSolver.ReadsLowerTriangleOnly(k, vectors: false);
        int ldg = twoStage ? DenseToBandReduction.PaddedLeadingDimension(k) : k;
        var g = Syrk.GramOfRows(matrix.Data, k, length, rowStride, columnStride, scale, threads, lowerOnly: twoStage, ldc: ldg);
        // W's largest magnitude is within 2^±61 after UnitScale, so G's is within [2^−122, length·2^122] — inside the
        // eigensolver's safe range (≈ 1e±146): its range scan would find a factor of 1.
        var (lambda, _) = SymmetricEigenSolver.Solve(g, k, false, threads, out _, knownInSafeRange: true, lda: ldg);
        var s = new double[k];
        for (int i = 0; i < k; i++) s[i] = Math.Sqrt(Math.Max(lambda[k - 1 - i], 0)) / scale;
        return s;
    }

    /// <summary>Sorts singular values descending (stable) and permutes the rows of Uᵀ and Vᵀ alike.</summary>
    private static void SortDescending(double[] s, double[]? ut, int uLength, double[]? vt, int vLength)
    {
        int k = s.Length;
        var order = new int[k];
        for (int i = 0; i < k; i++) order[i] = i;
        Array.Sort(order, (x, y) =>
        {
            int c = s[y].CompareTo(s[x]);
            return c != 0 ? c : x.CompareTo(y);
        });
        var sorted = new double[k];
        for (int i = 0; i < k; i++) sorted[i] = s[order[i]];
        sorted.CopyTo(s, 0);
        Permute(ut, order, uLength);
        Permute(vt, order, vLength);
    }

    private static void Permute(double[]? rows, int[] order, int length)
    {
        if (rows is null) return;
        var copy = (double[])rows.Clone();
        for (int i = 0; i < order.Length; i++) Array.Copy(copy, (long)order[i] * length, rows, (long)i * length, length);
    }
}

using SpectralCore.Kernels.Common;

namespace SpectralCore.Kernels.Eigen;

/// <summary>
/// Dense symmetric eigensolver on float64 working storage: safe-range scaling (dlascl logic), Householder
/// tridiagonalization, then the Pal–Walker–Kahan root-free QL for values only; for vectors, implicit QL with
/// rotation accumulation into Qᵀ (n &lt; 128) or root-free QL values + inverse iteration (dstein-style, clusters
/// reorthogonalized) — or, when the spectrum is so clustered that reorthogonalization would dominate, divide and
/// conquer — + back-transformation through the blocked-WY reflectors (dormtr-style, n ≥ 128). Values only from
/// order 384 on: the two-stage reduction (dense → band → tridiagonal); the tridiagonal's values from order 512 on by
/// values-only divide and conquer (<see cref="TridiagonalSplitValues"/>), below by root-free QL. Values sorted ascending.
/// </summary>
internal static class SymmetricEigenSolver
{
    /// <summary>The algorithm text for values only.</summary>
    public const string ValuesAlgorithm = "Householder tridiagonalization (SIMD SYMV/SYR2) + Pal–Walker–Kahan root-free implicit QL (float64)";

    /// <summary>The algorithm text for values only on orders from <see cref="TwoStageThreshold"/> on.</summary>
    public const string TwoStageValuesAlgorithm = "two-stage tridiagonalization: blocked Householder dense→band (look-ahead fused SYR2K+SYMM GEMM pass, bandwidth 48) + bulge-chasing band→tridiagonal (sb2st-style, sweeps in waves of 8 per thread, pipelined) + " + TridiagonalSplitValues.Algorithm + " (float64)";

    /// <summary>The algorithm text for values only on orders from <see cref="TwoStageThreshold"/> below <see cref="TridiagonalSplitValues.MinimumOrder"/>.</summary>
    public const string TwoStageRootFreeValuesAlgorithm = "two-stage tridiagonalization: blocked Householder dense→band (look-ahead fused SYR2K+SYMM GEMM pass, bandwidth 48) + bulge-chasing band→tridiagonal (sb2st-style, sweeps in waves of 8 per thread, pipelined) + Pal–Walker–Kahan root-free implicit QL (float64)";

    /// <summary>From this order on, values-only solves take the two-stage reduction.</summary>
    public const int TwoStageThreshold = 384;

    /// <summary>
    /// Whether <see cref="Solve(double[], int, bool, int)"/> reads only the lower triangle (diagonal included) of an n×n
    /// input — values only by the two-stage reduction — so callers may skip writing the upper one.
    /// </summary>
    public static bool ReadsLowerTriangleOnly(int n, bool vectors) => !vectors && n >= TwoStageThreshold;

    /// <summary>Bandwidth of the intermediate band matrix of the two-stage reduction.</summary>
    public const int TwoStageBandwidth = 48;

    /// <summary>The algorithm text for values and vectors of small matrices.</summary>
    public const string VectorsAlgorithm = "Householder tridiagonalization (SIMD SYMV/SYR2) + explicit Qᵀ + implicit QL with rotation accumulation (float64)";

    /// <summary>The algorithm text for values and vectors of large matrices.</summary>
    public const string InverseIterationAlgorithm = "blocked Householder tridiagonalization + Pal–Walker–Kahan QL values + inverse iteration with cluster reorthogonalization (dstein-style) + blocked WY back-transformation (dormtr-style GEMMs, float64)";

    /// <summary>The algorithm text for values and vectors of large matrices with clustered spectra.</summary>
    public const string DivideAndConquerAlgorithm = "blocked Householder tridiagonalization + Cuppen divide and conquer (deflation, secular equation, Gu–Eisenstat vectors; dstedc-style) + blocked WY back-transformation (dormtr-style GEMMs, float64)";

    /// <summary>From this order on, vectors come from inverse iteration (or divide and conquer) instead of QL rotations.</summary>
    public const int InverseIterationThreshold = 128;

    /// <summary>
    /// Eigenvalues (ascending) and, when <paramref name="vectors"/>, Zᵀ with row j the unit eigenvector of
    /// value j. <paramref name="a"/> is n×n full symmetric row-major and is destroyed; where
    /// <see cref="ReadsLowerTriangleOnly"/> holds, only its lower triangle needs to be written.
    /// </summary>
    public static (double[] Values, double[]? VectorsTransposed) Solve(double[] a, int n, bool vectors, int threads) =>
        Solve(a, n, vectors, threads, out _);

    /// <summary>
    /// <see cref="Solve(double[], int, bool, int)"/>, also naming the algorithm the route took. A caller that knows the
    /// largest magnitude of <paramref name="a"/> lies in <see cref="MatrixScaling"/>'s safe range passes
    /// <paramref name="knownInSafeRange"/> to skip the scan that would find a factor of 1 (≈ 10–17 ms at n = 4096).
    /// Row i of <paramref name="a"/> starts at i·<paramref name="lda"/> (0: n); the two-stage values route reads it in
    /// place (see <see cref="DenseToBandReduction.PaddedLeadingDimension"/>), the others after packing the rows to n.
    /// </summary>
    public static (double[] Values, double[]? VectorsTransposed) Solve(double[] a, int n, bool vectors, int threads, out string algorithm,
        bool knownInSafeRange = false, int lda = 0)
    {
        if (lda == 0) lda = n;
        if (lda < n) throw new ArgumentOutOfRangeException(nameof(lda), lda, $"The leading dimension must be at least the order {n}.");
        if (lda != n && !ReadsLowerTriangleOnly(n, vectors))
        {
            // Rows to leading dimension n, first row first (row i only moves left).
            for (int i = 1; i < n; i++) Array.Copy(a, (long)i * lda, a, (long)i * n, n);
            lda = n;
        }
        algorithm = !vectors ? (n >= TridiagonalSplitValues.MinimumOrder ? TwoStageValuesAlgorithm : n >= TwoStageThreshold ? TwoStageRootFreeValuesAlgorithm : ValuesAlgorithm)
            : n >= InverseIterationThreshold ? InverseIterationAlgorithm : VectorsAlgorithm;
        if (n == 0) return ([], vectors ? [] : null);
        // The span takes in the padding between rows too: the factor depends on the largest magnitude alone.
        double factor = knownInSafeRange ? 1.0 : MatrixScaling.ScaleIntoSafeRange(a.AsSpan(0, (n - 1) * lda + n));
        var d = new double[n];
        var e = new double[n];
        // Values only on a large order: dense → band (level 3) → tridiagonal (bulge chasing from cache), no reflectors kept.
        bool twoStage = ReadsLowerTriangleOnly(n, vectors);
        var tau = twoStage ? [] : new double[n];
        if (twoStage)
        {
            DenseToBandReduction.Reduce(a, n, lda, TwoStageBandwidth, threads);
            BandToTridiagonal.Reduce(a, n, lda, TwoStageBandwidth, d, e, threads);
        }
        else
        {
            HouseholderTridiagonalization.Reduce(a, n, d, e, tau, threads);
        }
        double[]? zt = null;
        if (vectors && n >= InverseIterationThreshold)
        {
            // Values by the root-free QL; vectors of T by inverse iteration unless the spectrum is so clustered
            // that its reorthogonalization would dominate, then by divide and conquer (which deflates clusters);
            // either way back-transformed by the blocked reflectors (dormtr).
            var lambda = (double[])d.Clone();
            TridiagonalValues(lambda, (double[])e.Clone(), n, threads);
            if (InverseIteration.ReorthogonalizationsPerVector(d, e, lambda, n) <= InverseIteration.MaxReorthogonalizationsPerVector)
            {
                zt = InverseIteration.Vectors(d, e, lambda, n, threads);
                d = lambda;
            }
            else
            {
                (d, zt) = TridiagonalDivideAndConquer.Solve(d, e, n, threads);
                algorithm = DivideAndConquerAlgorithm;
            }
            HouseholderTridiagonalization.MultiplyByQTransposed(a, n, tau, zt, threads);
        }
        else if (vectors)
        {
            zt = HouseholderTridiagonalization.FormQTransposed(a, n, tau, threads);
            TridiagonalQL.ValuesAndVectors(d, e, n, zt, threads);
        }
        else
        {
            TridiagonalValues(d, e, n, threads);
        }
        if (factor != 1.0)
            for (int i = 0; i < n; i++) d[i] /= factor;
        SortAscending(d, zt, n);
        return (d, zt);
    }

    /// <summary>
    /// The tridiagonal's eigenvalues into <paramref name="d"/>, ascending: values-only divide and conquer from
    /// <see cref="TridiagonalSplitValues.MinimumOrder"/> on (≈ 4× faster on two threads and 2× on one at n = 4096,
    /// where the root-free QL's ~n² dependent steps dominate), root-free QL below.
    /// </summary>
    private static void TridiagonalValues(double[] d, double[] e, int n, int threads)
    {
        if (n >= TridiagonalSplitValues.MinimumOrder)
        {
            TridiagonalSplitValues.Values(d, e, n, threads);
            return;
        }
        TridiagonalQL.ValuesRootFree(d, e, n);
        Array.Sort(d, 0, n);
    }

    /// <summary>Sorts values ascending and permutes the rows of <paramref name="zt"/> alike (stable).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void SortAscending(double[] values, double[]? zt, int n)
    {
        // Fast paths (hot in batches of small matrices): already sorted, or values only — Array.Sort on doubles is
        // deterministic, and equal doubles are interchangeable when no vectors travel with them.
        int firstDescent = 1;
        while (firstDescent < n && values[firstDescent - 1] <= values[firstDescent]) firstDescent++;
        if (firstDescent >= n) return;
        if (zt is null)
        {
            Array.Sort(values, 0, n);
            return;
        }
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (x, y) =>
        {
            int c = values[x].CompareTo(values[y]);
            return c != 0 ? c : x.CompareTo(y);
        });
        var sorted = new double[n];
        for (int i = 0; i < n; i++) sorted[i] = values[order[i]];
        sorted.CopyTo(values, 0);
        if (zt is null) return;
        var copy = (double[])zt.Clone();
        for (int i = 0; i < n; i++)
            Array.Copy(copy, order[i] * n, zt, i * n, n);
    }
}

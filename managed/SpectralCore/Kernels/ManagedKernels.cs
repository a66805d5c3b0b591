using System.Numerics;
using SpectralCore.Kernels.Common;
using SpectralCore.Kernels.Eigen;
using SpectralCore.Kernels.Svd;

namespace SpectralCore.Kernels;

/// <summary>
/// The managed backend's entry points: validation, conversion to float64 working storage, dispatch to the
/// solvers, slicing of index ranges and conversion of the results back to <c>T</c>.
/// </summary>
internal static class ManagedKernels
{
    /// <summary>Symmetric eigendecomposition (see <see cref="SymmetricEigenSolver"/>).</summary>
    public static EigenResult<T> EigenSymmetric<T>(MatrixView<T> matrix, EigenOptions options, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = matrix.Rows;
        // When the solver reads the lower triangle alone, no mirror is written, and the copy is laid out at the two-stage
        // reduction's padded leading dimension.
        bool lowerOnly = SymmetricEigenSolver.ReadsLowerTriangleOnly(n, options.ComputeVectors);
        int lda = lowerOnly ? DenseToBandReduction.PaddedLeadingDimension(n) : n;
        var a = KernelInput.ReadSymmetric(matrix, options.Triangle, "matrix", lowerOnly, lda);
        var (first, last) = ResolveRange(options, n);
        var (values, zt) = SymmetricEigenSolver.Solve(a, n, options.ComputeVectors, threads, out string algorithm, lda: lda);
        return Package<T>(values, zt, n, first, last, algorithm);
    }

    /// <summary>Builds the result of a solved problem: the [first, last] slice of values (and vectors).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static EigenResult<T> Package<T>(double[] values, double[]? zt, int n, int first, int last, string algorithm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = last - first + 1;
        // The whole float64 spectrum is handed over as is (callers pass arrays they own); otherwise converted/sliced.
        var sliced = typeof(T) == typeof(double) && first == 0 && count == values.Length
            ? (T[])(object)values
            : KernelInput.Convert<T>(values.AsSpan(first, count));
        Matrix<T>? vectors = null;
        if (zt is not null)
        {
            var rows = first == 0 && count == n ? zt : zt.AsSpan(first * n, count * n).ToArray();
            vectors = KernelInput.TransposeToMatrix<T>(rows, count, n);
        }
        string note = count == n ? algorithm : algorithm + $"; indices {first}..{last} sliced from the full spectrum";
        return new EigenResult<T>(sliced, vectors, Backend.Managed, note);
    }

    /// <summary>Validates the index range of <paramref name="options"/> against n.</summary>
    internal static (int First, int Last) ResolveRange(EigenOptions options, int n)
    {
        int first = options.FirstIndex ?? 0;
        int last = options.LastIndex ?? n - 1;
        if (options.FirstIndex is null && options.LastIndex is null) return (0, n - 1);
        if (first < 0 || last >= n || first > last)
            throw new ArgumentOutOfRangeException(nameof(options), $"The index range {first}..{last} is not within 0..{n - 1} (first ≤ last required).");
        return (first, last);
    }

    /// <summary>
    /// Singular values, descending, in float64 whatever <typeparamref name="T"/>: float32 elements are widened exactly
    /// (the Gram route reads them in place; the bidiagonal route widens into its working copy).
    /// </summary>
    public static double[] SingularValuesFloat64<T>(MatrixView<T> matrix, SvdMethod method, int threads, out string algorithm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (method is not (SvdMethod.Auto or SvdMethod.Bidiagonal or SvdMethod.Gram))
            throw new ArgumentException($"Unknown SVD method {(int)method}.", nameof(method));
        if (method == SvdMethod.Gram)
        {
            algorithm = SvdSolver.GramAlgorithm;
            return SvdSolver.GramValues(matrix, threads);
        }
        int m = matrix.Rows, n = matrix.Columns;
        bool transpose = m < n;
        var a = KernelInput.ReadGeneral(matrix, transpose, "matrix");
        algorithm = SvdSolver.BidiagonalAlgorithm;
        return SvdSolver.Bidiagonal(a, Math.Max(m, n), Math.Min(m, n), transpose, false, threads).S;
    }

    /// <summary>SVD (bidiagonal route, or the Gram route for values when asked).</summary>
    public static SvdResult<T> Svd<T>(MatrixView<T> matrix, SvdOptions options, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (options.Method is not (SvdMethod.Auto or SvdMethod.Bidiagonal or SvdMethod.Gram))
            throw new ArgumentException($"Unknown SVD method {(int)options.Method}.", nameof(options));
        int m = matrix.Rows, n = matrix.Columns;
        int k = Math.Min(m, n);
        if (!options.ComputeVectors)
        {
            var s = SingularValuesFloat64(matrix, options.Method, threads, out string algorithm);
            return new SvdResult<T>(KernelInput.Convert<T>(s), null, null, Backend.Managed, algorithm);
        }
        bool transpose = m < n;
        var a = KernelInput.ReadGeneral(matrix, transpose, "matrix");
        var dec = SvdSolver.Bidiagonal(a, Math.Max(m, n), k, transpose, true, threads);
        var u = KernelInput.TransposeToMatrix<T>(dec.UTransposed!, k, m);
        var vt = KernelInput.ToMatrix<T>(dec.VTransposed!, k, n);
        return new SvdResult<T>(KernelInput.Convert<T>(dec.S), u, vt, Backend.Managed, SvdSolver.BidiagonalVectorsAlgorithm);
    }

    /// <summary>Batched symmetric eigen: small same-size groups go through the SIMD-across-matrices solver.</summary>
    public static BatchResult<EigenResult<T>> EigenSymmetricBatch<T>(IReadOnlyList<MatrixView<T>> matrices, EigenOptions options, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var items = new BatchItem<EigenResult<T>>[matrices.Count];
        Batch.BatchEigenSolver.Solve(matrices, options, threads, items);
        return new BatchResult<EigenResult<T>>(items, Backend.Managed);
    }

    /// <summary>Batched SVD: every matrix solved on its own (one thread each, matrices spread over threads).</summary>
    public static BatchResult<SvdResult<T>> SvdBatch<T>(IReadOnlyList<MatrixView<T>> matrices, SvdOptions options, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var items = new BatchItem<SvdResult<T>>[matrices.Count];
        Parallelism.For(matrices.Count, threads, 1, (from, to) =>
        {
            for (int i = from; i < to; i++) items[i] = Guard(i, () => Svd(matrices[i], options, 1));
        });
        return new BatchResult<SvdResult<T>>(items, Backend.Managed);
    }

    /// <summary>Runs one batch item, turning its failure into a status instead of failing the batch.</summary>
    internal static BatchItem<TResult> Guard<TResult>(int index, Func<TResult> solve) where TResult : class
    {
        try
        {
            return new BatchItem<TResult>(BatchItemStatus.Ok, solve(), null);
        }
        catch (NonConvergenceException e)
        {
            return new BatchItem<TResult>(BatchItemStatus.NotConverged, null, e.Message);
        }
        catch (ArgumentException e)
        {
            return new BatchItem<TResult>(BatchItemStatus.Rejected, null, $"matrix {index}: {e.Message}");
        }
    }
}

using System.Numerics;
using SpectralCore.Interop;
using SpectralCore.Kernels.Common;

namespace SpectralCore;

/// <summary>
/// The shared managed half of every libspectral backend (LAPACK, CUDA): owns the native context and does
/// the marshalling the C ABI needs — pinning instead of copying, leading dimensions for strided views,
/// packing batches into one buffer with per-matrix offsets, per-matrix info codes into
/// <see cref="BatchResult{TResult}"/>, and native status codes into exceptions (through the one map in
/// <c>Interop/NativeStatus</c>). Subclasses only name their backend and algorithms.
/// </summary>
/// <remarks>
/// Copies made here, and why: symmetric inputs are never copied (a column-major matrix is passed as the
/// row-major transpose with the triangle swapped — the same matrix); SVD inputs are never copied; SVD
/// vectors of a column-major input are transposed into the row-major <see cref="Matrix{T}"/> results;
/// a batch of separately allocated matrices is packed into one buffer (the ABI's batched form), and its
/// outputs are split into per-matrix results. A native context serves one thread at a time, so calls on
/// one instance are serialized; use one backend per thread for parallel single-matrix work.
/// </remarks>
public abstract class NativeBackend : ISpectralBackend, IDisposable
{
    private const int RowMajor = 0;
    private const int ColumnMajor = 1;
    private const int JobValues = 0;
    private const int JobVectors = 1;

    private readonly NativeContextHandle _context;
    private readonly object _gate = new();

    /// <summary>Creates a native context; throws <see cref="BackendUnavailableException"/> with the reason when unavailable.</summary>
    protected NativeBackend(Backend kind, SpectralOptions? options)
    {
        Options = options ?? SpectralOptions.Default;
        Options.Validate();
        Kind = kind;
        _context = NativeContext.Create(kind, Options);
        var probe = NativeContext.Query(kind)!;
        Description = $"{probe.Library} {probe.Version}".Trim();
    }

    /// <summary>Options in force.</summary>
    public SpectralOptions Options { get; }

    /// <inheritdoc />
    public Backend Kind { get; }

    /// <inheritdoc />
    public string Description { get; }

    internal NativeContextHandle Context => _context;

    /// <summary>The algorithm recorded in eigen results (e.g. "LAPACK dsyevd (divide and conquer)") for an order-<paramref name="order"/> matrix, with or without <paramref name="vectors"/>.</summary>
    protected abstract string EigenAlgorithm(bool isDouble, bool indexRange, int order, bool vectors);

    /// <summary>The algorithm recorded in SVD results.</summary>
    protected abstract string SvdAlgorithm(bool isDouble);

    /// <summary>The algorithm recorded in randomized SVD results.</summary>
    protected abstract string RandomizedSvdAlgorithm(bool isDouble);

    /// <summary>
    /// How many columns the randomized sketch must stay below min(m, n): 0 where the sketch may span the whole
    /// column space (LAPACK), 1 where the native routine needs k + oversample &lt; min(m, n) strictly (cuSOLVER).
    /// </summary>
    protected virtual int SketchSlack => 0;

    private string Prefix => Kind.ToString().ToLowerInvariant();

    /// <inheritdoc />
    public unsafe EigenResult<T> EigenSymmetric<T>(MatrixView<T> matrix, EigenOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        int dtype = DType<T>();
        if (!matrix.IsSquare)
            throw new ArgumentException($"A symmetric eigendecomposition needs a square matrix; this one is {matrix.Rows}×{matrix.Columns}.", nameof(matrix));
        int n = matrix.Rows;
        var (first, last) = ResolveRange(options, n, nameof(options));
        int k = last - first + 1;
        bool vectors = options.ComputeVectors;
        bool range = k < n;
        var values = new T[k];
        var eigenvectors = vectors ? new Matrix<T>(n, k) : null;
        string algorithm = EigenAlgorithm(typeof(T) == typeof(double), range, n, options.ComputeVectors);
        if (k == 0) return new EigenResult<T>(values, eigenvectors, Kind, algorithm);

        // A column-major symmetric matrix is the row-major reading of its transpose - the same matrix with
        // the stored triangle swapped - so every input is passed as row-major and the row-major eigenvector
        // matrix is written in place.
        int uplo = RowMajorTriangle(matrix.Layout, options.Triangle);
        int job = vectors ? JobVectors : JobValues;
        int status;
        if (!range)
        {
            fixed (T* a = matrix.Data.Span)
            fixed (T* w = values)
            fixed (T* v = eigenvectors?.Data)
            {
                lock (_gate)
                    status = NativeMethods.Syev(_context, dtype, RowMajor, uplo, job, n, a, matrix.LeadingDimension, w, v, vectors ? n : 1);
            }
            ThrowIfFailed(status, nameof(matrix));
            return new EigenResult<T>(values, eigenvectors, Kind, algorithm);
        }

        // The index-range export takes dense matrices: a strided view is packed first.
        ReadOnlyMemory<T> dense = matrix.IsContiguous ? matrix.Data : matrix.ToRowMajorArray();
        if (!matrix.IsContiguous) uplo = (int)options.Triangle;
        long nn = n, il = first, iu = last, zero = 0;
        int info = 0;
        fixed (T* a = dense.Span)
        fixed (T* w = values)
        fixed (T* v = eigenvectors?.Data)
        {
            lock (_gate)
                status = NativeMethods.SyevRangeBatched(_context, dtype, RowMajor, uplo, job, 1, &nn, &il, &iu,
                    a, dense.Length, &zero, w, k, &zero, v, vectors ? (long)n * k : 0, vectors ? &zero : null, &info);
        }
        ThrowIfFailed(status, nameof(matrix));
        ThrowIfItemFailed(info, nameof(matrix), algorithm);
        return new EigenResult<T>(values, eigenvectors, Kind, algorithm);
    }

    /// <summary>
    /// The Gram route on a native backend (spectral_gram_eigenvalues): the float64 Gram matrix of the smaller side and
    /// its eigenvalues computed by the backend itself — dsyrk + dsyevd (LAPACK), cublasDsyrk + cusolverDnXsyevd on the
    /// device (CUDA) — σ = √max(λ, 0). Much cheaper than a bidiagonal SVD on large layers; singular values below about
    /// √ε·σ₁ lose relative accuracy (the condition number is squared).
    /// </summary>
    private unsafe SvdResult<T> GramSingularValues<T>(MatrixView<T> matrix) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = matrix.Rows, n = matrix.Columns, k = Math.Min(m, n);
        // The backend returns the Gram matrix's eigenvalues σ², which leave float64's range when max|A| is beyond
        // 2^±(±511) (σ of a 1e-300 matrix came back 0): such a matrix goes in as a copy scaled by an exact power of two,
        // and σ is scaled back.
        double scale = Randomized.BlockOps.UnitScale(Randomized.BlockOps.RequireFiniteMaxMagnitude(matrix, nameof(matrix)));
        if (scale != 1.0)
        {
            var scaled = new T[(long)m * n];
            // In float64 (2^149 would be +∞ as a float32 factor); the scaled entries are ≤ 2, so float32 holds them.
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) scaled[(long)i * n + j] = T.CreateTruncating(double.CreateTruncating(matrix[i, j]) * scale);
            matrix = MatrixView<T>.RowMajor(scaled, m, n);
        }
        var lambda = new double[k];
        bool rowMajor = matrix.Layout == MatrixLayout.RowMajor;
        int status;
        fixed (T* a = matrix.Data.Span)
        fixed (double* w = lambda)
        {
            lock (_gate)
                status = NativeMethods.GramEigenvalues(_context, DType<T>(), rowMajor ? RowMajor : ColumnMajor, m, n, a, matrix.LeadingDimension, w);
        }
        ThrowIfFailed(status, nameof(matrix));
        var s = new double[k];
        for (int i = 0; i < k; i++) s[i] = Math.Sqrt(Math.Max(lambda[k - 1 - i], 0)) / scale;
        return new SvdResult<T>(KernelInput.Convert<T>(s), null, null, Kind, GramAlgorithm);
    }

    /// <summary>The algorithm text of the Gram route on this backend.</summary>
    protected abstract string GramAlgorithm { get; }

    /// <inheritdoc />
    public unsafe SvdResult<T> Svd<T>(MatrixView<T> matrix, SvdOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        int dtype = DType<T>();
        int m = matrix.Rows, n = matrix.Columns, k = Math.Min(m, n);
        bool vectors = options.ComputeVectors;
        // Auto and Bidiagonal run the backend's SVD; Gram (values only) squares the matrix first, as documented on SvdMethod.
        if (options.Method == SvdMethod.Gram && !vectors && k > 0) return GramSingularValues(matrix);
        string algorithm = SvdAlgorithm(typeof(T) == typeof(double));
        var s = new T[k];
        bool rowMajor = matrix.Layout == MatrixLayout.RowMajor;
        if (!vectors || k == 0)
        {
            if (k > 0)
            {
                int status;
                fixed (T* a = matrix.Data.Span)
                fixed (T* sp = s)
                {
                    lock (_gate)
                        status = NativeMethods.Gesvd(_context, dtype, rowMajor ? RowMajor : ColumnMajor, JobValues, m, n, a, matrix.LeadingDimension, sp, null, 1, null, 1);
                }
                ThrowIfFailed(status, nameof(matrix));
            }
            return new SvdResult<T>(s, vectors ? new Matrix<T>(m, k) : null, vectors ? new Matrix<T>(k, n) : null, Kind, algorithm);
        }

        var u = new Matrix<T>(m, k);
        var vt = new Matrix<T>(k, n);
        // Row-major input: U and Vt are written straight into the row-major results. Column-major input:
        // the outputs come back column-major and are transposed into them.
        T[] uOut = rowMajor ? u.Data : GC.AllocateUninitializedArray<T>(u.Data.Length);
        T[] vtOut = rowMajor ? vt.Data : GC.AllocateUninitializedArray<T>(vt.Data.Length);
        {
            int status;
            fixed (T* a = matrix.Data.Span)
            fixed (T* sp = s)
            fixed (T* up = uOut)
            fixed (T* vp = vtOut)
            {
                lock (_gate)
                    status = NativeMethods.Gesvd(_context, dtype, rowMajor ? RowMajor : ColumnMajor, JobVectors, m, n, a, matrix.LeadingDimension,
                        sp, up, rowMajor ? k : m, vp, rowMajor ? n : k);
            }
            ThrowIfFailed(status, nameof(matrix));
        }
        if (!rowMajor)
        {
            TransposeColumnMajor(uOut, m, k, u.Data);
            TransposeColumnMajor(vtOut, k, n, vt.Data);
        }
        return new SvdResult<T>(s, u, vt, Kind, algorithm);
    }

    /// <summary>
    /// Randomized truncated SVD (Halko–Martinsson–Tropp): the top <paramref name="rank"/> singular triplets
    /// from a Gaussian sketch of <paramref name="rank"/> + <paramref name="oversample"/> columns drawn from
    /// <paramref name="seed"/>, refined by <paramref name="powerIterations"/> re-orthonormalized power
    /// iterations. Accuracy depends on the spectrum's decay: exact (to rounding) when the rank of A is at
    /// most rank + oversample; otherwise σ_{k+1}-sized errors shrink with more power iterations.
    /// The same seed gives the same sketch on every machine; the bits of the result can still vary with the
    /// BLAS library's thread count (single-matrix calls let BLAS use its threads). The sketch never has more columns than min(m, n):
    /// <paramref name="oversample"/> is reduced to min(m, n) − <paramref name="rank"/> where it would exceed
    /// that (the sketch then spans the whole column space and the result is the exact top-k SVD); on the Cuda
    /// backend to min(m, n) − <paramref name="rank"/> − 1, because cusolverDnXgesvdr needs k + p &lt; min(m, n).
    /// </summary>
    public unsafe SvdResult<T> RandomizedSvd<T>(MatrixView<T> matrix, int rank, int oversample = 10, int powerIterations = 2, ulong seed = 0, bool computeVectors = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dtype = DType<T>();
        int m = matrix.Rows, n = matrix.Columns;
        if (m == 0 || n == 0) throw new ArgumentException($"The randomized SVD needs a non-empty matrix; this one is {m}×{n}.", nameof(matrix));
        if (rank < 1 || rank > Math.Min(m, n))
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"rank must be in 1..min(m, n) = {Math.Min(m, n)}.");
        ArgumentOutOfRangeException.ThrowIfNegative(oversample);
        ArgumentOutOfRangeException.ThrowIfNegative(powerIterations);
        // Oversampling is capped where the sketch would have more columns than the backend's routine accepts;
        // a rank that leaves no room at all is passed through unchanged and refused by the backend with its reason.
        int p = Math.Max(0, Math.Min(oversample, Math.Min(m, n) - rank - SketchSlack));
        var s = new T[rank];
        var u = computeVectors ? new Matrix<T>(m, rank) : null;
        var vt = computeVectors ? new Matrix<T>(rank, n) : null;
        bool rowMajor = matrix.Layout == MatrixLayout.RowMajor;
        T[]? uOut = computeVectors ? (rowMajor ? u!.Data : GC.AllocateUninitializedArray<T>(u!.Data.Length)) : null;
        T[]? vtOut = computeVectors ? (rowMajor ? vt!.Data : GC.AllocateUninitializedArray<T>(vt!.Data.Length)) : null;
        int status;
        fixed (T* a = matrix.Data.Span)
        fixed (T* sp = s)
        fixed (T* up = uOut)
        fixed (T* vp = vtOut)
        {
            lock (_gate)
                status = NativeMethods.Gesvdr(_context, dtype, rowMajor ? RowMajor : ColumnMajor, m, n, rank, p, powerIterations, seed,
                    a, matrix.LeadingDimension, sp, up, rowMajor ? rank : m, vp, rowMajor ? n : rank);
        }
        ThrowIfFailed(status, nameof(matrix));
        if (computeVectors && !rowMajor)
        {
            TransposeColumnMajor(uOut!, m, rank, u!.Data);
            TransposeColumnMajor(vtOut!, rank, n, vt!.Data);
        }
        return new SvdResult<T>(s, u, vt, Kind, RandomizedSvdAlgorithm(typeof(T) == typeof(double)));
    }

    /// <inheritdoc />
    public unsafe BatchResult<EigenResult<T>> EigenSymmetricBatch<T>(IReadOnlyList<MatrixView<T>> matrices, EigenOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(matrices);
        ArgumentNullException.ThrowIfNull(options);
        int dtype = DType<T>();
        int count = matrices.Count;
        var n = new long[count];
        var il = new long[count];
        var iu = new long[count];
        var aOffsets = new long[count];
        var wOffsets = new long[count];
        var vOffsets = new long[count];
        long aLength = 0, wLength = 0, vLength = 0;
        bool range = false;
        for (int i = 0; i < count; i++)
        {
            var view = matrices[i];
            if (!view.IsSquare)
                throw new ArgumentException($"matrices[{i}] is {view.Rows}×{view.Columns}; a symmetric eigendecomposition needs square matrices.", nameof(matrices));
            var (first, last) = ResolveRange(options, view.Rows, $"{nameof(options)} (for matrices[{i}], n = {view.Rows})");
            n[i] = view.Rows;
            il[i] = first;
            iu[i] = last;
            range |= last - first + 1 < view.Rows;
            aOffsets[i] = aLength;
            wOffsets[i] = wLength;
            vOffsets[i] = vLength;
            aLength += (long)view.Rows * view.Rows;
            wLength += last - first + 1;
            vLength += (long)view.Rows * (last - first + 1);
        }
        bool vectors = options.ComputeVectors;
        bool isDouble = typeof(T) == typeof(double);
        // One buffer for the batch: each matrix packed dense row-major (the triangle kept as given).
        var a = AllocateBatchBuffer<T>(aLength, "input");
        for (int i = 0; i < count; i++) PackRowMajor(matrices[i], a.AsSpan((int)aOffsets[i], (int)(n[i] * n[i])));
        var w = AllocateBatchBuffer<T>(wLength, "eigenvalue");
        var v = vectors ? AllocateBatchBuffer<T>(vLength, "eigenvector") : null;
        var info = new int[count];
        int job = vectors ? JobVectors : JobValues;
        int status;
        fixed (T* ap = a)
        fixed (T* wp = w)
        fixed (T* vp = v)
        fixed (long* np = n, ilp = il, iup = iu, aop = aOffsets, wop = wOffsets, vop = vOffsets)
        fixed (int* ip = info)
        {
            lock (_gate)
            {
                status = range
                    ? NativeMethods.SyevRangeBatched(_context, dtype, RowMajor, (int)options.Triangle, job, count, np, ilp, iup,
                        ap, a.Length, aop, wp, w.Length, wop, vp, v?.Length ?? 0, vectors ? vop : null, ip)
                    : NativeMethods.SyevBatched(_context, dtype, RowMajor, (int)options.Triangle, job, count, np,
                        ap, a.Length, aop, wp, w.Length, wop, vp, v?.Length ?? 0, vectors ? vop : null, ip);
            }
        }
        ThrowIfFailed(status, nameof(matrices));
        var items = new BatchItem<EigenResult<T>>[count];
        for (int i = 0; i < count; i++)
        {
            int k = (int)(iu[i] - il[i] + 1), size = (int)n[i];
            string algorithm = EigenAlgorithm(isDouble, k < size, size, vectors);
            if (info[i] != 0)
            {
                items[i] = FailedItem<EigenResult<T>>(info[i], algorithm);
                continue;
            }
            var values = w.AsSpan((int)wOffsets[i], k).ToArray();
            Matrix<T>? vecs = null;
            if (vectors)
            {
                vecs = new Matrix<T>(size, k);
                v.AsSpan((int)vOffsets[i], size * k).CopyTo(vecs.Data);
            }
            items[i] = new BatchItem<EigenResult<T>>(BatchItemStatus.Ok, new EigenResult<T>(values, vecs, Kind, algorithm), null);
        }
        return new BatchResult<EigenResult<T>>(items, Kind);
    }

    /// <inheritdoc />
    public unsafe BatchResult<SvdResult<T>> SvdBatch<T>(IReadOnlyList<MatrixView<T>> matrices, SvdOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(matrices);
        ArgumentNullException.ThrowIfNull(options);
        int dtype = DType<T>();
        int count = matrices.Count;
        var m = new long[count];
        var n = new long[count];
        var aOffsets = new long[count];
        var sOffsets = new long[count];
        var uOffsets = new long[count];
        var vtOffsets = new long[count];
        long aLength = 0, sLength = 0, uLength = 0, vtLength = 0;
        for (int i = 0; i < count; i++)
        {
            var view = matrices[i];
            long k = Math.Min(view.Rows, view.Columns);
            m[i] = view.Rows;
            n[i] = view.Columns;
            aOffsets[i] = aLength;
            sOffsets[i] = sLength;
            uOffsets[i] = uLength;
            vtOffsets[i] = vtLength;
            aLength += (long)view.Rows * view.Columns;
            sLength += k;
            uLength += view.Rows * k;
            vtLength += k * view.Columns;
        }
        bool vectors = options.ComputeVectors;
        string algorithm = SvdAlgorithm(typeof(T) == typeof(double));
        var a = AllocateBatchBuffer<T>(aLength, "input");
        for (int i = 0; i < count; i++) PackRowMajor(matrices[i], a.AsSpan((int)aOffsets[i], (int)(m[i] * n[i])));
        var s = AllocateBatchBuffer<T>(sLength, "singular value");
        var u = vectors ? AllocateBatchBuffer<T>(uLength, "left singular vector") : null;
        var vt = vectors ? AllocateBatchBuffer<T>(vtLength, "right singular vector") : null;
        var info = new int[count];
        int status;
        fixed (T* ap = a)
        fixed (T* sp = s)
        fixed (T* up = u)
        fixed (T* vp = vt)
        fixed (long* mp = m, np = n, aop = aOffsets, sop = sOffsets, uop = uOffsets, vop = vtOffsets)
        fixed (int* ip = info)
        {
            lock (_gate)
                status = NativeMethods.GesvdBatched(_context, dtype, RowMajor, vectors ? JobVectors : JobValues, count, mp, np,
                    ap, a.Length, aop, sp, s.Length, sop, up, u?.Length ?? 0, vectors ? uop : null, vp, vt?.Length ?? 0, vectors ? vop : null, ip);
        }
        ThrowIfFailed(status, nameof(matrices));
        var items = new BatchItem<SvdResult<T>>[count];
        for (int i = 0; i < count; i++)
        {
            int rows = (int)m[i], cols = (int)n[i], k = Math.Min(rows, cols);
            if (info[i] != 0)
            {
                items[i] = FailedItem<SvdResult<T>>(info[i], algorithm);
                continue;
            }
            var values = s.AsSpan((int)sOffsets[i], k).ToArray();
            Matrix<T>? left = null, right = null;
            if (vectors)
            {
                left = new Matrix<T>(rows, k);
                right = new Matrix<T>(k, cols);
                u.AsSpan((int)uOffsets[i], rows * k).CopyTo(left.Data);
                vt.AsSpan((int)vtOffsets[i], k * cols).CopyTo(right.Data);
            }
            items[i] = new BatchItem<SvdResult<T>>(BatchItemStatus.Ok, new SvdResult<T>(values, left, right, Kind, algorithm), null);
        }
        return new BatchResult<SvdResult<T>>(items, Kind);
    }

    /// <summary>Releases the native context.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the native context when <paramref name="disposing"/>.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) _context.Dispose();
    }

    private int DType<T>()
    {
        if (typeof(T) == typeof(float)) return NativeMethods.DtypeFloat32;
        if (typeof(T) == typeof(double)) return NativeMethods.DtypeFloat64;
        throw new BackendNotSupportedException($"{Prefix}: element type {typeof(T).Name} is not supported (float and double are)");
    }

    private void ThrowIfFailed(int status, string argumentName)
    {
        if (status != NativeStatus.Ok) throw NativeStatus.ToException(status, NativeStatus.LastError(), Kind, argumentName);
    }

    private void ThrowIfItemFailed(int info, string argumentName, string algorithm)
    {
        if (info > 0) throw new NonConvergenceException($"{Prefix}: {algorithm} did not converge (info = {info})");
        if (info < 0) throw new ArgumentException($"{Prefix}: the matrix contains a NaN or infinity in the triangle that is read", argumentName);
    }

    private BatchItem<TResult> FailedItem<TResult>(int info, string algorithm) where TResult : class =>
        info > 0
            ? new BatchItem<TResult>(BatchItemStatus.NotConverged, null, $"{Prefix}: {algorithm} did not converge (info = {info})")
            : new BatchItem<TResult>(BatchItemStatus.Rejected, null, $"{Prefix}: the matrix contains a NaN or infinity (info = {info})");

    /// <summary>The triangle flag for a symmetric matrix passed as row-major (swapped for column-major storage).</summary>
    private static int RowMajorTriangle(MatrixLayout layout, Triangle triangle)
    {
        if (layout == MatrixLayout.RowMajor) return (int)triangle;
        return triangle == Triangle.Lower ? (int)Triangle.Upper : (int)Triangle.Lower;
    }

    private static (int First, int Last) ResolveRange(EigenOptions options, int n, string argumentName)
    {
        int first = options.FirstIndex ?? 0;
        int last = options.LastIndex ?? n - 1;
        if (options.FirstIndex is null && options.LastIndex is null) return (0, n - 1);
        if (first < 0 || last < first || last >= n)
            throw new ArgumentOutOfRangeException(argumentName, $"The eigenvalue index range {first}..{last} is not inside 0..{n - 1}.");
        return (first, last);
    }

    private static T[] AllocateBatchBuffer<T>(long length, string what)
    {
        if (length > Array.MaxLength)
            throw new ArgumentException($"The batch's {what} buffer would hold {length} elements, more than one array can; split the batch.", "matrices");
        return GC.AllocateUninitializedArray<T>((int)length);
    }

    private static void PackRowMajor<T>(MatrixView<T> view, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var source = view.Data.Span;
        int rows = view.Rows, cols = view.Columns;
        if (rows == 0 || cols == 0) return;
        if (view.Layout == MatrixLayout.RowMajor)
        {
            for (int i = 0; i < rows; i++) source.Slice(i * view.LeadingDimension, cols).CopyTo(destination.Slice(i * cols, cols));
            return;
        }
        int ld = view.LeadingDimension;
        for (int j = 0; j < cols; j++)
        {
            var column = source.Slice(j * ld, rows);
            for (int i = 0; i < rows; i++) destination[i * cols + j] = column[i];
        }
    }

    /// <summary>Writes the row-major form of a dense column-major rows × cols matrix.</summary>
    private static void TransposeColumnMajor<T>(T[] columnMajor, int rows, int cols, T[] rowMajor)
    {
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < rows; i++)
                rowMajor[i * cols + j] = columnMajor[i + j * rows];
    }
}

using System.Numerics;
using SpectralCore.Kernels.Common;
using SpectralCore.Kernels.Eigen;

namespace SpectralCore.Partial;

/// <summary>
/// Selected eigenpairs of a dense symmetric matrix without the full spectrum: the kernels' Householder
/// tridiagonalization (float64, after LAPACK-style range scaling), then <see cref="TridiagonalBisection"/>
/// (bisection on Sturm counts for the wanted indices, inverse iteration for their vectors) and the reflectors
/// applied to just those vectors. Cost O(n³) for the reduction plus O(n·k) per bisection and O(n²k) for the
/// back-transformation, versus the full QL solve's vector accumulation.
/// </summary>
internal static class DensePartialEigen
{
    internal const string AlgorithmText = "Householder tridiagonalization (float64) + bisection on Sturm counts + inverse iteration (dstein scheme) + back-transformation of the selected vectors";

    internal static EigenResult<T> Range<T>(MatrixView<T> matrix, int first, int last, bool vectors, Triangle triangle, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!matrix.IsSquare)
            throw new ArgumentException($"A symmetric eigenproblem needs a square matrix, got {matrix.Rows}×{matrix.Columns}.", nameof(matrix));
        int n = matrix.Rows;
        if (first < 0 || first >= n) throw new ArgumentOutOfRangeException(nameof(first), first, $"first must be in 0..{n - 1}.");
        if (last < first || last >= n) throw new ArgumentOutOfRangeException(nameof(last), last, $"last must be in {first}..{n - 1}.");
        return Solve(matrix, triangle, vectors, threads, t => Enumerable.Range(first, last - first + 1).ToArray(), $"indices {first}..{last}");
    }

    internal static EigenResult<T> LargestMagnitude<T>(MatrixView<T> matrix, int k, bool vectors, Triangle triangle, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!matrix.IsSquare)
            throw new ArgumentException($"A symmetric eigenproblem needs a square matrix, got {matrix.Rows}×{matrix.Columns}.", nameof(matrix));
        int n = matrix.Rows;
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in 1..{n}.");
        return Solve(matrix, triangle, vectors, threads, t =>
        {
            // Walk inwards from both ends of the ascending spectrum, taking the larger |λ| each time.
            int low = 0, high = n - 1;
            double lowValue = t.Eigenvalue(low), highValue = t.Eigenvalue(high);
            var chosen = new List<int>(k);
            while (chosen.Count < k)
            {
                if (Math.Abs(highValue) >= Math.Abs(lowValue))
                {
                    chosen.Add(high--);
                    if (high >= low) highValue = t.Eigenvalue(high);
                }
                else
                {
                    chosen.Add(low++);
                    if (low <= high) lowValue = t.Eigenvalue(low);
                }
            }
            chosen.Sort();
            return chosen.ToArray();
        }, $"the {k} of largest |λ|");
    }

    private static EigenResult<T> Solve<T>(MatrixView<T> matrix, Triangle triangle, bool vectors, int threads, Func<TridiagonalBisection.Tridiagonal, int[]> select, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = matrix.Rows;
        var a = KernelInput.ReadSymmetric(matrix, triangle, nameof(matrix));
        double factor = MatrixScaling.ScaleIntoSafeRange(a.AsSpan(0, n * n));
        var d = new double[n];
        var e = new double[n];
        var tau = new double[n];
        HouseholderTridiagonalization.Reduce(a, n, d, e, tau, threads);
        var t = new TridiagonalBisection.Tridiagonal(d, e, n);
        var indices = select(t);
        var values = TridiagonalBisection.Eigenvalues(t, indices, threads);
        int count = indices.Length;
        Matrix<T>? result = null;
        if (vectors)
        {
            var z = TridiagonalBisection.Eigenvectors(t, values, 0x5EC7);
            BackTransform(a, tau, n, z, count, threads);
            result = new Matrix<T>(n, count);
            for (int i = 0; i < z.Length; i++) result.Data[i] = T.CreateTruncating(z[i]);
        }
        var output = new T[count];
        for (int i = 0; i < count; i++) output[i] = T.CreateTruncating(values[i] / factor);
        return new EigenResult<T>(output, result, Backend.Managed, $"{AlgorithmText}; {what}");
    }

    /// <summary>Z ← QZ with Q = H₀H₁…H_{n−3} (reflector k in row k of a, columns k+1.., τ in tau).</summary>
    private static void BackTransform(double[] a, double[] tau, int n, double[] z, int count, int threads)
    {
        var w = new double[count];
        for (int k = n - 3; k >= 0; k--)
        {
            double t = tau[k];
            if (t == 0) continue;
            int offset = k + 1, m = n - offset;
            var v = a.AsSpan(k * n + offset, m);
            Array.Clear(w);
            for (int i = 0; i < m; i++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(z.AsSpan((offset + i) * count, count), v[i], w, w);
            for (int i = 0; i < m; i++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(w, -t * v[i], z.AsSpan((offset + i) * count, count), z.AsSpan((offset + i) * count, count));
        }
    }
}

using SpectralCore.Kernels.Blas;

namespace SpectralCore.Kernels.Eigen;

/// <summary>
/// Eigenvectors of a symmetric tridiagonal T for given eigenvalues by inverse iteration (the dstein scheme):
/// for each λ, (T − λI) is factored by Gaussian elimination with partial pivoting (dgttrf-style; a zero pivot is
/// replaced by ε‖T‖), three solves from a seeded start vector, and — for eigenvalues closer than 10⁻³‖T‖ to the
/// previous one (a cluster) — modified Gram–Schmidt after every solve against the earlier vectors whose
/// eigenvalues lie within 10⁻³‖T‖ of this one, so repeated and clustered eigenvalues still get an orthonormal
/// basis. Cost O(n) per isolated vector and O(n·k) per vector with k such neighbours; the dense
/// back-transformation is then a GEMM.
/// </summary>
internal static class InverseIteration
{
    private const double Epsilon = 2.220446049250313e-16;
    private const int Solves = 3;

    /// <summary>
    /// Returns Zᵀ (n×n row-major): row j is the unit eigenvector of T = tridiag(e, d, e) for
    /// <paramref name="lambda"/>[j] (ascending). d and e are not modified.
    /// </summary>
    public static double[] Vectors(double[] d, double[] e, double[] lambda, int n, int threads)
    {
        var zt = new double[n * n];
        if (n == 0) return zt;
        double norm = RowSumNorm(d, e, n);
        if (norm == 0)
        {
            for (int i = 0; i < n; i++) zt[i * n + i] = 1;
            return zt;
        }
        return SolveAll(d, e, lambda, n, norm, zt, threads);
    }

    /// <summary>
    /// Above this mean number of earlier vectors each one is reorthogonalized against (a vector costs O(n·window)
    /// per solve), inverse iteration would be slower than divide and conquer, whose deflation makes exactly such
    /// clustered spectra cheap.
    /// </summary>
    public const double MaxReorthogonalizationsPerVector = 8;

    /// <summary>Mean reorthogonalization window per vector (pairwise gaps ≤ 10⁻³‖T‖, as in <see cref="Vectors"/>).</summary>
    public static double ReorthogonalizationsPerVector(double[] d, double[] e, double[] lambda, int n)
    {
        if (n == 0) return 0;
        double norm = RowSumNorm(d, e, n);
        if (norm == 0) return 0;
        double clusterGap = 1e-3 * norm;
        long total = 0;
        int window = 0;
        for (int j = 1; j < n; j++)
        {
            while (window < j && lambda[j] - lambda[window] > clusterGap) window++;
            total += j - window;
        }
        return (double)total / n;
    }

    /// <summary>‖T‖∞ of the tridiagonal (max row sum of magnitudes).</summary>
    private static double RowSumNorm(double[] d, double[] e, int n)
    {
        double norm = 0;
        for (int i = 0; i < n; i++) norm = Math.Max(norm, Math.Abs(d[i]) + (i > 0 ? Math.Abs(e[i - 1]) : 0) + (i < n - 1 ? Math.Abs(e[i]) : 0));
        return norm;
    }

    private static double[] SolveAll(double[] d, double[] e, double[] lambda, int n, double norm, double[] zt, int threads)
    {
        double clusterGap = 1e-3 * norm;
        // Cluster starts: vector j needs orthogonalization against vectors start(j)..j−1.
        var start = new int[n];
        for (int j = 1; j < n; j++) start[j] = lambda[j] - lambda[j - 1] <= clusterGap ? start[j - 1] : j;
        // Clusters are independent of each other: spread whole clusters over threads (fixed partition).
        var clusterHeads = Enumerable.Range(0, n).Where(j => start[j] == j).ToArray();
        Parallelism.For(clusterHeads.Length, threads, 4, (from, to) =>
        {
            var work = new Workspace(n);
            for (int c = from; c < to; c++)
            {
                int first = clusterHeads[c];
                int last = c + 1 < clusterHeads.Length ? clusterHeads[c + 1] : n;
                for (int j = first; j < last; j++)
                {
                    // Within a cluster, separate equal shifts slightly (dstein's pertol) so the factorizations differ.
                    double shift = lambda[j];
                    if (j > first && shift - lambda[j - 1] < 10 * Epsilon * norm) shift = lambda[j - 1] + 10 * Epsilon * norm * (j - first);
                    // Reorthogonalize only against the cluster's vectors within clusterGap of λ_j: a vector whose
                    // eigenvalue is farther away is already orthogonal to ~ε‖T‖/gap ≤ 1e-13 by inverse iteration
                    // itself (dstein's criterion, applied pairwise instead of to the whole chained cluster, which
                    // on dense spectra would be O(n) vectors and make the pass O(n³)).
                    int window = j;
                    while (window > first && lambda[j] - lambda[window - 1] <= clusterGap) window--;
                    Solve(d, e, n, shift, norm, zt, j, window, work);
                }
            }
        });
        return zt;
    }

    private sealed class Workspace(int n)
    {
        public readonly double[] Diagonal = new double[n];
        public readonly double[] Lower = new double[n];
        public readonly double[] Upper = new double[n];
        public readonly double[] Upper2 = new double[n];
        public readonly bool[] Swapped = new bool[n];
    }

    private static void Solve(double[] d, double[] e, int n, double shift, double norm, double[] zt, int j, int clusterStart, Workspace w)
    {
        Factor(d, e, n, shift, norm, w);
        var x = zt.AsSpan(j * n, n);
        // Seeded start vector (reproducible): a simple LCG in (−1, 1).
        ulong state = 0x9E3779B97F4A7C15UL ^ (ulong)(j + 1) * 0xBF58476D1CE4E5B9UL;
        for (int i = 0; i < n; i++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            x[i] = ((state >> 11) * (1.0 / (1UL << 53))) * 2 - 1;
        }
        for (int iteration = 0; iteration < Solves; iteration++)
        {
            SolveFactored(n, w, x);
            for (int q = clusterStart; q < j; q++)
            {
                var previous = zt.AsSpan(q * n, n);
                VectorOps.Axpy(-VectorOps.Dot(previous, x), previous, x);
            }
            double length = VectorOps.Norm2(x);
            if (length == 0 || !double.IsFinite(length))
                throw new NonConvergenceException($"Inverse iteration broke down for eigenvalue {j} (n = {n}).");
            VectorOps.Scale(1.0 / length, x);
        }
    }

    /// <summary>LU with partial pivoting of T − shift·I (L unit lower bidiagonal, U with two superdiagonals).</summary>
    private static void Factor(double[] d, double[] e, int n, double shift, double norm, Workspace w)
    {
        var a = w.Diagonal; var l = w.Lower; var u = w.Upper; var u2 = w.Upper2; var swapped = w.Swapped;
        for (int i = 0; i < n; i++)
        {
            a[i] = d[i] - shift;
            u[i] = i < n - 1 ? e[i] : 0;
            l[i] = i < n - 1 ? e[i] : 0;
            u2[i] = 0;
            swapped[i] = false;
        }
        double tiny = Epsilon * norm;
        for (int i = 0; i < n - 1; i++)
        {
            if (Math.Abs(a[i]) >= Math.Abs(l[i]))
            {
                if (a[i] == 0) a[i] = tiny;
                double factor = l[i] / a[i];
                l[i] = factor;
                a[i + 1] -= factor * u[i];
            }
            else
            {
                // Swap rows i and i+1.
                double factor = a[i] / l[i];
                a[i] = l[i];
                l[i] = factor;
                double temp = u[i];
                u[i] = a[i + 1];
                a[i + 1] = temp - factor * a[i + 1];
                if (i < n - 2)
                {
                    u2[i] = u[i + 1];
                    u[i + 1] = -factor * u[i + 1];
                }
                swapped[i] = true;
            }
        }
        if (a[n - 1] == 0) a[n - 1] = tiny;
        for (int i = 0; i < n; i++)
            if (Math.Abs(a[i]) < tiny) a[i] = Math.CopySign(tiny, a[i]);
    }

    /// <summary>x ← (T − shift·I)⁻¹ x with the factors, rescaling to avoid overflow (only the direction matters).</summary>
    private static void SolveFactored(int n, Workspace w, Span<double> x)
    {
        var a = w.Diagonal; var l = w.Lower; var u = w.Upper; var u2 = w.Upper2; var swapped = w.Swapped;
        for (int i = 0; i < n - 1; i++)
        {
            if (swapped[i]) (x[i], x[i + 1]) = (x[i + 1], x[i]);
            x[i + 1] -= l[i] * x[i];
        }
        const double limit = 1e100;
        for (int i = n - 1; i >= 0; i--)
        {
            double value = x[i];
            if (i < n - 1) value -= u[i] * x[i + 1];
            if (i < n - 2) value -= u2[i] * x[i + 2];
            value /= a[i];
            if (Math.Abs(value) > limit)
            {
                // Scale everything computed so far and the remaining right-hand side down together.
                const double down = 1.0 / limit;
                for (int k = 0; k < n; k++) x[k] *= down;
                value *= down;
            }
            x[i] = value;
        }
    }
}

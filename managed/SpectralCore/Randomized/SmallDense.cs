using System.Numerics;

namespace SpectralCore.Randomized;

/// <summary>
/// Small dense float64 pieces of the randomized and Krylov solvers (matrices of order ≤ a few hundred):
/// Cholesky, triangular inverse, one-sided Jacobi SVD and cyclic Jacobi symmetric eigen. Jacobi methods are
/// chosen for their high relative accuracy on small matrices. Storage: row-major unless stated.
/// </summary>
internal static class SmallDense
{
    /// <summary>Upper Cholesky factor R (G = RᵀR) of an n × n SPD matrix; false when a pivot is not positive and finite.</summary>
    internal static bool Cholesky(ReadOnlySpan<double> g, int n, Span<double> r)
    {
        r[..(n * n)].Clear();
        for (int j = 0; j < n; j++)
        {
            double diagonal = g[j * n + j];
            for (int k = 0; k < j; k++) diagonal -= r[k * n + j] * r[k * n + j];
            if (!(diagonal > 0) || !double.IsFinite(diagonal)) return false;
            double pivot = Math.Sqrt(diagonal);
            r[j * n + j] = pivot;
            for (int c = j + 1; c < n; c++)
            {
                double s = g[j * n + c];
                for (int k = 0; k < j; k++) s -= r[k * n + j] * r[k * n + c];
                r[j * n + c] = s / pivot;
            }
        }
        return true;
    }

    /// <summary>Inverse of an upper-triangular n × n matrix (result upper-triangular).</summary>
    internal static double[] InvertUpper(ReadOnlySpan<double> r, int n)
    {
        var inverse = new double[n * n];
        for (int j = n - 1; j >= 0; j--)
        {
            inverse[j * n + j] = 1.0 / r[j * n + j];
            for (int i = j - 1; i >= 0; i--)
            {
                double s = 0;
                for (int k = i + 1; k <= j; k++) s += r[i * n + k] * inverse[k * n + j];
                inverse[i * n + j] = -s / r[i * n + i];
            }
        }
        return inverse;
    }

    /// <summary>C = A·B for row-major float64 matrices (a: m × k, b: k × n).</summary>
    internal static double[] Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
            {
                double aip = a[i * k + p];
                if (aip == 0) continue;
                for (int j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
            }
        return c;
    }

    /// <summary>
    /// Thin SVD of an m × n matrix (m ≥ n) by one-sided Jacobi (Hestenes): A = U diag(s) Vᵀ with s descending,
    /// U m × n (columns orthonormal, completed for zero singular values), V n × n. Row-major in and out.
    /// </summary>
    internal static (double[] S, double[] U, double[] V) Svd(ReadOnlySpan<double> a, int m, int n)
    {
        if (m < n) throw new ArgumentException("Jacobi SVD needs m ≥ n.", nameof(a));
        // Column-major working copy: columns are rotated in place.
        var w = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) w[j * m + i] = a[i * n + j];
        var v = new double[n * n]; // column-major, so each rotation of V is contiguous like that of W
        for (int j = 0; j < n; j++) v[j * n + j] = 1;
        const double tolerance = 1e-15;
        bool converged = false;
        for (int sweep = 0; sweep < 80 && !converged; sweep++)
        {
            converged = true;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    var cp = w.AsSpan(p * m, m);
                    var cq = w.AsSpan(q * m, m);
                    var (alpha, beta, gamma) = Dots(cp, cq);
                    if (gamma == 0 || Math.Abs(gamma) <= tolerance * Math.Sqrt(alpha * beta)) continue;
                    converged = false;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.Sign(zeta == 0 ? 1 : zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    double c = 1 / Math.Sqrt(1 + t * t), sn = c * t;
                    Rotate(cp, cq, c, sn);
                    Rotate(v.AsSpan(p * n, n), v.AsSpan(q * n, n), c, sn);
                }
        }
        if (!converged) throw new NonConvergenceException($"One-sided Jacobi SVD of a {m}×{n} matrix did not converge in 80 sweeps.");
        var norms = new double[n];
        for (int j = 0; j < n; j++) norms[j] = Math.Sqrt(Dot(w.AsSpan(j * m, m), w.AsSpan(j * m, m)));
        var order = Enumerable.Range(0, n).OrderByDescending(j => norms[j]).ThenBy(j => j).ToArray();
        var s = new double[n];
        var u = new double[m * n];
        var vSorted = new double[n * n];
        double largest = n > 0 ? norms[order[0]] : 0;
        var uColumns = new double[n][];
        for (int jj = 0; jj < n; jj++)
        {
            int j = order[jj];
            s[jj] = norms[j];
            for (int i = 0; i < n; i++) vSorted[i * n + jj] = v[j * n + i];
            var column = new double[m];
            if (norms[j] > largest * 1e-300 && norms[j] > 0)
                for (int i = 0; i < m; i++) column[i] = w[j * m + i] / norms[j];
            uColumns[jj] = column;
        }
        CompleteOrthonormal(uColumns, s, m);
        for (int jj = 0; jj < n; jj++)
            for (int i = 0; i < m; i++) u[i * n + jj] = uColumns[jj][i];
        return (s, u, vSorted);
    }

    /// <summary>Replaces the columns of zero singular values by unit vectors orthogonal to all others (Gram–Schmidt twice).</summary>
    private static void CompleteOrthonormal(double[][] columns, double[] s, int m)
    {
        int candidate = 0;
        for (int j = 0; j < columns.Length; j++)
        {
            if (s[j] > 0 && Dot(columns[j], columns[j]) > 0.5) continue;
            s[j] = Math.Max(s[j], 0);
            while (true)
            {
                var e = new double[m];
                e[candidate++ % m] = 1;
                for (int pass = 0; pass < 2; pass++)
                    for (int other = 0; other < columns.Length; other++)
                    {
                        if (other == j) continue;
                        double d = Dot(e, columns[other]);
                        for (int i = 0; i < m; i++) e[i] -= d * columns[other][i];
                    }
                double norm = Math.Sqrt(Dot(e, e));
                if (norm > 0.5)
                {
                    for (int i = 0; i < m; i++) e[i] /= norm;
                    columns[j] = e;
                    break;
                }
                if (candidate > 2 * m) throw new InvalidOperationException("Could not complete an orthonormal basis.");
            }
        }
    }

    /// <summary>
    /// Eigen-decomposition of a symmetric n × n matrix by cyclic Jacobi: values ascending, vectors (row-major,
    /// column j = eigenvector j).
    /// </summary>
    internal static (double[] Values, double[] Vectors) SymmetricEigen(ReadOnlySpan<double> matrix, int n)
    {
        var a = matrix[..(n * n)].ToArray();
        var v = new double[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        bool converged = n <= 1;
        for (int sweep = 0; sweep < 100 && !converged; sweep++)
        {
            double off = 0, total = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double x = a[i * n + j] * a[i * n + j];
                    total += x;
                    if (i != j) off += x;
                }
            if (off == 0 || off <= 1e-30 * n * n * total) { converged = true; break; }
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[p * n + q];
                    if (apq == 0) continue;
                    double app = a[p * n + p], aqq = a[q * n + q];
                    if (Math.Abs(apq) < 1e-300) continue;
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(1 + theta * theta));
                    double c = 1 / Math.Sqrt(1 + t * t), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k * n + p], akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p * n + k], aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k * n + p], vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                    a[p * n + q] = 0;
                    a[q * n + p] = 0;
                }
        }
        if (!converged) throw new NonConvergenceException($"Jacobi eigensolver of a {n}×{n} matrix did not converge in 100 sweeps.");
        var order = Enumerable.Range(0, n).OrderBy(i => a[i * n + i]).ThenBy(i => i).ToArray();
        var values = new double[n];
        var vectors = new double[n * n];
        for (int jj = 0; jj < n; jj++)
        {
            values[jj] = a[order[jj] * n + order[jj]];
            for (int i = 0; i < n; i++) vectors[i * n + jj] = v[i * n + order[jj]];
        }
        return (values, vectors);
    }

    internal static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => System.Numerics.Tensors.TensorPrimitives.Dot(x, y);

    /// <summary>(pᵀp, qᵀq, pᵀq) in one pass (vector lanes, then the lanes and the tail in index order).</summary>
    private static (double Pp, double Qq, double Pq) Dots(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        int i = 0, width = Vector<double>.Count;
        var pp = Vector<double>.Zero;
        var qq = Vector<double>.Zero;
        var pq = Vector<double>.Zero;
        for (; i + width <= p.Length; i += width)
        {
            var vp = new Vector<double>(p[i..]);
            var vq = new Vector<double>(q[i..]);
            pp += vp * vp;
            qq += vq * vq;
            pq += vp * vq;
        }
        double a = Vector.Sum(pp), b = Vector.Sum(qq), g = Vector.Sum(pq);
        for (; i < p.Length; i++)
        {
            a += p[i] * p[i];
            b += q[i] * q[i];
            g += p[i] * q[i];
        }
        return (a, b, g);
    }

    /// <summary>[p q] ← [p q]·[[c, s], [−s, c]].</summary>
    private static void Rotate(Span<double> p, Span<double> q, double c, double s)
    {
        int i = 0, width = Vector<double>.Count;
        for (; i + width <= p.Length; i += width)
        {
            var xp = new Vector<double>(p[i..]);
            var xq = new Vector<double>(q[i..]);
            (c * xp - s * xq).CopyTo(p[i..]);
            (s * xp + c * xq).CopyTo(q[i..]);
        }
        for (; i < p.Length; i++)
        {
            double xp = p[i], xq = q[i];
            p[i] = c * xp - s * xq;
            q[i] = s * xp + c * xq;
        }
    }
}

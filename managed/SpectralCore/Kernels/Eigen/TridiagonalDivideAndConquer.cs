using SpectralCore.Kernels.Common;
using SpectralCore.Kernels.Blas;

namespace SpectralCore.Kernels.Eigen;

/// <summary>
/// Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by Cuppen's divide and conquer as LAPACK's
/// dstedc/dlaed0–dlaed4 organize it: T is torn at its middle into diag(T₁, T₂) + ρ w wᵀ, both halves are solved
/// recursively (in parallel), and the rank-one modified diagonal problem D + ρ z zᵀ is solved by (1) deflation —
/// components with ρ|z_j| ≤ tol and pairs of nearly equal d's (one Givens rotation zeroes a z component) keep their
/// eigenpairs, tol = 8ε·max(|d|, ρ|z|); (2) the secular equation 1 + ρ Σ z_j²/(d_j − λ) = 0 for each remaining
/// root, solved in coordinates relative to its nearer pole with a safeguarded two-pole rational (Gragg-type) step,
/// bisection when the step leaves the bracket; (3) eigenvectors from the Gu–Eisenstat recomputed ẑ (Löwner), which
/// keeps them orthogonal to working accuracy without extra precision; (4) one GEMM per half onto the halves'
/// eigenvectors (columns that live in one half only multiply only that half). Blocks of ≤ 32 use implicit QL.
/// Deflation makes clustered and repeated spectra cheap, which is where inverse iteration is at its worst.
/// </summary>
internal static class TridiagonalDivideAndConquer
{
    /// <summary>Blocks up to this order are solved by implicit QL with rotation accumulation.</summary>
    private const int LeafSize = 32;

    /// <summary>
    /// Returns the eigenvalues (ascending) and Zᵀ (n×n row-major, row j the unit eigenvector of value j) of the
    /// tridiagonal with diagonal <paramref name="d"/> and off-diagonal <paramref name="e"/> (e[i] couples i, i+1).
    /// </summary>
    public static (double[] Values, double[] VectorsTransposed) Solve(double[] d, double[] e, int n, int threads)
    {
        var (dd, ee, exponent) = MatrixScaling.TridiagonalToUnitNorm(d, e, n);
        var (values, zt) = SolveBlock(dd, ee, 0, n, threads);
        for (int i = 0; i < n; i++) values[i] = Math.ScaleB(values[i], -exponent);
        return (values, zt);
    }

    private static (double[] Values, double[] Zt) SolveBlock(double[] d, double[] e, int offset, int n, int threads)
    {
        if (n <= LeafSize)
        {
            var dl = new double[n];
            var el = new double[n];
            Array.Copy(d, offset, dl, 0, n);
            for (int i = 0; i < n - 1; i++) el[i] = e[offset + i];
            var z = new double[n * n];
            for (int i = 0; i < n; i++) z[i * n + i] = 1;
            TridiagonalQL.ValuesAndVectors(dl, el, n, z, 1);
            SymmetricEigenSolver.SortAscending(dl, z, n);
            return (dl, z);
        }
        int m = n / 2;
        double beta = e[offset + m - 1];
        double rho = Math.Abs(beta);
        double sign = beta < 0 ? -1 : 1;
        // Tear: T = diag(T₁', T₂') + ρ w wᵀ with w = e_{m−1} + sign·e_m.
        d[offset + m - 1] -= rho;
        d[offset + m] -= rho;
        (double[] Values, double[] Zt) top = ([], []), bottom = ([], []);
        if (threads > 1 && n >= 256)
        {
            int half = Math.Max(1, threads / 2);
            Parallelism.Both(
                () => top = SolveBlock(d, e, offset, m, half),
                () => bottom = SolveBlock(d, e, offset + m, n - m, Math.Max(1, threads - half)));
        }
        else
        {
            top = SolveBlock(d, e, offset, m, threads);
            bottom = SolveBlock(d, e, offset + m, n - m, threads);
        }
        return Merge(top.Values, top.Zt, m, bottom.Values, bottom.Zt, n - m, rho, sign, threads);
    }

    /// <summary>Which half of the positions a basis vector lives in (rotations across halves make it mixed).</summary>
    private enum Support : byte { Top = 0, Mixed = 1, Bottom = 2 }

    /// <summary>Solves diag(Λ₁, Λ₂) + ρ z zᵀ, z = [last row of Z₁; sign·first row of Z₂], and maps back.</summary>
    private static (double[] Values, double[] Zt) Merge(double[] l1, double[] z1t, int m, double[] l2, double[] z2t, int m2, double rho, double sign, int threads)
    {
        int n = m + m2;
        // Basis (rows of length n) in ascending order of d, with z and support.
        var dv = new double[n];
        var zv = new double[n];
        var rows = new double[n][];
        var support = new Support[n];
        for (int p = 0, i = 0, j = 0; p < n; p++)
        {
            bool takeTop = j >= m2 || (i < m && l1[i] <= l2[j]);
            var row = new double[n];
            if (takeTop)
            {
                Array.Copy(z1t, i * m, row, 0, m);
                dv[p] = l1[i];
                zv[p] = z1t[i * m + m - 1];
                support[p] = Support.Top;
                i++;
            }
            else
            {
                Array.Copy(z2t, j * m2, row, m, m2);
                dv[p] = l2[j];
                zv[p] = sign * z2t[j * m2];
                support[p] = Support.Bottom;
                j++;
            }
            rows[p] = row;
        }
        // ‖z‖² = 2: normalize z and fold the factor into ρ.
        double r = 2 * rho;
        for (int p = 0; p < n; p++) zv[p] /= Math.Sqrt(2);
        // A merge deep in a graded matrix's small end works at its own scale: poles and ρ brought near 1 by an exact power
        // of two (and the values scaled back), so its tolerance, secular sums and differences stay out of the subnormal
        // range (graded 1 … 1e-349 at n = 700 gave NaN eigenvalues without it).
        int exponent = SecularEquation.ScaleTinyMerge(dv, ref r);
        double tol = SecularEquation.Tolerance(dv, zv, r);
        var deflated = SecularEquation.Deflate(dv, zv, r, tol, (a, b, c, s) =>
        {
            var ra = rows[a];
            var rb = rows[b];
            for (int q = 0; q < n; q++)
            {
                double x = ra[q], y = rb[q];
                ra[q] = c * x - s * y;
                rb[q] = s * x + c * y;
            }
            if (support[a] != support[b]) support[a] = support[b] = Support.Mixed;
        });
        // Non-deflated poles (ascending d, z ≠ 0) ordered for the GEMMs by support: Top, Mixed, Bottom.
        var kept = Enumerable.Range(0, n).Where(p => !deflated[p]).ToArray();
        int k = kept.Length;
        var values = new double[n];
        var zt = new double[n * n];
        int outRow = 0;
        if (k > 0)
        {
            // The kept d's must be strictly increasing for the secular equation: after deflation they are sorted
            // up to the rotations' O(tol) moves; re-sort them (stable).
            Array.Sort(kept, (x, y) => dv[x] != dv[y] ? dv[x].CompareTo(dv[y]) : x.CompareTo(y));
            var dk = new double[k];
            var zk = new double[k];
            for (int i = 0; i < k; i++)
            {
                dk[i] = dv[kept[i]];
                zk[i] = zv[kept[i]];
            }
            var origin = new int[k];
            var tau = new double[k];
            for (int i = 0; i < k; i++) (origin[i], tau[i]) = SecularEquation.Root(dk, zk, r, i);
            var originValue = new double[k];
            for (int i = 0; i < k; i++) originValue[i] = dk[origin[i]];
            var zHat = SecularEquation.RecomputedZ(dk, zk, originValue, tau, r);
            // U (k×k, row i = eigenvector i of D + ρ ẑ ẑᵀ in the kept basis), normalized.
            var order = Enumerable.Range(0, k).OrderBy(i => (int)support[kept[i]]).ThenBy(i => i).ToArray();
            var u = new double[k * k]; // u[i, c] with columns c in GEMM order (by support)
            for (int i = 0; i < k; i++)
            {
                double norm = 0;
                for (int c = 0; c < k; c++)
                {
                    int j = order[c];
                    double value = zHat[j] / -SecularEquation.LambdaMinus(dk, origin, tau, i, j);
                    u[i * k + c] = value;
                    norm += value * value;
                }
                double inverse = 1 / Math.Sqrt(norm);
                for (int c = 0; c < k; c++) u[i * k + c] *= inverse;
            }
            // Basis rows in GEMM order; rows with Top support are zero on [m, n), Bottom ones on [0, m).
            var basis = new double[k * n];
            int topCount = 0, bottomCount = 0;
            for (int c = 0; c < k; c++)
            {
                var s = support[kept[order[c]]];
                if (s != Support.Bottom) topCount++;
                if (s != Support.Top) bottomCount++;
                Array.Copy(rows[kept[order[c]]], 0, basis, c * n, n);
                rows[kept[order[c]]] = null!; // copied: let the collector have it before zt fills up
            }
            // The new vectors go straight into rows 0..k−1 of zt (n wide).
            // Top positions: only Top and Mixed basis rows (the first topCount) are nonzero there.
            Gemm.Multiply(k, m, topCount, 1.0, u, 0, k, 1, basis, 0, n, 1, 0.0, zt, 0, n, threads);
            // Bottom positions: only Mixed and Bottom rows (the last bottomCount).
            Gemm.Multiply(k, m2, bottomCount, 1.0, u, k - bottomCount, k, 1, basis, (k - bottomCount) * n + m, n, 1, 0.0, zt, m, n, threads);
            for (int i = 0; i < k; i++) values[i] = dk[origin[i]] + tau[i];
            outRow = k;
        }
        for (int p = 0; p < n; p++)
        {
            if (!deflated[p]) continue;
            values[outRow] = dv[p];
            Array.Copy(rows[p], 0, zt, outRow * n, n);
            outRow++;
        }
        if (exponent != 0)
            for (int p = 0; p < n; p++) values[p] = Math.ScaleB(values[p], -exponent);
        SymmetricEigenSolver.SortAscending(values, zt, n);
        return (values, zt);
    }
}

namespace SpectralCore.Partial;

/// <summary>
/// Selected eigenpairs of a symmetric tridiagonal T (diagonal d, off-diagonal e with e[i] coupling i and i+1):
/// eigenvalues by bisection on Sturm counts (each to about ε‖T‖ absolute accuracy, independent of the others,
/// so they are computed in parallel with thread-independent bits), eigenvectors by inverse iteration on
/// T − λI with a partially pivoted tridiagonal LU (the dstein scheme: three iterations from a seeded random
/// start, eigenvalues closer than 10ε‖T‖ nudged apart, and Gram–Schmidt against the already computed vectors
/// of the same cluster, gap &lt; 10⁻³‖T‖).
/// </summary>
internal static class TridiagonalBisection
{
    internal sealed class Tridiagonal
    {
        internal Tridiagonal(double[] d, double[] e, int n)
        {
            D = d;
            N = n;
            E = e;
            E2 = new double[Math.Max(n - 1, 0)];
            double norm = 0, maxE2 = 0;
            for (int i = 0; i < n; i++)
            {
                double row = Math.Abs(d[i]) + (i > 0 ? Math.Abs(e[i - 1]) : 0) + (i + 1 < n ? Math.Abs(e[i]) : 0);
                norm = Math.Max(norm, row);
                if (i + 1 < n)
                {
                    E2[i] = e[i] * e[i];
                    maxE2 = Math.Max(maxE2, E2[i]);
                }
            }
            Norm = norm;
            PivotMinimum = 2.2250738585072014e-308 * Math.Max(1, maxE2);
            Lower = double.MaxValue;
            Upper = double.MinValue;
            for (int i = 0; i < n; i++)
            {
                double radius = (i > 0 ? Math.Abs(e[i - 1]) : 0) + (i + 1 < n ? Math.Abs(e[i]) : 0);
                Lower = Math.Min(Lower, d[i] - radius);
                Upper = Math.Max(Upper, d[i] + radius);
            }
            double widen = 2 * double.Epsilon + 4 * 2.220446049250313e-16 * Math.Max(Math.Abs(Lower), Math.Abs(Upper)) + 2 * PivotMinimum;
            Lower -= widen;
            Upper += widen;
        }

        internal double[] D { get; }
        internal double[] E { get; }
        internal double[] E2 { get; }
        internal int N { get; }
        internal double Norm { get; }
        internal double PivotMinimum { get; }
        internal double Lower { get; }
        internal double Upper { get; }

        /// <summary>Number of eigenvalues strictly less than x (Sturm sequence of the LDLᵀ pivots).</summary>
        internal int CountBelow(double x)
        {
            int count = 0;
            double q = D[0] - x;
            if (Math.Abs(q) < PivotMinimum) q = -PivotMinimum;
            if (q < 0) count++;
            for (int i = 1; i < N; i++)
            {
                q = D[i] - x - E2[i - 1] / q;
                if (Math.Abs(q) < PivotMinimum) q = -PivotMinimum;
                if (q < 0) count++;
            }
            return count;
        }

        /// <summary>Eigenvalue number <paramref name="index"/> (0-based, ascending) by bisection.</summary>
        internal double Eigenvalue(int index)
        {
            double lo = Lower, hi = Upper;
            for (int iteration = 0; iteration < 200; iteration++)
            {
                double mid = 0.5 * (lo + hi);
                if (hi - lo <= 2 * 2.220446049250313e-16 * Math.Max(Math.Abs(lo), Math.Abs(hi)) + PivotMinimum || mid <= lo || mid >= hi) break;
                if (CountBelow(mid) > index) hi = mid;
                else lo = mid;
            }
            return 0.5 * (lo + hi);
        }
    }

    /// <summary>Eigenvalues with the given ascending indices, computed in parallel.</summary>
    internal static double[] Eigenvalues(Tridiagonal t, int[] indices, int threads)
    {
        var values = new double[indices.Length];
        Randomized.ParallelRanges.For(indices.Length, t.N >= 256 ? threads : 1, 1, (from, to) =>
        {
            for (int i = from; i < to; i++) values[i] = t.Eigenvalue(indices[i]);
        });
        return values;
    }

    /// <summary>
    /// Eigenvectors (row-major n × count, column c for values[c]) of ascending <paramref name="values"/> by
    /// inverse iteration.
    /// </summary>
    internal static double[] Eigenvectors(Tridiagonal t, double[] values, long seed)
    {
        int n = t.N, count = values.Length;
        var z = new double[n * count];
        double epsilonNorm = 2.220446049250313e-16 * Math.Max(t.Norm, double.Epsilon);
        double clusterGap = 1e-3 * t.Norm;
        int clusterStart = 0;
        double previousShift = double.NegativeInfinity;
        var columns = new double[count][];
        for (int c = 0; c < count; c++)
        {
            double shift = values[c];
            if (c > 0 && values[c] - values[c - 1] > clusterGap) clusterStart = c;
            if (c > 0 && shift - previousShift < 10 * epsilonNorm) shift = previousShift + 10 * epsilonNorm;
            previousShift = shift;
            var factor = new Factorization(t, shift, epsilonNorm);
            var x = new double[n];
            Randomized.GaussianSketch.Fill<double>(x, unchecked(seed + c), 4);
            Normalize(x);
            for (int iteration = 0; iteration < 3; iteration++)
            {
                factor.Solve(x);
                for (int pass = 0; pass < 2; pass++)
                    for (int other = clusterStart; other < c; other++)
                    {
                        double dot = System.Numerics.Tensors.TensorPrimitives.Dot<double>(columns[other], x);
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(columns[other], -dot, x, x);
                    }
                if (!Normalize(x))
                {
                    Randomized.GaussianSketch.Fill<double>(x, unchecked(seed + c + 1_000_003L * (iteration + 1)), 4);
                    Normalize(x);
                }
            }
            columns[c] = x;
            for (int i = 0; i < n; i++) z[i * count + c] = x[i];
        }
        return z;
    }

    private static bool Normalize(double[] x)
    {
        double scale = 0;
        foreach (var v in x) scale = Math.Max(scale, Math.Abs(v));
        if (!(scale > 0) || !double.IsFinite(scale)) return false;
        System.Numerics.Tensors.TensorPrimitives.Divide(x, scale, x);
        double norm = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot<double>(x, x));
        System.Numerics.Tensors.TensorPrimitives.Divide(x, norm, x);
        return true;
    }

    /// <summary>T − σI = P L U with partial pivoting; U has two superdiagonals.</summary>
    private sealed class Factorization
    {
        private readonly double[] _u0, _u1, _u2, _multiplier;
        private readonly bool[] _swapped;
        private readonly int _n;

        internal Factorization(Tridiagonal t, double shift, double tiny)
        {
            int n = _n = t.N;
            _u0 = new double[n];
            _u1 = new double[n];
            _u2 = new double[n];
            _multiplier = new double[n];
            _swapped = new bool[n];
            double p = t.D[0] - shift, q = n > 1 ? t.E[0] : 0, r = 0;
            for (int i = 0; i < n - 1; i++)
            {
                double s = t.E[i], diagonal = t.D[i + 1] - shift, upper = i + 2 < n ? t.E[i + 1] : 0;
                if (Math.Abs(p) >= Math.Abs(s))
                {
                    if (p == 0) p = tiny;
                    double m = s / p;
                    _u0[i] = p; _u1[i] = q; _u2[i] = r;
                    _multiplier[i] = m;
                    p = diagonal - m * q;
                    q = upper - m * r;
                    r = 0;
                }
                else
                {
                    double m = p / s;
                    _u0[i] = s; _u1[i] = diagonal; _u2[i] = upper;
                    _multiplier[i] = m;
                    _swapped[i] = true;
                    double nextP = q - m * diagonal, nextQ = r - m * upper;
                    p = nextP;
                    q = nextQ;
                    r = 0;
                }
            }
            if (p == 0) p = tiny;
            _u0[n - 1] = p;
        }

        internal void Solve(double[] b)
        {
            int n = _n;
            for (int i = 0; i < n - 1; i++)
            {
                if (_swapped[i]) (b[i], b[i + 1]) = (b[i + 1], b[i]);
                b[i + 1] -= _multiplier[i] * b[i];
            }
            // Back substitution with scaling so huge growth (the point of inverse iteration) cannot overflow.
            for (int i = n - 1; i >= 0; i--)
            {
                double s = b[i];
                if (i + 1 < n) s -= _u1[i] * b[i + 1];
                if (i + 2 < n) s -= _u2[i] * b[i + 2];
                double x = s / _u0[i];
                if (!double.IsFinite(x) || Math.Abs(x) > 1e250)
                {
                    for (int j = 0; j < n; j++) b[j] *= 1e-250;
                    x = s * 1e-250 / _u0[i];
                }
                b[i] = x;
            }
        }
    }
}

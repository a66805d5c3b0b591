using System.Numerics;
using System.Numerics.Tensors;
using SpectralCore.Operators;
using SpectralCore.Randomized;

namespace SpectralCore.Partial;

/// <summary>
/// Thick-restart Lanczos (Wu &amp; Simon 2000) for a few eigenpairs of a symmetric operator, with full
/// reorthogonalization (classical Gram–Schmidt, two passes, float64 basis) so no spurious copies appear.
/// The projected matrix H = VᵀAV is kept explicitly and diagonalized by Jacobi; after each sweep the wanted
/// Ritz vectors plus about half the rest are kept and the residual vector continues the basis (the arrow
/// entries of H come out of the next Gram–Schmidt step). Invariant subspaces are continued from a fresh
/// random vector orthogonal to the basis.
/// </summary>
internal static class LanczosEigensolver
{
    internal static EigenResult<T> Solve<T>(ILinearOperator<T> a, int k, EigenSelection selection, LanczosOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(options);
        int n = a.Rows;
        if (a.Rows != a.Columns)
            throw new ArgumentException($"A symmetric eigenproblem needs a square operator; this one is {a.Rows}×{a.Columns}.", "operator");
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in 1..{n}.");
        if (!Enum.IsDefined(selection)) throw new ArgumentException($"Unknown selection {(int)selection}.", nameof(selection));
        int basis = options.BasisSize ?? Math.Min(n, Math.Max(2 * k + 1, k + 32));
        if (basis <= k && basis < n || basis > n)
            throw new ArgumentOutOfRangeException("BasisSize", basis, $"The basis size must be in {Math.Min(k + 1, n)}..{n}.");
        if (!(options.Tolerance >= 0) || !double.IsFinite(options.Tolerance))
            throw new ArgumentOutOfRangeException("Tolerance", options.Tolerance, "The tolerance must be finite and ≥ 0.");
        if (options.MaxRestarts < 0)
            throw new ArgumentOutOfRangeException("MaxRestarts", options.MaxRestarts, "MaxRestarts must be ≥ 0.");
        double epsilon = double.CreateTruncating(T.BitIncrement(T.One) - T.One);
        double tolerance = options.Tolerance > 0 ? options.Tolerance : Math.Min(1e-3, 64 * Math.Sqrt(n) * epsilon);

        var apply = new Applier<T>(a, n);
        // Work on s·A (s a power of two, exact) when A's magnitude is extreme, so vector norms neither overflow nor
        // underflow (an operator of size 1e200 or 1e-200 would otherwise give zero or infinite norms).
        apply.Scale = BlockOps.UnitScale(TensorPrimitives.MaxMagnitude<double>(apply.Apply(RandomUnit(n, options.Seed, -3))));
        if (options.CheckSymmetry) CheckSymmetry(apply, n, options.Seed, epsilon);

        var v = new double[basis + 1][];
        var h = new double[basis * basis];
        v[0] = RandomUnit(n, options.Seed, 0);
        int start = 0, restarts = 0, verifications = 0;
        double[]? previous = null;
        long products = 1, randomDraws = 1;
        double beta = 0;
        while (true)
        {
            for (int j = start; j < basis; j++)
            {
                var w = apply.Apply(v[j]);
                products++;
                var coefficients = new double[j + 1];
                Orthogonalize(v, j + 1, w, coefficients);
                for (int i = 0; i <= j; i++) h[i * basis + j] = h[j * basis + i] = coefficients[i];
                beta = Math.Sqrt(TensorPrimitives.Dot<double>(w, w));
                double scale = Math.Sqrt(TensorPrimitives.Dot<double>(coefficients, coefficients)) + beta;
                if (j + 1 == n) { beta = 0; v[j + 1] = new double[n]; break; }
                if (beta <= 1e3 * epsilon * Math.Max(scale, double.Epsilon))
                {
                    // Invariant subspace: continue with a random direction orthogonal to the basis (coupling 0).
                    beta = 0;
                    var fresh = FreshDirection(v, j + 1, n, options.Seed, ref randomDraws);
                    v[j + 1] = fresh;
                    if (j + 1 < basis) h[(j + 1) * basis + j] = h[j * basis + j + 1] = 0;
                    continue;
                }
                TensorPrimitives.Divide(w, beta, w);
                v[j + 1] = w;
            }
            int size = Math.Min(basis, n);
            var (theta, y) = SmallDense.SymmetricEigen(h, size);
            var order = Order(theta, selection);
            double normEstimate = theta.Max(Math.Abs);
            bool converged = true;
            double worst = 0;
            foreach (int index in MustConverge(theta, order, k, selection))
            {
                double residual = Math.Abs(beta * y[(size - 1) * size + index]);
                worst = Math.Max(worst, residual);
                if (residual > tolerance * Math.Max(normEstimate, double.Epsilon)) converged = false;
            }
            if (converged && size < n && options.CheckMultiplicity && verifications < k &&
                (previous is null || Changed(previous, theta, order, k, tolerance * normEstimate)))
            {
                // A single-vector Krylov space holds one copy of a repeated eigenvalue. Restart from the converged
                // Ritz vectors plus a random direction orthogonal to them: a missed copy (or a missed larger
                // eigenvalue) then enters the wanted set, and rounds repeat until the wanted values stop changing.
                previous = order.Take(k).Select(i => theta[i]).ToArray();
                verifications++;
                var locked = new double[k + 1][];
                for (int i = 0; i < k; i++) locked[i] = Combine(v, y, size, order[i], n);
                var fresh = FreshDirection(locked, k, n, options.Seed, ref randomDraws);
                locked[k] = fresh;
                Array.Clear(h);
                for (int i = 0; i < k; i++) h[i * basis + i] = theta[order[i]];
                Array.Clear(v);
                Array.Copy(locked, v, k + 1);
                start = k;
                restarts++;
                continue;
            }
            if (converged || size == n)
                return Finish<T>(v, y, theta, order, k, n, size, options.ComputeVectors, restarts, products, worst, normEstimate, apply.Scale);
            if (restarts >= options.MaxRestarts)
                throw new NonConvergenceException($"Lanczos did not converge after {restarts} restarts ({products} operator products): worst wanted residual {worst:G3} vs tolerance {tolerance * normEstimate:G3}.");
            // Thick restart: keep the wanted Ritz vectors and about half of the others, best first.
            // The Ritz values that must converge come first, then the rest in order of preference.
            var must = MustConverge(theta, order, k, selection).ToList();
            var priority = must.Concat(order.Where(i => !must.Contains(i))).ToArray();
            int keep = Math.Min(size - 1, Math.Max(must.Count, k + Math.Max(1, (size - k) / 2)));
            var kept = new double[keep + 1][];
            for (int i = 0; i < keep; i++) kept[i] = Combine(v, y, size, priority[i], n);
            kept[keep] = v[size];
            Array.Clear(h);
            for (int i = 0; i < keep; i++) h[i * basis + i] = theta[priority[i]];
            Array.Clear(v);
            Array.Copy(kept, v, keep + 1);
            start = keep;
            restarts++;
        }
    }

    private static EigenResult<T> Finish<T>(double[][] v, double[] y, double[] theta, int[] order, int k, int n, int size, bool vectors,
        int restarts, long products, double worst, double normEstimate, double scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Ascending values, as every EigenResult; back from s·A to A.
        var chosen = order.Take(k).OrderBy(i => theta[i]).ThenBy(i => i).ToArray();
        var values = chosen.Select(i => T.CreateTruncating(theta[i] / scale)).ToArray();
        worst /= scale;
        normEstimate /= scale;
        Matrix<T>? result = null;
        if (vectors)
        {
            result = new Matrix<T>(n, k);
            for (int c = 0; c < k; c++)
            {
                var x = Combine(v, y, size, chosen[c], n);
                for (int i = 0; i < n; i++) result[i, c] = T.CreateTruncating(x[i]);
            }
        }
        string algorithm = $"thick-restart Lanczos, full reorthogonalization (float64 basis of {size}), {restarts} restarts, {products} operator products, max residual {worst:G3} (‖A‖ ≈ {normEstimate:G3})";
        return new EigenResult<T>(values, result, Backend.Managed, algorithm);
    }

    /// <summary>A random unit vector orthogonal to the first <paramref name="count"/> basis vectors (three Gram–Schmidt passes).</summary>
    private static double[] FreshDirection(double[][] basis, int count, int n, long seed, ref long draws)
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var fresh = RandomUnit(n, seed, draws++);
            Orthogonalize(basis, count, fresh, new double[count]);
            double norm = Math.Sqrt(TensorPrimitives.Dot<double>(fresh, fresh));
            if (norm < 1e-6) continue;
            TensorPrimitives.Divide(fresh, norm, fresh);
            Orthogonalize(basis, count, fresh, new double[count]);
            TensorPrimitives.Divide(fresh, Math.Sqrt(TensorPrimitives.Dot<double>(fresh, fresh)), fresh);
            return fresh;
        }
        throw new NonConvergenceException("Lanczos could not find a random direction orthogonal to its basis.");
    }

    private static bool Changed(double[] previous, double[] theta, int[] order, int k, double tolerance)
    {
        var current = order.Take(k).Select(i => theta[i]).ToArray();
        for (int i = 0; i < k; i++)
            if (Math.Abs(current[i] - previous[i]) > 10 * tolerance) return true;
        return false;
    }

    private static double[] Combine(double[][] v, double[] y, int size, int column, int n)
    {
        var x = new double[n];
        for (int i = 0; i < size; i++)
        {
            double c = y[i * size + column];
            if (c != 0) TensorPrimitives.MultiplyAdd(v[i], c, x, x);
        }
        return x;
    }

    /// <summary>
    /// The Ritz values whose residuals decide convergence: the wanted ones, and for the largest-|λ| selection also
    /// the next unwanted Ritz value at each end of the spectrum, so an extreme eigenvalue whose Ritz value is still
    /// moving outwards (interlacing: it approaches from inside) cannot be overlooked.
    /// </summary>
    private static IEnumerable<int> MustConverge(double[] theta, int[] order, int k, EigenSelection selection)
    {
        var wanted = order.Take(k).ToHashSet();
        foreach (int i in wanted) yield return i;
        if (selection != EigenSelection.LargestMagnitude) yield break;
        var ascending = Enumerable.Range(0, theta.Length).OrderBy(i => theta[i]).ThenBy(i => i).ToArray();
        int low = 0, high = ascending.Length - 1;
        while (low < ascending.Length && wanted.Contains(ascending[low])) low++;
        while (high >= 0 && wanted.Contains(ascending[high])) high--;
        if (low <= high)
        {
            yield return ascending[low];
            if (high != low) yield return ascending[high];
        }
    }

    /// <summary>Indices of the Ritz values in the order of preference for the selection.</summary>
    private static int[] Order(double[] theta, EigenSelection selection)
    {
        var indices = Enumerable.Range(0, theta.Length);
        return selection switch
        {
            EigenSelection.LargestAlgebraic => indices.OrderByDescending(i => theta[i]).ThenBy(i => i).ToArray(),
            EigenSelection.SmallestAlgebraic => indices.OrderBy(i => theta[i]).ThenBy(i => i).ToArray(),
            _ => indices.OrderByDescending(i => Math.Abs(theta[i])).ThenByDescending(i => theta[i]).ToArray(),
        };
    }

    /// <summary>w ← w − V(Vᵀw), twice (classical Gram–Schmidt with one reorthogonalization); coefficients accumulated.</summary>
    private static void Orthogonalize(double[][] v, int count, double[] w, double[] coefficients)
    {
        var c = new double[count];
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < count; i++) c[i] = TensorPrimitives.Dot<double>(v[i], w);
            for (int i = 0; i < count; i++)
            {
                if (c[i] != 0) TensorPrimitives.MultiplyAdd(v[i], -c[i], w, w);
                coefficients[i] += c[i];
            }
        }
    }

    private static double[] RandomUnit(int n, long seed, long draw)
    {
        var x = new double[n];
        GaussianSketch.Fill<double>(x, unchecked(seed + draw * 0x632BE59BD9B4E019L), GaussianSketch.LanczosStream);
        TensorPrimitives.Divide(x, Math.Sqrt(TensorPrimitives.Dot<double>(x, x)), x);
        return x;
    }

    /// <summary>Symmetry probe: |xᵀ(Ay) − yᵀ(Ax)| must be at rounding level.</summary>
    private static void CheckSymmetry<T>(Applier<T> apply, int n, long seed, double epsilon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = RandomUnit(n, seed, -1);
        var y = RandomUnit(n, seed, -2);
        var ax = apply.Apply(x);
        var ay = apply.Apply(y);
        double difference = Math.Abs(TensorPrimitives.Dot<double>(x, ay) - TensorPrimitives.Dot<double>(y, ax));
        double scale = Math.Sqrt(TensorPrimitives.Dot<double>(ax, ax)) + Math.Sqrt(TensorPrimitives.Dot<double>(ay, ay));
        if (difference > 1e3 * Math.Sqrt(n) * epsilon * Math.Max(scale, double.Epsilon))
            throw new ArgumentException($"The operator is not symmetric: xᵀAy − yᵀAx = {difference:G3} for random unit x, y (‖Ax‖ + ‖Ay‖ = {scale:G3}).", "operator");
    }

    /// <summary>Applies the operator to one float64 vector through T buffers, rejecting non-finite output.</summary>
    private sealed class Applier<T>(ILinearOperator<T> a, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _input = new T[n];
        private readonly T[] _output = new T[n];

        /// <summary>Power of two applied to every output (the solver works on s·A).</summary>
        internal double Scale { get; set; } = 1;

        internal double[] Apply(double[] x)
        {
            for (int i = 0; i < n; i++) _input[i] = T.CreateTruncating(x[i]);
            a.Apply(_input, _output, 1);
            var result = new double[n];
            for (int i = 0; i < n; i++)
            {
                if (!T.IsFinite(_output[i]))
                    throw new ArgumentException($"The operator returned a non-finite value ({_output[i]}) at index {i}.", "operator");
                result[i] = double.CreateTruncating(_output[i]) * Scale;
            }
            return result;
        }
    }
}

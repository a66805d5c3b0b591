using System.Buffers;
using System.Numerics;

namespace SpectralCore.Randomized;

/// <summary>How a thin QR was computed.</summary>
internal enum ThinQrMethod
{
    CholeskyQr2,
    Householder,
    CholeskyQr,

    /// <summary>Cholesky of a nearly orthonormal block's Gram; Q = Y·R⁻¹ is never formed (R⁻¹ goes into small products).</summary>
    ImplicitCholesky,
}

/// <summary>
/// Thin QR of a tall row-major block Y (m × l): CholeskyQR2 (Gram in float64, Cholesky, Y·R⁻¹, twice), with a
/// Householder fallback when the Gram matrix is not numerically positive definite or the first pass leaves
/// ‖Q₁ᵀQ₁ − I‖max &gt; 0.1 (CholeskyQR2 is only stable for cond(Y) ≲ ε^(−1/2)). The Householder route works in
/// float64 and always returns an orthonormal Q, also for rank-deficient Y (its extra columns then span
/// arbitrary directions orthogonal to range(Y)).
/// </summary>
internal static class ThinQr
{
    private const double OrthogonalityLimit = 0.1;

    /// <summary>Replaces <paramref name="y"/> by Q (m × l, orthonormal columns); returns R (l × l, upper, row-major).</summary>
    internal static (double[] R, ThinQrMethod Method) Orthonormalize<T>(T[] y, int m, int l, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (l == 0) return ([], ThinQrMethod.CholeskyQr2);
        if (l > m) throw new ArgumentException($"A thin QR needs columns ({l}) ≤ rows ({m}).", nameof(l));
        var r1 = new double[l * l];
        if (SmallDense.Cholesky(Gram(y, m, l, threads), l, r1))
        {
            // Y is overwritten by the first pass; the Householder fallback needs the original.
            int length = m * l;
            var original = ArrayPool<T>.Shared.Rent(length);
            try
            {
                y.AsSpan(0, length).CopyTo(original);
                var g2 = MultiplyByInverseInPlace(y, m, l, r1, threads, gramOfResult: true)!;
                var r2 = new double[l * l];
                if (MaxDeviationFromIdentity(g2, l) <= OrthogonalityLimit && SmallDense.Cholesky(g2, l, r2))
                {
                    MultiplyByInverseInPlace(y, m, l, r2, threads, gramOfResult: false);
                    return (SmallDense.Multiply(r2, r1, l, l, l), ThinQrMethod.CholeskyQr2);
                }
                original.AsSpan(0, length).CopyTo(y);
            }
            finally
            {
                ArrayPool<T>.Shared.Return(original);
            }
        }
        return (Householder(y, m, l), ThinQrMethod.Householder);
    }

    /// <summary>
    /// A well-conditioned basis of range(Y) for intermediate power iterations, where exact orthonormality is not
    /// needed: one CholeskyQR pass (‖QᵀQ − I‖ ≈ ε·cond(Y)²) when the Cholesky factor's diagonal ratio stays
    /// above 10⁻⁵ (so cond(Y) is not obviously beyond ~10⁵), otherwise the full <see cref="Orthonormalize{T}"/>.
    /// </summary>
    internal static ThinQrMethod Condition<T>(T[] y, int m, int l, int threads) where T : unmanaged, IFloatingPointIeee754<T> =>
        Condition(y, m, l, threads, out _);

    /// <summary>
    /// <see cref="Condition{T}(T[], int, int, int)"/> that also reports min/max of the Cholesky factor's diagonal
    /// (0 when the Gram matrix is not numerically positive definite): a cheap sign of a rank-deficient or very
    /// ill-conditioned Y (it is ≥ σ_min(Y)/σ_max(Y)).
    /// </summary>
    internal static ThinQrMethod Condition<T>(T[] y, int m, int l, int threads, out double diagonalRatio) where T : unmanaged, IFloatingPointIeee754<T>
    {
        diagonalRatio = 0;
        if (l == 0) return ThinQrMethod.CholeskyQr;
        var r = new double[l * l];
        if (SmallDense.Cholesky(Gram(y, m, l, threads), l, r))
        {
            double smallest = double.MaxValue, largest = 0;
            for (int i = 0; i < l; i++)
            {
                smallest = Math.Min(smallest, r[i * l + i]);
                largest = Math.Max(largest, r[i * l + i]);
            }
            diagonalRatio = largest > 0 ? smallest / largest : 0;
            double limit = typeof(T) == typeof(float) ? 1e-2 : 1e-5;
            if (smallest > limit * largest)
            {
                MultiplyByInverseInPlace(y, m, l, r, threads, gramOfResult: false);
                return ThinQrMethod.CholeskyQr;
            }
        }
        return Orthonormalize(y, m, l, threads).Method;
    }

    /// <summary>
    /// For a nearly orthonormal Y (‖YᵀY − I‖₂ ≤ ½, checked through l·max|G − I| with G = YᵀY in float64), the inverse
    /// R⁻¹ of the Cholesky factor of G, so that Q = Y·R⁻¹ is orthonormal (as closely as G is rounded) without being
    /// formed: callers fold R⁻¹ into their small products. One Gram pass over Y instead of CholeskyQR2's four.
    /// Null when Y is not that close to orthonormal (use <see cref="Orthonormalize{T}"/>).
    /// </summary>
    internal static double[]? InverseFactorIfNearlyOrthonormal<T>(T[] y, int m, int l, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (l == 0 || l > m) return null;
        var g = Gram(y, m, l, threads);
        if (l * MaxDeviationFromIdentity(g, l) > 0.5) return null;
        var r = new double[l * l];
        return SmallDense.Cholesky(g, l, r) ? SmallDense.InvertUpper(r, l) : null;
    }

    /// <summary>Rows per chunk of the Gram and Y·R⁻¹ passes: a fixed partition of m, so sums do not depend on the thread count.</summary>
    private static int ChunkRows(int m) => Math.Max(256, (m + 63) / 64);

    /// <summary>G = YᵀY (l × l) accumulated in float64 in fixed row chunks, summed in chunk order (thread-count independent).</summary>
    internal static double[] Gram<T>(T[] y, int m, int l, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int chunk = ChunkRows(m), chunks = (m + chunk - 1) / chunk;
        var partials = new double[chunks][];
        ParallelRanges.For(chunks, threads, 1, (start, end) =>
        {
            var widened = typeof(T) == typeof(double) ? null : ArrayPool<double>.Shared.Rent(chunk * l);
            for (int c = start; c < end; c++)
            {
                int r0 = c * chunk, rows = Math.Min(chunk, m - r0);
                partials[c] = ChunkGram(y, r0, rows, l, widened);
            }
            if (widened is not null) ArrayPool<double>.Shared.Return(widened);
        });
        return SumInOrder(partials);
    }

    /// <summary>Yᵀ·Y of rows r0..r0+rows in float64 (a float32 chunk is widened into <paramref name="widened"/> first).</summary>
    private static double[] ChunkGram<T>(T[] y, int r0, int rows, int l, double[]? widened) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlyMemory<double> block;
        if (typeof(T) == typeof(double)) block = new ReadOnlyMemory<double>((double[])(object)y, r0 * l, rows * l);
        else
        {
            Kernels.Common.Widening.ToDouble<T>(y.AsSpan(r0 * l, rows * l), widened.AsSpan(0, rows * l));
            block = new ReadOnlyMemory<double>(widened, 0, rows * l);
        }
        var g = new double[l * l];
        BlockProducts.Multiply(new MatrixView<double>(block, l, rows, MatrixLayout.ColumnMajor, l), block.Span, g, l, 1);
        return g;
    }

    private static double[] SumInOrder(double[][] partials)
    {
        var sum = partials[0];
        for (int c = 1; c < partials.Length; c++)
            for (int i = 0; i < sum.Length; i++) sum[i] += partials[c][i];
        return sum;
    }

    /// <summary>
    /// Y ← Y·R⁻¹ (R upper-triangular, float64; the product in T), chunk by chunk in place. With
    /// <paramref name="gramOfResult"/> also returns (Y·R⁻¹)ᵀ(Y·R⁻¹) accumulated from each chunk while it is in cache
    /// (the next CholeskyQR pass's Gram without another pass over Y).
    /// </summary>
    private static double[]? MultiplyByInverseInPlace<T>(T[] y, int m, int l, double[] r, int threads, bool gramOfResult) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var inverse = SmallDense.InvertUpper(r, l);
        var inverseT = new T[l * l];
        for (int i = 0; i < inverse.Length; i++) inverseT[i] = T.CreateTruncating(inverse[i]);
        int chunk = ChunkRows(m), chunks = (m + chunk - 1) / chunk;
        var partials = gramOfResult ? new double[chunks][] : null;
        ParallelRanges.For(chunks, threads, 1, (start, end) =>
        {
            var product = ArrayPool<T>.Shared.Rent(chunk * l);
            var widened = gramOfResult && typeof(T) != typeof(double) ? ArrayPool<double>.Shared.Rent(chunk * l) : null;
            for (int c = start; c < end; c++)
            {
                int r0 = c * chunk, rows = Math.Min(chunk, m - r0);
                BlockProducts.Multiply(new MatrixView<T>(new ReadOnlyMemory<T>(y, r0 * l, rows * l), rows, l), inverseT, product, l, 1);
                product.AsSpan(0, rows * l).CopyTo(y.AsSpan(r0 * l, rows * l));
                if (partials is not null) partials[c] = ChunkGram(y, r0, rows, l, widened);
            }
            ArrayPool<T>.Shared.Return(product);
            if (widened is not null) ArrayPool<double>.Shared.Return(widened);
        });
        return partials is null ? null : SumInOrder(partials);
    }

    private static double MaxDeviationFromIdentity(double[] g, int l)
    {
        double worst = 0;
        for (int i = 0; i < l; i++)
            for (int j = 0; j < l; j++)
            {
                double d = Math.Abs(g[i * l + j] - (i == j ? 1 : 0));
                if (!(d <= worst)) worst = double.IsNaN(d) ? double.PositiveInfinity : d;
            }
        return worst;
    }

    /// <summary>Householder QR in float64 (column-major work copy); Q written back into <paramref name="y"/>.</summary>
    internal static double[] Householder<T>(T[] y, int m, int l) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = new double[(long)m * l];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < l; j++) w[(long)j * m + i] = double.CreateTruncating(y[(long)i * l + j]);
        var betas = new double[l];
        var r = new double[l * l];
        for (int j = 0; j < l; j++)
        {
            var column = w.AsSpan(j * m + j, m - j);
            double norm = Math.Sqrt(SmallDense.Dot(column, column));
            if (norm == 0)
            {
                betas[j] = 0;
                continue;
            }
            double alpha = column[0] >= 0 ? -norm : norm;
            column[0] -= alpha; // v = x − αe₁ stored in place; H = I − β v vᵀ with β = 2/(vᵀv)
            double vv = SmallDense.Dot(column, column);
            betas[j] = vv == 0 ? 0 : 2 / vv;
            for (int c = j + 1; c < l; c++)
            {
                var target = w.AsSpan(c * m + j, m - j);
                double s = betas[j] * SmallDense.Dot(column, target);
                for (int i = 0; i < target.Length; i++) target[i] -= s * column[i];
            }
            r[j * l + j] = alpha;
            for (int c = j + 1; c < l; c++) r[j * l + c] = w[c * m + j];
        }
        // Q = H₀H₁…H_{l−1}[I; 0], applied right to left to the first l unit vectors.
        var q = new double[(long)m * l];
        for (int j = 0; j < l; j++) q[(long)j * m + j] = 1;
        for (int j = l - 1; j >= 0; j--)
        {
            if (betas[j] == 0) continue;
            var v = w.AsSpan(j * m + j, m - j);
            for (int c = j; c < l; c++)
            {
                var target = q.AsSpan(c * m + j, m - j);
                double s = betas[j] * SmallDense.Dot(v, target);
                for (int i = 0; i < target.Length; i++) target[i] -= s * v[i];
            }
        }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < l; j++) y[(long)i * l + j] = T.CreateTruncating(q[(long)j * m + i]);
        return r;
    }
}

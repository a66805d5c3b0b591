using System.Buffers;
using System.Numerics;
using SpectralCore.Operators;

namespace SpectralCore.Randomized;

/// <summary>
/// The randomized truncated SVD (Halko, Martinsson &amp; Tropp 2011; block Krylov per Musco &amp; Musco 2015) on an
/// <see cref="ILinearOperator{T}"/>. Products with A run in T (float32 or float64); QR Gram matrices, R factors,
/// the small SVD and the error estimate run in float64. The result does not depend on the thread count.
/// </summary>
internal static class RandomizedSvdSolver
{
    internal static void Validate(int rows, int columns, int k, RandomizedSvdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int smaller = Math.Min(rows, columns);
        if (smaller < 2)
            throw new ArgumentException($"A randomized SVD needs at least a 2×2 matrix; this one is {rows}×{columns}.", "matrix");
        if (k < 1 || k >= smaller)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in 1..{smaller - 1} (k < min(m, n) = {smaller}); use the full SVD for all singular values.");
        if (options.Oversample < 0)
            throw new ArgumentOutOfRangeException("oversample", options.Oversample, "The oversampling must be ≥ 0.");
        if (options.PowerIterations < 0)
            throw new ArgumentOutOfRangeException("powerIterations", options.PowerIterations, "The number of power iterations must be ≥ 0.");
        if (options.PowerIterations > 1000)
            throw new ArgumentOutOfRangeException("powerIterations", options.PowerIterations, "More than 1000 power iterations is not a sensible request.");
        if (options.ErrorProbes is < 1 or > 64)
            throw new ArgumentOutOfRangeException("errorProbes", options.ErrorProbes, "The number of error probes must be in 1..64.");
        if (!Enum.IsDefined(options.Method))
            throw new ArgumentException($"Unknown method {(int)options.Method}.", "method");
        if (!Enum.IsDefined(options.RangeFinderPrecision))
            throw new ArgumentException($"Unknown range-finder precision {(int)options.RangeFinderPrecision}.", "rangeFinderPrecision");
        long width = (long)k + options.Oversample;
        if (width > smaller)
            throw new ArgumentException($"k + oversample = {width} exceeds min(m, n) = {smaller}; lower the oversampling to at most {smaller - k}.", "oversample");
        if (options.Method == RandomizedSvdMethod.BlockKrylov && width * (options.PowerIterations + 1) > smaller)
            throw new ArgumentException($"The block Krylov basis (k + oversample)·(powerIterations + 1) = {width * (options.PowerIterations + 1)} exceeds min(m, n) = {smaller}; lower powerIterations or oversample.", "powerIterations");
    }

    /// <summary>
    /// The randomized SVD of <paramref name="a"/>: top <paramref name="k"/> triplets per <paramref name="options"/>
    /// on <paramref name="threads"/> workers; with <paramref name="sketchOperator"/> (a float32 copy) the range finder
    /// runs on it. <paramref name="scale"/> is a power of two s: the solver works on s·A (exact) and divides the
    /// singular values and bounds by s, so matrices of extreme magnitude (1e±200) neither overflow nor underflow in
    /// Gram matrices and probe norms; NaN chooses it from the first product's largest entry. A sketch operator must
    /// already hold s·A; with <paramref name="alreadyScaled"/> so does <paramref name="a"/> (a scaled copy: needed for
    /// float32 matrices near float32's range, whose products would overflow before an output scaling).
    /// </summary>
    internal static RandomizedSvdResult<T> Compute<T>(ILinearOperator<T> a, int k, RandomizedSvdOptions options, int threads, ILinearOperator<float>? sketchOperator = null,
        double scale = double.NaN, bool alreadyScaled = false) where T : unmanaged, IFloatingPointIeee754<T> =>
        ComputeCore(a, k, options, threads, sketchOperator, scale, alreadyScaled, abandonBelow: 0)!;

    /// <summary>
    /// The float32-range-finder run of <see cref="Compute{T}"/> that gives up (null) right after the first product
    /// when A·Ω's Cholesky diagonal ratio is below <paramref name="abandonBelow"/> (subspace iteration only).
    /// </summary>
    internal static RandomizedSvdResult<T>? TryComputeMixed<T>(ILinearOperator<T> a, int k, RandomizedSvdOptions options, int threads, ILinearOperator<float> sketchOperator,
        double scale, double abandonBelow) where T : unmanaged, IFloatingPointIeee754<T> =>
        ComputeCore(a, k, options, threads, sketchOperator, scale, alreadyScaled: false, abandonBelow);

    private static RandomizedSvdResult<T>? ComputeCore<T>(ILinearOperator<T> a, int k, RandomizedSvdOptions options, int threads, ILinearOperator<float>? sketchOperator,
        double scale, bool alreadyScaled, double abandonBelow)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        Validate(a.Rows, a.Columns, k, options);
        if (sketchOperator is not null && double.IsNaN(scale)) throw new ArgumentException("A float32 sketch operator needs its scale.", nameof(scale));
        bool transposed = a.Rows < a.Columns;
        ILinearOperator<T> unscaled = transposed ? new TransposedOperator<T>(a) : a; // W is M × N with M ≥ N: the sketch lives on the short side
        var w = alreadyScaled ? unscaled : Scaled(unscaled, scale);
        int m = w.Rows, n = w.Columns, l = k + options.Oversample, probes = options.ErrorProbes;

        var qrMethods = new HashSet<ThinQrMethod>();
        T[] q;
        int width;
        double[]? basisInverse = null; // when set, q is only nearly orthonormal and the basis is Q = q·R⁻¹ (R⁻¹ here)
        if (sketchOperator is not null && typeof(T) != typeof(float))
        {
            // Mixed precision: the range finder runs on a float32 copy (already scaled by s); its last basis is only
            // conditioned in float32 (one CholeskyQR pass), then made exactly orthonormal in T below, and every later
            // product (B, the factors, the error probes) is in T.
            var wf = transposed ? new TransposedOperator<float>(sketchOperator) : sketchOperator;
            var (sketched, wide, _) = RangeFinder(wf, l, options, threads, qrMethods, orthonormalizeLast: false, scale: 1, abandonBelow: abandonBelow);
            if (sketched is not { } qf) return null;
            q = GC.AllocateUninitializedArray<T>(qf.Length);
            System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<float, T>(qf, q);
            width = wide;
            // The float32 CholeskyQR left q orthonormal to ~1e-6: Q = q·R⁻¹ is applied on the small side of every later
            // product (Bᵀ, the probes' coefficients, U) instead of forming Q by a float64 CholeskyQR2 over M rows.
            basisInverse = ThinQr.InverseFactorIfNearlyOrthonormal(q, m, width, threads);
            qrMethods.Add(basisInverse is null ? ThinQr.Orthonormalize(q, m, width, threads).Method : ThinQrMethod.ImplicitCholesky);
        }
        else
        {
            (var basis, width, scale) = RangeFinder(w, l, options, threads, qrMethods, scale: scale);
            q = basis!;
            if (!alreadyScaled) w = Scaled(unscaled, scale);
        }

        // One last pass: Wᵀ[Q | Ω′] gives Bᵀ = (QᵀW)ᵀ and the error probes Wᵀω′ᵢ (Ω′ Gaussian, independent of Q).
        var probeOmega = GaussianSketch.Create<T>(m, probes, options.Seed, GaussianSketch.ProbeStream, threads);
        int total = width + probes;
        // Pooled: fresh multi-megabyte arrays cost a page fault per 4 KiB on first touch (≈ 0.6 ms per MB measured).
        var input = ArrayPool<T>.Shared.Rent(m * total);
        var output = ArrayPool<T>.Shared.Rent(n * total);
        T[] bt, probeImages;
        try
        {
            for (int i = 0; i < m; i++)
            {
                q.AsSpan(i * width, width).CopyTo(input.AsSpan(i * total, width));
                probeOmega.AsSpan(i * probes, probes).CopyTo(input.AsSpan(i * total + width, probes));
            }
            var products = output.AsSpan(0, n * total);
            w.ApplyTranspose(input.AsSpan(0, m * total), products, total);
            BlockOps.RequireFinite<T>(products, "Aᵀ·Q");
            bt = BlockOps.LeadingColumns<T>(products, n, total, width);
            probeImages = new T[n * probes];
            for (int i = 0; i < n; i++) products.Slice(i * total + width, probes).CopyTo(probeImages.AsSpan(i * probes, probes));
        }
        finally
        {
            ArrayPool<T>.Shared.Return(input);
            ArrayPool<T>.Shared.Return(output);
        }
        T[]? basisInverseT = basisInverse is null ? null : BlockOps.FromDouble<T>(basisInverse);
        if (basisInverseT is not null) bt = BlockOps.Times(bt, n, width, basisInverseT, width, threads); // WᵀQ = (Wᵀq)·R⁻¹
        double rangeEstimate = RangeResidualBound(q, m, width, probeOmega, bt, n, probeImages, probes, threads, basisInverse);

        // B = QᵀA through Bᵀ = Q₂R₂, so B = R₂ᵀQ₂ᵀ and the SVD of the small R₂ᵀ gives B's.
        var (r2, finalMethod) = ThinQr.Orthonormalize(bt, n, width, threads);
        qrMethods.Add(finalMethod);
        var r2t = new double[width * width];
        for (int i = 0; i < width; i++)
            for (int j = 0; j < width; j++) r2t[i * width + j] = r2[j * width + i];
        var (sigma, smallU, smallV) = SmallDense.Svd(r2t, width, width);

        // Back from s·A to A (a power of two: exact unless the values leave the floating-point range).
        for (int i = 0; i < sigma.Length; i++) sigma[i] /= scale;
        rangeEstimate /= scale;
        double sigmaOne = sigma[0], truncation = k < width ? sigma[k] : 0;
        double rounding = 10.0 * width * double.CreateTruncating(Epsilon<T>()) * sigmaOne;
        double estimate = rangeEstimate + truncation + rounding;

        var values = new T[k];
        for (int i = 0; i < k; i++) values[i] = T.CreateTruncating(sigma[i]);
        Matrix<T>? uResult = null, vtResult = null;
        if (options.ComputeVectors)
        {
            var leftSmall = BlockOps.FromDouble<T>(BlockOps.LeadingColumns<double>(smallU, width, width, k));
            var rightSmall = BlockOps.FromDouble<T>(BlockOps.LeadingColumns<double>(smallV, width, width, k));
            if (basisInverseT is not null) leftSmall = BlockOps.Times(basisInverseT, width, width, leftSmall, k, 1); // Q·Ũ = q·(R⁻¹Ũ)
            var left = BlockOps.Times(q, m, width, leftSmall, k, threads);   // M × k
            var right = BlockOps.Times(bt, n, width, rightSmall, k, threads); // N × k
            if (transposed) (left, right) = (right, left);
            int rows = transposed ? n : m, columns = transposed ? m : n;
            FixSigns(left, rows, right, columns, k);
            uResult = new Matrix<T>(left, rows, k);
            var vt = new T[k * columns];
            for (int i = 0; i < columns; i++)
                for (int j = 0; j < k; j++) vt[j * columns + i] = right[i * k + j];
            vtResult = new Matrix<T>(vt, k, columns);
        }
        string qr = string.Join("/", qrMethods.OrderBy(x => x).Select(x => x switch { ThinQrMethod.CholeskyQr2 => "CholeskyQR2", ThinQrMethod.CholeskyQr => "CholeskyQR", ThinQrMethod.ImplicitCholesky => "implicit CholeskyQR", _ => "Householder" }));
        string method = options.Method == RandomizedSvdMethod.SubspaceIteration ? "randomized subspace iteration (HMT)" : "randomized block Krylov (Musco–Musco)";
        string precision = typeof(T) == typeof(float) ? "float32 products" : sketchOperator is not null ? "float32 range finder + float64 final pass" : "float64 products";
        string algorithm = $"{method}, q={options.PowerIterations}, l={width}, QR: {qr}, small SVD: one-sided Jacobi (float64), {precision}";
        var used = typeof(T) == typeof(float) || sketchOperator is not null ? RangeFinderPrecision.Float32 : RangeFinderPrecision.Float64;
        return new RandomizedSvdResult<T>(values, uResult, vtResult, estimate, Math.Pow(10, -probes), rangeEstimate, width, algorithm, used);
    }

    private static ILinearOperator<T> Scaled<T>(ILinearOperator<T> w, double scale) where T : unmanaged, IFloatingPointIeee754<T> =>
        double.IsNaN(scale) || scale == 1 ? w : new ScaledOperator<T>(w, T.CreateTruncating(scale));

    /// <summary>The orthonormal basis Q (M × width) of the sketched range, by subspace iteration or block Krylov.</summary>
    /// <remarks>
    /// With <paramref name="orthonormalizeLast"/> false the subspace-iteration basis is only conditioned (one CholeskyQR
    /// pass). With a NaN <paramref name="scale"/>, <paramref name="w"/> is unscaled and the scale is chosen from A·Ω
    /// (returned; later products use s·A); otherwise <paramref name="w"/> already applies it.
    /// </remarks>
    /// <remarks>
    /// With <paramref name="abandonBelow"/> &gt; 0 (subspace iteration only) the basis is null when the first conditioning
    /// of A·Ω shows a Cholesky diagonal ratio below it: A·Ω is (nearly) rank-deficient, so A's spectrum falls steeply
    /// within the sketch and a float32 range finder would be rejected at the end anyway.
    /// </remarks>
    private static (TS[]? Q, int Width, double Scale) RangeFinder<TS>(ILinearOperator<TS> w, int l, RandomizedSvdOptions options, int threads, HashSet<ThinQrMethod> qrMethods,
        bool orthonormalizeLast = true, double scale = double.NaN, double abandonBelow = 0)
        where TS : unmanaged, IFloatingPointIeee754<TS>
    {
        int m = w.Rows, n = w.Columns;
        var omega = GaussianSketch.Create<TS>(n, l, options.Seed, GaussianSketch.RangeStream, threads);
        var y = GC.AllocateUninitializedArray<TS>(m * l); // overwritten by the product
        w.Apply(omega, y, l);
        BlockOps.RequireFinite<TS>(y, "A·Ω");
        if (double.IsNaN(scale))
        {
            scale = BlockOps.UnitScale(double.CreateTruncating(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude<TS>(y)));
            w = Scaled(w, scale);
            if (scale != 1) System.Numerics.Tensors.TensorPrimitives.Multiply(y, TS.CreateTruncating(scale), y);
        }
        var (basis, width) = RangeFinderIterations(w, y, l, options, threads, qrMethods, orthonormalizeLast, abandonBelow);
        return (basis, width, scale);
    }

    private static (TS[]? Q, int Width) RangeFinderIterations<TS>(ILinearOperator<TS> w, TS[] y, int l, RandomizedSvdOptions options, int threads, HashSet<ThinQrMethod> qrMethods,
        bool orthonormalizeLast, double abandonBelow)
        where TS : unmanaged, IFloatingPointIeee754<TS>
    {
        int m = w.Rows, n = w.Columns;
        if (options.Method == RandomizedSvdMethod.BlockKrylov)
            return BlockKrylovBasis(w, y, l, options.PowerIterations, threads, qrMethods);
        // Intermediate bases only need to stay well conditioned (one CholeskyQR pass); the final Q is
        // orthonormalized fully (CholeskyQR2 or Householder).
        int passes = options.PowerIterations;
        if (abandonBelow > 0)
        {
            qrMethods.Add(ThinQr.Condition(y, m, l, threads, out double ratio));
            if (ratio < abandonBelow) return (null, l);
            if (passes == 0 && orthonormalizeLast) qrMethods.Add(ThinQr.Orthonormalize(y, m, l, threads).Method);
        }
        else
            qrMethods.Add(passes == 0 && orthonormalizeLast ? ThinQr.Orthonormalize(y, m, l, threads).Method : ThinQr.Condition(y, m, l, threads));
        for (int iteration = 0; iteration < passes; iteration++)
        {
            var z = GC.AllocateUninitializedArray<TS>(n * l);
            w.ApplyTranspose(y, z, l);
            BlockOps.RequireFinite<TS>(z, "Aᵀ·Q");
            qrMethods.Add(ThinQr.Condition(z, n, l, threads));
            w.Apply(z, y, l);
            BlockOps.RequireFinite<TS>(y, "A·Z");
            qrMethods.Add(iteration + 1 == passes && orthonormalizeLast ? ThinQr.Orthonormalize(y, m, l, threads).Method : ThinQr.Condition(y, m, l, threads));
        }
        return (y, l);
    }

    private static T Epsilon<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        T.BitIncrement(T.One) - T.One;

    /// <summary>
    /// HMT eq. (4.3) applied to M = Wᵀ(I − QQᵀ), whose 2-norm is ‖(I − QQᵀ)W‖: ‖M‖ ≤ 10·√(2/π)·maxᵢ‖Mω′ᵢ‖ with
    /// probability ≥ 1 − 10^(−r), where Mω′ = Wᵀω′ − Bᵀ(Qᵀω′) comes from the same pass as Bᵀ = WᵀQ.
    /// </summary>
    /// <remarks>With <paramref name="basisInverse"/> (R⁻¹, the basis being Q = q·R⁻¹), Qᵀω′ = R⁻ᵀ(qᵀω′).</remarks>
    private static double RangeResidualBound<T>(T[] q, int m, int width, T[] omega, T[] bt, int n, T[] probeImages, int probes, int threads, double[]? basisInverse)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var coefficients = BlockOps.TransposeTimes(q, m, width, omega, probes, threads); // qᵀω′ (width × r)
        if (basisInverse is not null)
        {
            var inverseTransposed = new T[width * width];
            for (int i = 0; i < width; i++)
                for (int j = 0; j < width; j++) inverseTransposed[i * width + j] = T.CreateTruncating(basisInverse[j * width + i]);
            coefficients = BlockOps.Times(inverseTransposed, width, width, coefficients, probes, 1);
        }
        var correction = BlockOps.Times(bt, n, width, coefficients, probes, threads);      // Bᵀ(Qᵀω′) (n × r)
        double worst = 0;
        for (int j = 0; j < probes; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                double v = double.CreateTruncating(probeImages[i * probes + j]) - double.CreateTruncating(correction[i * probes + j]);
                sum += v * v;
            }
            worst = Math.Max(worst, Math.Sqrt(sum));
        }
        return 10.0 * Math.Sqrt(2.0 / Math.PI) * worst;
    }

    /// <summary>Orthonormal basis of [Y₀, (AAᵀ)Y₀, …] by block classical Gram–Schmidt with reorthogonalization.</summary>
    private static (T[] Basis, int Width) BlockKrylovBasis<T>(ILinearOperator<T> w, T[] y0, int l, int iterations, int threads, HashSet<ThinQrMethod> qrMethods)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = w.Rows, n = w.Columns;
        qrMethods.Add(ThinQr.Orthonormalize(y0, m, l, threads).Method);
        var blocks = new List<T[]> { y0 };
        var current = y0;
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            var z = new T[n * l];
            w.ApplyTranspose(current, z, l);
            BlockOps.RequireFinite<T>(z, "Aᵀ·Q");
            qrMethods.Add(ThinQr.Orthonormalize(z, n, l, threads).Method);
            var next = new T[m * l];
            w.Apply(z, next, l);
            BlockOps.RequireFinite<T>(next, "A·Z");
            var basis = Concatenate(blocks, m, l);
            int basisWidth = blocks.Count * l;
            BlockOps.ProjectOut(basis, m, basisWidth, next, l, threads);
            BlockOps.ProjectOut(basis, m, basisWidth, next, l, threads);
            qrMethods.Add(ThinQr.Orthonormalize(next, m, l, threads).Method);
            // A nearly exhausted Krylov space leaves rounding noise; one more pass keeps the new block orthogonal.
            BlockOps.ProjectOut(basis, m, basisWidth, next, l, threads);
            qrMethods.Add(ThinQr.Orthonormalize(next, m, l, threads).Method);
            blocks.Add(next);
            current = next;
        }
        return (Concatenate(blocks, m, l), blocks.Count * l);
    }

    private static T[] Concatenate<T>(List<T[]> blocks, int m, int l)
    {
        int width = blocks.Count * l;
        var result = new T[m * width];
        for (int b = 0; b < blocks.Count; b++)
            for (int i = 0; i < m; i++) blocks[b].AsSpan(i * l, l).CopyTo(result.AsSpan(i * width + b * l, l));
        return result;
    }

    /// <summary>Deterministic signs: the largest-magnitude entry of each column of U is positive (as scikit-learn's svd_flip).</summary>
    private static void FixSigns<T>(T[] u, int rows, T[] v, int vRows, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < k; j++)
        {
            int best = 0;
            T bestAbs = T.Zero;
            for (int i = 0; i < rows; i++)
            {
                T magnitude = T.Abs(u[i * k + j]);
                if (magnitude > bestAbs) { bestAbs = magnitude; best = i; }
            }
            if (u[best * k + j] >= T.Zero) continue;
            for (int i = 0; i < rows; i++) u[i * k + j] = -u[i * k + j];
            for (int i = 0; i < vRows; i++) v[i * k + j] = -v[i * k + j];
        }
    }
}

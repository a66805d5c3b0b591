namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>The Marchenko–Pastur fit of a layer ESD (WeightWatcher's mp_fit columns plus the fit's evidence).</summary>
public sealed record MarchenkoPasturFitResult
{
    /// <summary>The fitted σ of the rescaled ESD (WeightWatcher's sigma_mp).</summary>
    public required double SigmaMp { get; init; }

    /// <summary>Lower MP bulk edge λ− in the original eigenvalue units.</summary>
    public required double BulkMin { get; init; }

    /// <summary>Upper MP bulk edge λ+ in the original eigenvalue units.</summary>
    public required double BulkMax { get; init; }

    /// <summary>λ+ plus the Tracy–Widom margin, original units: eigenvalues above it are spikes.</summary>
    public required double BulkMaxTracyWidom { get; init; }

    /// <summary>Number of eigenvalues above λ+ + TW margin.</summary>
    public required int NumSpikes { get; init; }

    /// <summary>λ+ / λmax.</summary>
    public required double MpSoftrank { get; init; }

    /// <summary>The rescaling √(n)/‖W‖_F applied before the fit (WeightWatcher's W_scale).</summary>
    public required double WScale { get; init; }

    /// <summary>"MP" (Q ≠ 1: eigenvalue density) or "QC" (Q = 1: quarter-circle law on singular values).</summary>
    public required string Law { get; init; }

    /// <summary>Sum of squared KDE − law residuals at the fitted σ (WeightWatcher's objective).</summary>
    public required double Residual { get; init; }

    /// <summary>
    /// Relative residual √(Σ(law − KDE)² / Σ KDE²) over the grid points where the KDE exceeds 0.01:
    /// 0 = the law matches the density exactly; ≥ 1 = no resemblance (or a rejected σ).
    /// </summary>
    public required double RelativeResidual { get; init; }

    /// <summary>The best σ of the grid before the simplex polish.</summary>
    public required double GridSigma { get; init; }
}

/// <summary>
/// WeightWatcher's Marchenko–Pastur fit, reproduced: rescale the ESD to mean 1 (W_scale = √n/‖W‖_F), take a
/// linear-kernel KDE (bandwidth 0.1) on 1000 points of [0, max + 0.5] (singular values when Q = 1), drop the
/// points with density ≤ 0.01, and minimise Σ(law − KDE)² over σ: a grid 0.05·s … 2·s step 0.01·s
/// (s = σ that puts λ+ at λmax) then scipy's fmin polish. σ values whose bulk edges do not bracket the KDE
/// peak, or whose λ+ lies beyond the grid, score 1000 per point (WeightWatcher's rejection). Then
/// λ± = σ²(1 ± 1/√Q)², TW margin √(Q^(−1/2) λ+^(2/3) M^(−2/3)), spikes = #λ &gt; λ+ + margin, all in rescaled
/// units, and the edges are scaled back.
/// </summary>
public static class MarchenkoPasturFit
{
    private const int GridPoints = 1000;
    private const double Bandwidth = 0.1;
    private const double DensityFloor = 0.01;

    /// <summary>Fits the ESD <paramref name="eigenvalues"/> (any order, ≥ 0) of an N × M layer.</summary>
    /// <returns>The fit, or null when the rescaled density never exceeds 0.01 (WeightWatcher would raise).</returns>
    public static MarchenkoPasturFitResult? Fit(ReadOnlySpan<double> eigenvalues, int n, int m)
    {
        if (n < 1 || m < 1 || m > n) throw new ArgumentException($"Need 1 ≤ M ≤ N, got N = {n}, M = {m}.", nameof(n));
        if (eigenvalues.Length == 0) throw new ArgumentException("No eigenvalues.", nameof(eigenvalues));
        var evals = eigenvalues.ToArray();
        Array.Sort(evals);
        double sum = 0;
        foreach (double v in evals)
        {
            if (!(v >= 0) || !double.IsFinite(v)) throw new ArgumentException($"Eigenvalue {v} is negative or not finite.", nameof(eigenvalues));
            sum += v;
        }
        if (!(sum > 0)) return null;
        double q = (double)n / m;
        double wScale = Math.Sqrt(evals.Length) / Math.Sqrt(sum);
        double scale2 = wScale * wScale;
        var scaled = new double[evals.Length];
        for (int i = 0; i < evals.Length; i++) scaled[i] = scale2 * evals[i];
        double lambdaMax = scaled[^1];
        bool quarterCircle = q == 1.0;

        double sigmaScale = Math.Sqrt(lambdaMax / Square(1 + 1.0 / Math.Sqrt(q)));
        var toFit = quarterCircle ? scaled.Select(Math.Sqrt).ToArray() : scaled;
        var density = Kde.Linear(toFit, Bandwidth, GridPoints);
        var objective = new Objective(density, q, quarterCircle);
        if (objective.GoodCount == 0) return null;

        // scipy.optimize.brute over np.mgrid[slice(start, stop, step)] = np.arange(start, stop, step).
        double start = 0.05 * sigmaScale, stop = 2.0 * sigmaScale, step = 0.01 * sigmaScale;
        int count = (int)Math.Ceiling((stop - start) / step);
        double delta = (start + step) - start;
        double bestSigma = double.NaN, bestValue = double.PositiveInfinity;
        for (int i = 0; i < count; i++)
        {
            double s = i == 0 ? start : i == 1 ? start + step : start + i * delta;
            double value = objective.SumOfSquares(s);
            if (value < bestValue || double.IsNaN(bestSigma)) { bestValue = value; bestSigma = s; }
        }
        var polished = NelderMead1D.Minimize(objective.SumOfSquares, bestSigma);
        double sigma = polished.X;

        double bulkMax = Square(sigma * (1 + 1 / Math.Sqrt(q)));
        double bulkMin = Square(sigma * (1 - 1 / Math.Sqrt(q)));
        double tw = 1 / Math.Sqrt(q) * Math.Pow(bulkMax, 2.0 / 3.0) * Math.Pow(m, -2.0 / 3.0);
        double bulkMaxTw = bulkMax + Math.Sqrt(tw);
        int spikes = 0;
        foreach (double v in scaled) if (v > bulkMaxTw) spikes++;
        return new MarchenkoPasturFitResult
        {
            SigmaMp = sigma,
            BulkMin = bulkMin / scale2,
            BulkMax = bulkMax / scale2,
            BulkMaxTracyWidom = bulkMaxTw / scale2,
            NumSpikes = spikes,
            MpSoftrank = bulkMax / lambdaMax,
            WScale = wScale,
            Law = quarterCircle ? "QC" : "MP",
            Residual = objective.SumOfSquares(sigma),
            RelativeResidual = objective.RelativeResidual(sigma),
            GridSigma = bestSigma,
        };
    }

    private static double Square(double x) => x * x;

    /// <summary>WeightWatcher's resid_mp (sum of squares) with the KDE computed once (it does not depend on σ).</summary>
    private sealed class Objective
    {
        private readonly double[] _x;
        private readonly double[] _y;
        private readonly double _peakX;
        private readonly double _maxX;
        private readonly double _q;
        private readonly bool _quarterCircle;

        public Objective((double[] X, double[] Y) density, double q, bool quarterCircle)
        {
            var x = new List<double>();
            var y = new List<double>();
            for (int i = 0; i < density.X.Length; i++)
            {
                if (density.Y[i] > DensityFloor) { x.Add(density.X[i]); y.Add(density.Y[i]); }
            }
            _x = x.ToArray();
            _y = y.ToArray();
            _q = q;
            _quarterCircle = quarterCircle;
            if (_x.Length > 0)
            {
                int peak = 0;
                for (int i = 1; i < _y.Length; i++) if (_y[i] > _y[peak]) peak = i;
                _peakX = _x[peak];
                _maxX = _x.Max();
            }
        }

        public int GoodCount => _x.Length;

        public double SumOfSquares(double sigma)
        {
            double total = 0;
            if (Rejected(sigma)) return 1000.0 * 1000.0 * _x.Length;
            for (int i = 0; i < _x.Length; i++)
            {
                double r = Law(_x[i], sigma) - _y[i];
                total += r * r;
            }
            return total;
        }

        public double RelativeResidual(double sigma)
        {
            if (Rejected(sigma)) return double.PositiveInfinity;
            double num = 0, den = 0;
            for (int i = 0; i < _x.Length; i++)
            {
                double r = Law(_x[i], sigma) - _y[i];
                num += r * r;
                den += _y[i] * _y[i];
            }
            return Math.Sqrt(num / den);
        }

        private bool Rejected(double sigma)
        {
            if (_quarterCircle) return false;
            double b = Math.Pow(sigma * (1 + Math.Sqrt(1 / _q)), 2);
            double a = Math.Pow(sigma * (1 - Math.Sqrt(1 / _q)), 2);
            return b < _peakX || b > _maxX || a > _peakX;
        }

        private double Law(double x, double sigma)
        {
            double value;
            if (_quarterCircle)
                value = 1 / (Math.PI * sigma * sigma) * Math.Sqrt(4 - x * x);
            else
            {
                double y = 1 / _q;
                double b = Math.Pow(sigma * (1 + Math.Sqrt(1 / _q)), 2);
                double a = Math.Pow(sigma * (1 - Math.Sqrt(1 / _q)), 2);
                value = 1 / (2 * Math.PI * sigma * sigma * x * y) * Math.Sqrt((b - x) * (x - a));
            }
            // numpy.nan_to_num: NaN → 0, ±∞ → ±max.
            if (double.IsNaN(value)) return 0;
            if (double.IsPositiveInfinity(value)) return double.MaxValue;
            if (double.IsNegativeInfinity(value)) return double.MinValue;
            return value;
        }
    }
}

/// <summary>Kernel density estimates on a regular grid.</summary>
internal static class Kde
{
    /// <summary>
    /// The linear (triangular) kernel density (1/(n h)) Σ max(0, 1 − |x − xᵢ|/h) of sorted
    /// <paramref name="sorted"/> on numpy.linspace(0, max + 0.5, points) — sklearn's KernelDensity(kernel='linear').
    /// O(points + n + contributions) with a sliding window.
    /// </summary>
    public static (double[] X, double[] Y) Linear(double[] sorted, double bandwidth, int points)
    {
        int n = sorted.Length;
        double stop = sorted[^1] + 0.5;
        double step = stop / (points - 1);
        var x = new double[points];
        var y = new double[points];
        int lo = 0;
        for (int g = 0; g < points; g++)
        {
            double xg = g == points - 1 ? stop : g * step;
            x[g] = xg;
            while (lo < n && sorted[lo] <= xg - bandwidth) lo++;
            double sum = 0;
            for (int i = lo; i < n && sorted[i] < xg + bandwidth; i++)
            {
                double d = Math.Abs(xg - sorted[i]);
                if (d < bandwidth) sum += 1 - d / bandwidth;
            }
            y[g] = sum / (n * bandwidth);
        }
        return (x, y);
    }
}

namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>
/// The Marchenko–Pastur law of the eigenvalues of XᵀX/N for an N × M matrix X (M ≤ N, ratio y = M/N) with
/// unit-variance entries: support [(1 − √y)², (1 + √y)²], density √((b − x)(x − a)) / (2π y x). The CDF is
/// tabulated once per ratio by integrating in θ with x = a + (b − a)(1 − cos θ)/2 (smooth integrand,
/// 4096 trapezoids: CDF error below 1e-7).
/// </summary>
internal sealed class MarchenkoPasturLaw
{
    private const int Steps = 4096;
    private readonly double[] _x;
    private readonly double[] _cdf;

    public MarchenkoPasturLaw(double ratio)
    {
        if (!(ratio > 0 && ratio <= 1)) throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The MP ratio M/N must be in (0, 1].");
        Ratio = ratio;
        Lower = Square(1 - Math.Sqrt(ratio));
        Upper = Square(1 + Math.Sqrt(ratio));
        _x = new double[Steps + 1];
        _cdf = new double[Steps + 1];
        double width = Upper - Lower, previous = 0;
        for (int i = 0; i <= Steps; i++)
        {
            double theta = Math.PI * i / Steps;
            double x = Lower + width * (1 - Math.Cos(theta)) / 2;
            double sin = Math.Sin(theta);
            double f = x > 0 ? width * width / 4 * sin * sin / (2 * Math.PI * ratio * x) : 0;
            _x[i] = x;
            if (i > 0) _cdf[i] = _cdf[i - 1] + (previous + f) / 2 * (Math.PI / Steps);
            previous = f;
        }
        double total = _cdf[Steps];
        for (int i = 0; i <= Steps; i++) _cdf[i] /= total;
        Median = Quantile(0.5);
    }

    public double Ratio { get; }
    public double Lower { get; }
    public double Upper { get; }
    public double Median { get; }

    /// <summary>P(X ≤ x) by linear interpolation in the table.</summary>
    public double Cdf(double x)
    {
        if (x <= _x[0]) return 0;
        if (x >= _x[Steps]) return 1;
        int i = Array.BinarySearch(_x, x);
        if (i >= 0) return _cdf[i];
        i = ~i;
        double t = (x - _x[i - 1]) / (_x[i] - _x[i - 1]);
        return _cdf[i - 1] + t * (_cdf[i] - _cdf[i - 1]);
    }

    public double Quantile(double p)
    {
        int i = Array.BinarySearch(_cdf, p);
        if (i >= 0) return _x[i];
        i = ~i;
        if (i == 0) return _x[0];
        if (i > Steps) return _x[Steps];
        double t = (p - _cdf[i - 1]) / (_cdf[i] - _cdf[i - 1]);
        return _x[i - 1] + t * (_x[i] - _x[i - 1]);
    }

    private static double Square(double v) => v * v;
}

using SpectralCore.Analysis.Correlation;
using SpectralCore.Analysis.Tests.InPca;
using SpectralCore.Analysis.Tests.Jacobian;
using Xunit;

namespace SpectralCore.Analysis.Tests.Correlation;

public sealed class CorrelationSpectrumTests
{
    /// <summary>X = U diag(√(nλ)) Vᵀ has XᵀX/n = V diag(λ) Vᵀ exactly: known eigenvalues without any eigensolver.</summary>
    private static Matrix<double> WithEigenvalues(Random random, int n, int d, double[] lambda)
    {
        var sigma = lambda.Select(l => Math.Sqrt(n * l)).ToArray();
        return RandomMatrices.WithSingularValues(random, n, d, sigma).J;
    }

    [Theory]
    [InlineData(80, 20, 0.7)]  // n ≥ d: d × d covariance
    [InlineData(15, 50, 2.0)]  // n < d: n × n Gram
    public void Known_exponential_spectrum_is_recovered_by_either_route(int n, int d, double c)
    {
        var random = new Random(n * 1000 + d);
        int k = Math.Min(n, d);
        var lambda = Enumerable.Range(1, k).Select(i => Math.Exp(-c * i)).ToArray();
        // Keep the fitted eigenvalues well above rounding: a steep decay stops at 1e-12·λ_1.
        int usable = lambda.Count(l => l > 1e-12 * lambda[0]);
        var x = WithEigenvalues(random, n, d, lambda.Take(usable).ToArray());
        using var engine = SpectralEngine.Create();
        var spectrum = CorrelationSpectrum.Compute(engine, x, new CorrelationOptions { FitLast = usable });
        Assert.Equal(n < d, spectrum.UsedGram);
        Assert.Equal(k, spectrum.Eigenvalues.Length);
        for (int i = 0; i < usable; i++) Close.Check(lambda[i], spectrum.Eigenvalues[i], lambda[0] * 1e-5, $"λ[{i}]");
        Assert.NotNull(spectrum.Exponential);
        Close.Check(c, spectrum.Exponential!.Rate, 0, "c", rel: 1e-6);
        Assert.Equal("exponential", spectrum.Preferred!.Model);
    }

    [Fact]
    public void Non_finite_data_are_rejected()
    {
        var x = new Matrix<double>(3, 2);
        x[1, 1] = double.NaN;
        using var engine = SpectralEngine.Create();
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => CorrelationSpectrum.Compute(engine, x)).ParamName);
    }
}

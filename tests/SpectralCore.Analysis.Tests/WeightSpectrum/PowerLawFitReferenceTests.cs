using Xunit;
using SpectralCore.Analysis.WeightSpectrum;

namespace SpectralCore.Analysis.Tests.WeightSpectrum;

/// <summary>Our xmin scan against WeightWatcher's own WWFit on its own eigenvalues (fits/*.json).</summary>
public class PowerLawFitReferenceTests
{
    [Theory]
    [MemberData(nameof(WwReference.FitCases), MemberType = typeof(WwReference))]
    public void MatchesWeightWatcherFit(string name)
    {
        var evals = WwReference.Eigenvalues(name).Where(v => v > 1e-5).ToArray();
        var expected = WwReference.Fit(name);
        foreach (var mode in new[] { PowerLawScanMode.Pruned, PowerLawScanMode.Exhaustive })
        {
            var fit = PowerLawFit.Fit(evals, new PowerLawFitOptions { ScanMode = mode });
            Assert.Equal(FitStatus.Success, fit.Status);
            Close.Relative(expected.Number("alpha"), fit.Alpha, 1e-6, $"{name} {mode} alpha");
            Close.Relative(expected.Number("xmin"), fit.Xmin, 1e-6, $"{name} {mode} xmin");
            Close.Relative(expected.Number("D"), fit.D, 1e-6, $"{name} {mode} D");
            Close.Relative(expected.Number("sigma"), fit.Sigma, 1e-6, $"{name} {mode} sigma");
            Assert.Equal(expected.GetProperty("n_tail").GetInt32(), fit.TailSize);
        }
    }

    [Theory]
    [MemberData(nameof(WwReference.FitCases), MemberType = typeof(WwReference))]
    public void PrunedAndExhaustiveScansAgreeBitForBit(string name)
    {
        var evals = WwReference.Eigenvalues(name).Where(v => v > 1e-5).ToArray();
        var pruned = PowerLawFit.Fit(evals, new PowerLawFitOptions { ScanMode = PowerLawScanMode.Pruned });
        var full = PowerLawFit.Fit(evals, new PowerLawFitOptions { ScanMode = PowerLawScanMode.Exhaustive, MaxDegreeOfParallelism = 1 });
        Assert.Equal(full.Xmin, pruned.Xmin);
        Assert.Equal(full.D, pruned.D);
        Assert.Equal(full.Alpha, pruned.Alpha);
        Assert.True(pruned.FullEvaluations <= full.FullEvaluations);
    }
}

using SpectralCore.Analysis.WeightSpectrum;
using Xunit;

namespace SpectralCore.Analysis.Tests.WeightSpectrum;

/// <summary>
/// Differential: the same layer on every available backend gives the same metrics to float64 tolerance (no
/// backend down-casts). Backends that are not available here are skipped with the reason.
/// </summary>
public class BackendAgreementTests
{
    [SkippableTheory]
    [InlineData(Backend.Lapack)]
    [InlineData(Backend.Cuda)]
    public void BackendMatchesManaged(Backend backend)
    {
        Skip.IfNot(SpectralEngine.TryUse(backend, out var engine, out var reason), $"{backend} unavailable: {reason}");
        using var other = engine!;
        using var managed = SpectralEngine.Use(Backend.Managed);
        var (data, shape) = WwReference.Tensor("student_t2.5_400x900");
        var tensor = WeightTensor.FromSingle("t", shape, data);
        var options = new WeightWatcherOptions { MarchenkoPasturFit = true };
        var a = new WeightWatcherAnalyzer(managed, options).AnalyzeLayer(tensor, 1, out _)!;
        var b = new WeightWatcherAnalyzer(other, options).AnalyzeLayer(tensor, 1, out _)!;
        Close.Relative(a.Alpha, b.Alpha, 1e-9, $"{backend} alpha");
        Close.Relative(a.Xmin, b.Xmin, 1e-9, $"{backend} xmin");
        Close.Relative(a.D, b.D, 1e-9, $"{backend} D");
        Close.Relative(a.LogNorm, b.LogNorm, 1e-12, $"{backend} log_norm");
        Close.Relative(a.LambdaMax, b.LambdaMax, 1e-12, $"{backend} lambda_max");
        Close.Relative(a.MarchenkoPastur!.SigmaMp, b.MarchenkoPastur!.SigmaMp, 1e-6, $"{backend} sigma_mp");
        Assert.Equal(a.NumPlSpikes, b.NumPlSpikes);
        Assert.Equal(a.MatrixRank, b.MatrixRank);
    }
}

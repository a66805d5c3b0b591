using System.Text.Json;
using SpectralCore.Analysis.WeightSpectrum;
using Xunit;

namespace SpectralCore.Analysis.Tests.WeightSpectrum;

/// <summary>
/// Every case in tests/reference/weightwatcher through our whole pipeline (tensor → managed float64 SVD → ESD →
/// fit → metrics → MP fit) against the row WeightWatcher 0.7.5.5 produced for the same tensor.
/// </summary>
public class WeightWatcherReferenceTests
{
    private static readonly string[] FitKeys = ["alpha", "xmin", "xmax", "D", "sigma"];
    private static readonly string[] NormKeys = ["norm", "log_norm", "spectral_norm", "log_spectral_norm", "alpha_weighted", "log_alpha_norm", "stable_rank", "entropy", "lambda_max", "sv_max"];
    private static readonly string[] MpKeys = ["sigma_mp", "bulk_max", "bulk_min", "mp_softrank", "W_scale"];

    // One pipeline run per case (with the MP fit; the default row's columns are the same numbers).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<LayerMetrics>> Cache = new();

    private static LayerMetrics Analyze(string name) => Cache.GetOrAdd(name, n => new Lazy<LayerMetrics>(() => Run(n))).Value;

    private static LayerMetrics Run(string name)
    {
        var (data, shape) = WwReference.Tensor(name);
        var tensor = WeightTensor.FromSingle(name, shape, data, TensorLayout.PyTorch);
        using var engine = SpectralEngine.Use(Backend.Managed);
        var analyzer = new WeightWatcherAnalyzer(engine, new WeightWatcherOptions { MarchenkoPasturFit = true });
        var layer = analyzer.AnalyzeLayer(tensor, 1, out var reason);
        Assert.True(layer is not null, $"{name} skipped: {reason}");
        return layer!;
    }

    [Theory]
    [MemberData(nameof(WwReference.Cases), MemberType = typeof(WwReference))]
    public void DefaultRowMatchesWeightWatcher(string name)
    {
        var expected = WwReference.Row(name, "default");
        var layer = Analyze(name);
        AssertRow(name, expected, layer);
    }

    [Theory]
    [MemberData(nameof(WwReference.Cases), MemberType = typeof(WwReference))]
    public void MpFitRowMatchesWeightWatcher(string name)
    {
        var expected = WwReference.Row(name, "mp_fit");
        var layer = Analyze(name);
        AssertRow(name, expected, layer);
        var mp = layer.MarchenkoPastur;
        Assert.NotNull(mp);
        var actual = new Dictionary<string, double>
        {
            ["sigma_mp"] = mp!.SigmaMp, ["bulk_max"] = mp.BulkMax, ["bulk_min"] = mp.BulkMin,
            ["mp_softrank"] = mp.MpSoftrank, ["W_scale"] = mp.WScale,
        };
        foreach (var key in MpKeys) Close.Relative(expected.Number(key), actual[key], 1e-6, $"{name} {key}");
        Assert.Equal(expected.GetProperty("num_spikes").GetInt32(), mp.NumSpikes);
    }

    [Theory]
    [MemberData(nameof(WwReference.FitCases), MemberType = typeof(WwReference))]
    public void MpFitOfWeightWatchersEigenvaluesMatches(string name)
    {
        var expected = WwReference.Row(name, "mp_fit");
        var evals = WwReference.Eigenvalues(name);
        var mp = MarchenkoPasturFit.Fit(evals, expected.GetProperty("N").GetInt32(), expected.GetProperty("M").GetInt32());
        Assert.NotNull(mp);
        Close.Relative(expected.Number("sigma_mp"), mp!.SigmaMp, 1e-6, $"{name} sigma_mp");
        Close.Relative(expected.Number("bulk_max"), mp.BulkMax, 1e-6, $"{name} bulk_max");
        Close.Relative(expected.Number("mp_softrank"), mp.MpSoftrank, 1e-6, $"{name} mp_softrank");
        Assert.Equal(expected.GetProperty("num_spikes").GetInt32(), mp.NumSpikes);
    }

    private static void AssertRow(string name, JsonElement expected, LayerMetrics layer)
    {
        bool conv = expected.GetProperty("layer_type").GetString() == "conv2d";
        double normTolerance = conv ? 1e-6 : 1e-9;
        var actual = new Dictionary<string, double>
        {
            ["alpha"] = layer.Alpha, ["xmin"] = layer.Xmin, ["xmax"] = layer.Xmax, ["D"] = layer.D, ["sigma"] = layer.Sigma,
            ["norm"] = layer.Norm, ["log_norm"] = layer.LogNorm, ["spectral_norm"] = layer.SpectralNorm,
            ["log_spectral_norm"] = layer.LogSpectralNorm, ["alpha_weighted"] = layer.AlphaWeighted,
            ["log_alpha_norm"] = layer.LogAlphaNorm, ["stable_rank"] = layer.StableRank, ["entropy"] = layer.Entropy,
            ["lambda_max"] = layer.LambdaMax, ["sv_max"] = layer.SvMax,
        };
        foreach (var key in FitKeys) Close.Relative(expected.Number(key), actual[key], 1e-6, $"{name} {key}");
        foreach (var key in NormKeys) Close.Relative(expected.Number(key), actual[key], normTolerance, $"{name} {key}");
        // sv_min can be a tiny singular value (rank_collapse: 2.7e-7 next to 422): only absolute accuracy
        // relative to sv_max is meaningful for any SVD, ours or LAPACK's.
        double svMinError = Math.Abs(layer.SvMin - expected.Number("sv_min")) / expected.Number("sv_max");
        Assert.True(svMinError <= normTolerance, $"{name} sv_min: expected {expected.Number("sv_min"):R}, got {layer.SvMin:R}");
        Assert.Equal(expected.GetProperty("num_pl_spikes").GetInt32(), layer.NumPlSpikes);
        Assert.Equal(expected.GetProperty("matrix_rank").GetInt32(), layer.MatrixRank);
        Assert.Equal(expected.GetProperty("rank_loss").GetInt32(), layer.RankLoss);
        Assert.Equal(expected.GetProperty("weak_rank_loss").GetInt32(), layer.WeakRankLoss);
        Assert.Equal(expected.GetProperty("num_evals").GetInt32(), layer.NumEvals);
        Assert.Equal(expected.GetProperty("N").GetInt32(), layer.N);
        Assert.Equal(expected.GetProperty("M").GetInt32(), layer.M);
        Assert.Equal(expected.GetProperty("rf").GetInt32(), layer.Rf);
        Assert.Equal(expected.Number("Q"), layer.Q);
        Assert.Equal(expected.GetProperty("layer_type").GetString(), layer.LayerType);
        Assert.Equal(expected.GetProperty("status").GetString(), layer.Status);
        Assert.Equal(expected.GetProperty("warning").GetString(), layer.Warning);
    }
}

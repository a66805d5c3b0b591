using SpectralCore.Analysis.WeightSpectrum;
using Xunit;

namespace SpectralCore.Analysis.Tests.WeightSpectrum;

/// <summary>Orientation rules for PyTorch, Keras and ONNX layouts; filters; bad input.</summary>
public class LayoutAndInputTests
{
    private static readonly SpectralEngine Engine = SpectralEngine.Use(Backend.Managed, new SpectralOptions { MaxDegreeOfParallelism = 1 });

    private static LayerMetrics Analyze(WeightTensor t) =>
        new WeightWatcherAnalyzer(Engine, new WeightWatcherOptions { KeepEigenvalues = true }).AnalyzeLayer(t, 1, out var reason)
        ?? throw new InvalidOperationException(reason);

    /// <summary>(out, in, kh, kw) → (kh, kw, in, out): the same kernel in Keras order.</summary>
    private static float[] ToKeras(float[] w, int o, int i, int kh, int kw)
    {
        var k = new float[w.Length];
        for (int a = 0; a < o; a++)
            for (int b = 0; b < i; b++)
                for (int y = 0; y < kh; y++)
                    for (int x = 0; x < kw; x++)
                        k[((y * kw + x) * i + b) * o + a] = w[((a * i + b) * kh + y) * kw + x];
        return k;
    }

    [Fact]
    public void Conv2DGivesTheSameEsdInPyTorchKerasAndOnnxLayouts()
    {
        var (w, shape) = WwReference.Tensor("conv_64x32x3x3");
        var torch = Analyze(WeightTensor.FromSingle("c", shape, w, TensorLayout.PyTorch));
        var onnx = Analyze(WeightTensor.FromSingle("c", shape, w, TensorLayout.Onnx));
        var keras = Analyze(WeightTensor.FromSingle("c", [shape[2], shape[3], shape[1], shape[0]], ToKeras(w, shape[0], shape[1], shape[2], shape[3]), TensorLayout.Keras));
        foreach (var other in new[] { onnx, keras })
        {
            Assert.Equal(torch.Rf, other.Rf);
            Assert.Equal(torch.N, other.N);
            Assert.Equal(torch.M, other.M);
            Assert.Equal("conv2d", other.LayerType);
            for (int j = 0; j < torch.Eigenvalues!.Length; j++)
                Close.Relative(torch.Eigenvalues[j], other.Eigenvalues![j], 1e-12, $"eigenvalue {j}");
        }
        Assert.Equal(9, torch.Rf);
        Assert.Equal(64, torch.N);
        Assert.Equal(32, torch.M);
    }

    [Fact]
    public void Conv2DIsScaledByRootHalfAndCanBeLeftUnscaled()
    {
        var (w, shape) = WwReference.Tensor("conv_64x32x3x3");
        var t = WeightTensor.FromSingle("c", shape, w);
        var scaled = Analyze(t);
        var raw = new WeightWatcherAnalyzer(Engine, new WeightWatcherOptions { Conv2DNormalize = false }).AnalyzeLayer(t, 1, out _)!;
        Close.Relative(raw.LambdaMax * 0.5, scaled.LambdaMax, 1e-6, "λmax halves");
    }

    [Fact]
    public void Conv1DGivesTheSameEsdInPyTorchAndKerasLayouts()
    {
        int o = 24, i = 16, k = 3;
        var rng = new Random(5);
        var w = new float[o * i * k];
        for (int j = 0; j < w.Length; j++) w[j] = (float)SyntheticWeights.Normal(rng);
        var keras = new float[w.Length];
        for (int a = 0; a < o; a++)
            for (int b = 0; b < i; b++)
                for (int t = 0; t < k; t++) keras[(t * i + b) * o + a] = w[(a * i + b) * k + t];
        var torch = Analyze(WeightTensor.FromSingle("c1", [o, i, k], w, TensorLayout.PyTorch));
        var kr = Analyze(WeightTensor.FromSingle("c1", [k, i, o], keras, TensorLayout.Keras));
        Assert.Equal("conv1d", torch.LayerType);
        Assert.Equal(3, torch.Rf);
        Assert.Equal(48, torch.NumEvals);
        for (int j = 0; j < torch.Eigenvalues!.Length; j++) Close.Relative(torch.Eigenvalues[j], kr.Eigenvalues![j], 1e-12, $"eigenvalue {j}");
        // Each slice's σ² must be those of W[:, :, t] (checked on slice 0 through the solver directly).
        var slice0 = new double[o * i];
        for (int a = 0; a < o; a++) for (int b = 0; b < i; b++) slice0[a * i + b] = w[(a * i + b) * k];
        var sv = Engine.SingularValues(MatrixView<double>.RowMajor(slice0, o, i));
        foreach (double s in sv) Assert.Contains(torch.Eigenvalues, e => Math.Abs(e - s * s) <= 1e-9 * (s * s));
    }

    [Fact]
    public void DefaultFiltersFollowWeightWatcher()
    {
        var analyzer = new WeightWatcherAnalyzer(Engine);
        var tiny = WeightTensor.FromDouble("tiny", [9, 20], new double[180]);
        Assert.Null(analyzer.AnalyzeLayer(tiny, 1, out var r1));
        Assert.Contains("min_evals", r1);
        var bias = WeightTensor.FromDouble("bias", [20], new double[20]);
        Assert.Null(analyzer.AnalyzeLayer(bias, 2, out var r2));
        Assert.Contains("not a weight matrix", r2);
        var wide = WeightTensor.FromSingleLoader("wide", [10, 50001], () => throw new InvalidOperationException("must not load"));
        Assert.Null(analyzer.AnalyzeLayer(wide, 3, out var r3));
        Assert.Contains("max_N", r3);
        var many = WeightTensor.FromSingleLoader("many", [15001, 15001], () => throw new InvalidOperationException("must not load"));
        Assert.Null(analyzer.AnalyzeLayer(many, 4, out var r4));
        Assert.Contains("max_evals", r4);
    }

    [Fact]
    public void EigenvaluesBeyondFloat64AreRefusedWithAReasonNotAsNonFinite()
    {
        // σ ≈ 3e301 (weights near 1e300): σ² = +∞. The layer used to fail with "Eigenvalue Infinity is negative or not finite".
        var fromValues = Assert.Throws<ArgumentException>(() => LayerEsd.FromEigenvalues([1.0, 2.0, double.PositiveInfinity], 5, 3));
        Assert.Contains("overflow float64", fromValues.Message);
        Assert.Equal("weights", fromValues.ParamName);
        var weights = new double[6 * 4];
        for (int i = 0; i < weights.Length; i++) weights[i] = (i % 3 - 1) * 1e300 + (i == 0 ? 1e299 : 0);
        var slices = WeightSlicer.Slice(WeightTensor.FromDouble("huge", [6, 4], weights))!;
        using var engine = SpectralEngine.Create(Backend.Managed);
        var computed = Assert.Throws<ArgumentException>(() => LayerEsd.Compute(slices, new EngineSingularValueSolver(engine)));
        Assert.Contains("overflow float64", computed.Message);
        // A negative or NaN eigenvalue keeps its own message.
        Assert.Contains("negative or not finite", Assert.Throws<ArgumentException>(() => LayerEsd.FromEigenvalues([1.0, double.NaN], 5, 2)).Message);
    }

    [Fact]
    public void FailedFitIsReportedAsFailedNotOverTrained()
    {
        // All eigenvalues ≤ 1e-5: nothing to fit.
        var esd = LayerEsd.FromEigenvalues(Enumerable.Range(1, 20).Select(i => i * 1e-7).ToArray(), 30, 20);
        var layer = WeightWatcherAnalyzer.AnalyzeEsd(esd, "zeros");
        Assert.Equal("failed", layer.Status);
        Assert.Equal("", layer.Warning);
        Assert.True(double.IsNaN(layer.Alpha));
        Assert.NotNull(layer.FitFailure);
    }

    [Fact]
    public void BadInputNamesTheArgument()
    {
        Assert.Throws<ArgumentException>("shape", () => WeightTensor.FromSingle("x", [3, 4], new float[11]));
        Assert.Throws<ArgumentException>("shape", () => WeightTensor.FromSingle("x", [3, -4], new float[0]));
        Assert.Throws<ArgumentException>("values", () => PowerLawFit.Fit([1.0, double.NaN, 3.0]));
        Assert.Throws<ArgumentException>("values", () => PowerLawFit.Fit([1.0, 0.0, 3.0]));
        Assert.Throws<ArgumentOutOfRangeException>("MinTailSize", () => PowerLawFit.Fit([1.0, 2.0, 3.0], new PowerLawFitOptions { MinTailSize = 1 }));
        Assert.Throws<ArgumentException>("MinEvals", () => new WeightWatcherAnalyzer(Engine, new WeightWatcherOptions { MinEvals = 20, MaxEvals = 10 }));
        var wrongRank = WeightTensor.FromSingle("conv", [2, 3, 4], new float[24], kind: WeightLayerKind.Conv2D);
        var e = Assert.Throws<InvalidDataException>(() => new WeightWatcherAnalyzer(Engine).AnalyzeLayer(wrongRank, 1, out _));
        Assert.Contains("conv", e.Message);
        var lying = WeightTensor.FromSingleLoader("lying", [20, 30], () => new float[10]);
        var e2 = Assert.Throws<InvalidDataException>(() => new WeightWatcherAnalyzer(Engine).AnalyzeLayer(lying, 1, out _));
        Assert.Contains("lying", e2.Message);
    }

    [Fact]
    public void FitOptionsRestrictTheScan()
    {
        var evals = WwReference.Eigenvalues("student_t2.5_400x900").Where(v => v > 1e-5).ToArray();
        var full = PowerLawFit.Fit(evals);
        var ranged = PowerLawFit.Fit(evals, new PowerLawFitOptions { XminLower = full.Xmin * 1.5 });
        Assert.True(ranged.Xmin >= full.Xmin * 1.5);
        var clipped = PowerLawFit.Fit(evals, new PowerLawFitOptions { Xmax = evals[^3] });
        Assert.Equal(evals[^3], clipped.Xmax);
        var minTail = PowerLawFit.Fit(evals, new PowerLawFitOptions { MinTailSize = 200 });
        Assert.True(minTail.TailSize >= 200);
        var none = PowerLawFit.Fit(evals, new PowerLawFitOptions { XminLower = evals[^1] * 2 });
        Assert.Equal(FitStatus.Failed, none.Status);
    }
}

using SpectralCore.Analysis.Models;
using SpectralCore.Analysis.WeightSpectrum;

namespace SpectralCore.Cli.Analyze;

/// <summary>One tensor waiting to be analysed: its listing data and a lazy way to get its weights.</summary>
internal sealed record LayerInput(int Id, string Name, IReadOnlyList<long> Shape, string DataType, string? SkipReason, Func<WeightTensor>? Create)
{
    internal static LayerInput From(int id, ModelTensor tensor)
        => new(id, tensor.Name, tensor.Shape, tensor.DataType, tensor.SkipReason, tensor.IsLoadable ? tensor.ToWeightTensor : null);

    internal string ShapeText => Shape.Count == 0 ? "scalar" : string.Join("×", Shape);
}

/// <summary>What became of one layer: its metrics, or why it was skipped.</summary>
internal sealed record LayerOutcome(LayerInput Input, LayerMetrics? Metrics, string? SkipReason, TimeSpan Elapsed);

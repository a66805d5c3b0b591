using SpectralCore.Operators;

namespace SpectralCore.Benchmarks.Jacobian;

/// <summary>
/// A matrix-free m × p operator J = A·diag(s)·Bᵀ (A: m × r, B: p × r, both row-major, s_i = e^{−i/20}) standing in
/// for a network Jacobian: products cost O((m + p)·r) per vector instead of O(m·p), so a 20,000 × 200,000 J
/// (32 GB dense) fits in memory. Its nonzero singular values are not exactly s (A, B are not orthonormal).
/// </summary>
internal sealed class FactoredJacobian : ILinearOperator<double>
{
    private readonly double[] _a, _b, _s;
    private readonly int _rank;

    public FactoredJacobian(int rows, int columns, int rank, int seed)
    {
        Rows = rows;
        Columns = columns;
        _rank = rank;
        var random = new Random(seed);
        _a = new double[(long)rows * rank];
        _b = new double[(long)columns * rank];
        for (int i = 0; i < _a.Length; i++) _a[i] = (random.NextDouble() - 0.5) / Math.Sqrt(rows);
        for (int i = 0; i < _b.Length; i++) _b[i] = (random.NextDouble() - 0.5) / Math.Sqrt(columns);
        _s = Enumerable.Range(0, rank).Select(i => 100 * Math.Exp(-i / 20.0)).ToArray();
    }

    public int Rows { get; }

    public int Columns { get; }

    public void Apply(ReadOnlySpan<double> x, Span<double> y, int count) => Chain(_b, Columns, _a, Rows, x, y, count);

    public void ApplyTranspose(ReadOnlySpan<double> x, Span<double> y, int count) => Chain(_a, Rows, _b, Columns, x, y, count);

    /// <summary>y = Out·diag(s)·Inᵀ·x for blocks (row-major, count columns).</summary>
    private void Chain(double[] inFactor, int inRows, double[] outFactor, int outRows, ReadOnlySpan<double> x, Span<double> y, int count)
    {
        int r = _rank;
        var middle = new double[r * count];
        var xs = x.ToArray();
        // middle = s ⊙ (Inᵀ x): r × count, accumulated over row stripes in parallel.
        int parts = Environment.ProcessorCount;
        var partials = new double[parts][];
        Parallel.For(0, parts, part =>
        {
            var local = new double[r * count];
            int start = (int)((long)inRows * part / parts), end = (int)((long)inRows * (part + 1) / parts);
            for (int row = start; row < end; row++)
            {
                var f = inFactor.AsSpan((int)((long)row * r), r);
                var xr = xs.AsSpan(row * count, count);
                for (int i = 0; i < r; i++)
                {
                    double fi = f[i];
                    var target = local.AsSpan(i * count, count);
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(xr, fi, target, target);
                }
            }
            partials[part] = local;
        });
        foreach (var p in partials) // summed in a fixed order: deterministic for a given core count
            System.Numerics.Tensors.TensorPrimitives.Add(middle, p, middle);
        for (int i = 0; i < r; i++)
            System.Numerics.Tensors.TensorPrimitives.Multiply(middle.AsSpan(i * count, count), _s[i], middle.AsSpan(i * count, count));
        var output = new double[(long)outRows * count];
        Parallel.For(0, outRows, row =>
        {
            var f = outFactor.AsSpan((int)((long)row * r), r);
            var target = output.AsSpan(row * count, count);
            for (int i = 0; i < r; i++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(middle.AsSpan(i * count, count), f[i], target, target);
        });
        output.CopyTo(y);
    }
}

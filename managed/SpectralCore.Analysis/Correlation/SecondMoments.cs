namespace SpectralCore.Analysis.Correlation;

/// <summary>XᵀX/n and XXᵀ/n in float64 (symmetric; both triangles filled), rows computed in parallel.</summary>
internal static class SecondMoments
{
    /// <summary>XᵀX / divisor (d × d).</summary>
    public static Matrix<double> ColumnGram(Matrix<double> x, int divisor)
    {
        int n = x.Rows, d = x.Columns;
        // Transpose once so both operands of each dot product are contiguous.
        var t = new double[(long)d * n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < d; c++) t[(long)c * n + r] = x[r, c];
        return Gram(t, d, n, divisor);
    }

    /// <summary>XXᵀ / divisor (n × n).</summary>
    public static Matrix<double> RowGram(Matrix<double> x, int divisor) => Gram(x.Data, x.Rows, x.Columns, divisor);

    private static Matrix<double> Gram(double[] rows, int count, int length, int divisor)
    {
        var g = new Matrix<double>(count, count);
        double scale = 1.0 / divisor;
        Parallel.For(0, count, i =>
        {
            var a = rows.AsSpan((int)((long)i * length), length);
            for (int j = 0; j <= i; j++)
            {
                double dot = System.Numerics.Tensors.TensorPrimitives.Dot<double>(a, rows.AsSpan((int)((long)j * length), length)) * scale;
                g[i, j] = dot;
                g[j, i] = dot;
            }
        });
        return g;
    }
}

using System.Numerics;
using Xunit;

namespace SpectralCore.Tests.Infrastructure;

/// <summary>
/// The Gram route at extreme scales: σ(2^p·B) must be 2^p·σ(B) for an integer matrix B (entries below 2^9, so 2^p·B is
/// exact even among subnormals) — the route squares the matrix, so without an exact power-of-two rescaling its σ²
/// under- or overflow.
/// </summary>
internal static class GramScaling
{
    public static void Check<T>(Func<MatrixView<T>, SvdOptions, SvdResult<T>> svd, string backend, int exponent) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(1000 + exponent);
        const int m = 9, n = 6;
        var b = Enumerable.Range(0, m * n).Select(_ => (double)random.Next(-500, 501)).ToArray();
        var gram = new SvdOptions { Method = SvdMethod.Gram };
        var reference = svd(MatrixView<T>.RowMajor(b.Select(T.CreateTruncating).ToArray(), m, n), gram).SingularValues.ToArray();
        var scaled = b.Select(x => T.CreateTruncating(Math.ScaleB(x, exponent))).ToArray();
        var result = svd(MatrixView<T>.RowMajor(scaled, m, n), gram).SingularValues.ToArray();
        double eps = typeof(T) == typeof(float) ? 1.2e-7 : 2.3e-16;
        for (int i = 0; i < n; i++)
        {
            double expected = Math.ScaleB(double.CreateTruncating(reference[i]), exponent);
            double actual = double.CreateTruncating(result[i]);
            Assert.True(Math.Abs(actual - expected) <= 4 * eps * Math.Abs(expected) + 2 * double.Epsilon,
                $"{backend} {typeof(T).Name} 2^{exponent}: σ[{i}] = {actual:R}, expected {expected:R}");
        }
    }
}

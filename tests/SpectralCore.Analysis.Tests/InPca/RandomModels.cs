using SpectralCore.Analysis.Tests.Jacobian;

namespace SpectralCore.Analysis.Tests.InPca;

/// <summary>Random predictive distributions for property tests.</summary>
internal static class RandomModels
{
    /// <summary>M × N × C softmax probabilities of Gaussian logits (scale sets how peaked they are); some exact zeros when <paramref name="zeros"/>.</summary>
    public static double[] Probabilities(Random random, int m, int n, int c, double scale = 2.0, bool zeros = false)
    {
        var data = new double[m * n * c];
        for (int row = 0; row < m * n; row++)
        {
            var span = data.AsSpan(row * c, c);
            double sum = 0;
            for (int k = 0; k < c; k++)
            {
                span[k] = zeros && random.NextDouble() < 0.2 ? 0 : Math.Exp(scale * RandomMatrices.Gaussian(random));
                sum += span[k];
            }
            if (sum == 0) { span[0] = 1; sum = 1; }
            for (int k = 0; k < c; k++) span[k] /= sum;
        }
        return data;
    }

    /// <summary>The textbook formula, one log per sample: −(scale/N) Σ_i ln max(Σ_c √(p q), floor).</summary>
    public static double NaiveDistance(double[] data, int n, int c, int a, int b, double floor = 1e-6, double scale = 1.0)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double bc = 0;
            for (int k = 0; k < c; k++) bc += Math.Sqrt(data[(a * n + i) * c + k] * data[(b * n + i) * c + k]);
            sum += Math.Log(Math.Max(bc, floor));
        }
        return -scale * sum / n;
    }
}

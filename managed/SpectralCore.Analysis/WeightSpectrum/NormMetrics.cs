namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>WeightWatcher's eigenvalue-derived metrics (apply_norm_metrics and apply_esd).</summary>
internal readonly record struct NormMetrics(
    double Norm, double LogNorm, double SpectralNorm, double LogSpectralNorm, double AlphaWeighted,
    double LogAlphaNorm, double StableRank, double Entropy, int MatrixRank, int WeakRankLoss)
{
    /// <summary>Metrics of ascending eigenvalues; α-derived ones are NaN when α is NaN.</summary>
    public static NormMetrics Compute(double[] evals, double alpha, int n, double weakRankTolerance)
    {
        double norm = 0, alphaNorm = 0;
        int weak = 0;
        foreach (double v in evals)
        {
            norm += v;
            alphaNorm += Math.Pow(v, alpha);
            if (v < weakRankTolerance) weak++;
        }
        double lambdaMax = evals[^1];
        double logSpectral = Math.Log10(lambdaMax);
        var sv = new double[evals.Length];
        for (int i = 0; i < sv.Length; i++) sv[i] = Math.Sqrt(evals[i]);
        int rank = SpectrumMath.Rank(sv, sv[^1], n);
        return new NormMetrics(norm, Math.Log10(norm), lambdaMax, logSpectral, alpha * logSpectral,
            Math.Log10(alphaNorm), norm / lambdaMax, MatrixEntropy(sv, rank), rank, weak);
    }

    /// <summary>
    /// WeightWatcher 0.7.5.5's matrix entropy: p = σ²/Σσ² + 1e-10, H = −Σ p ln p / ln(rank + 1e-10). The 1e-10
    /// keeps zero eigenvalues finite; for rank 1 the quotient is huge, exactly as WeightWatcher reports it.
    /// </summary>
    private static double MatrixEntropy(double[] sv, int rank)
    {
        const double epsilon = 1e-10;
        double total = 0;
        foreach (double s in sv) total += s * s;
        double h = 0;
        foreach (double s in sv)
        {
            double p = s * s / total + epsilon;
            h -= p * Math.Log(p);
        }
        return h / Math.Log(rank + epsilon);
    }
}

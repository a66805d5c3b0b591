using SpectralCore.Kernels.Blas;

namespace SpectralCore.Kernels.Svd;

/// <summary>
/// Blocked Householder QR (the dgeqrf scheme) used to shrink a tall matrix before bidiagonalization when
/// only singular values are wanted (σ(A) = σ(R)): each panel of <see cref="PanelWidth"/> columns is copied to
/// a contiguous column-major buffer and factored there (dgeqr2), its triangular factor T is built (dlarft), and
/// the trailing columns get A₂ ← (I − V T Vᵀ)ᵀ A₂ = A₂ − V (Tᵀ (Vᵀ A₂)) with two packed GEMMs (level 3).
/// </summary>
internal static class HouseholderQR
{
    private const int PanelWidth = 32;

    /// <summary>Returns the n×n upper-triangular R (row-major) of the row-major m×n <paramref name="a"/> (m ≥ n; destroyed).</summary>
    public static double[] ReduceToR(double[] a, int m, int n, int threads)
    {
        var panel = new double[m * PanelWidth];
        var t = new double[PanelWidth * PanelWidth];
        var column = new double[PanelWidth];
        var betas = new double[PanelWidth];
        var taus = new double[PanelWidth];
        var w = new double[PanelWidth * Math.Max(n, 1)];
        for (int k0 = 0; k0 < n; k0 += PanelWidth)
        {
            int nb = Math.Min(PanelWidth, n - k0), len = m - k0;
            // Copy the panel to column-major storage: panel[j·len + i] = A[k0 + i, k0 + j].
            for (int i = 0; i < len; i++)
                for (int j = 0; j < nb; j++) panel[j * len + i] = a[(k0 + i) * n + k0 + j];
            for (int j = 0; j < nb; j++)
            {
                var x = panel.AsSpan(j * len + j, len - j);
                taus[j] = GolubKahanBidiagonalization.MakeReflector(x, out betas[j]);
                if (taus[j] == 0) continue;
                for (int c = j + 1; c < nb; c++)
                {
                    var col = panel.AsSpan(c * len + j, len - j);
                    VectorOps.Axpy(-taus[j] * VectorOps.Dot(x, col), x, col);
                }
            }
            // R's rows of this panel.
            for (int j = 0; j < nb; j++)
            {
                for (int i = 0; i < j; i++) a[(k0 + i) * n + k0 + j] = panel[j * len + i];
                a[(k0 + j) * n + k0 + j] = betas[j];
            }
            int rest = n - k0 - nb;
            if (rest == 0) break;
            // V (len×nb, unit lower trapezoidal) is the panel below its diagonal; zero the part above.
            for (int j = 0; j < nb; j++)
            {
                for (int i = 0; i < j; i++) panel[j * len + i] = 0;
                if (taus[j] == 0)
                {
                    panel.AsSpan(j * len, len).Clear();
                    panel[j * len + j] = 1.0;
                }
            }
            // T (dlarft, forward, columnwise).
            Array.Clear(t);
            for (int j = 0; j < nb; j++)
            {
                t[j * PanelWidth + j] = taus[j];
                if (taus[j] == 0 || j == 0) continue;
                for (int q = 0; q < j; q++)
                    column[q] = VectorOps.Dot(panel.AsSpan(q * len + j, len - j), panel.AsSpan(j * len + j, len - j));
                for (int r = 0; r < j; r++)
                {
                    double sum = 0;
                    for (int q = r; q < j; q++) sum += t[r * PanelWidth + q] * column[q];
                    t[r * PanelWidth + j] = -taus[j] * sum;
                }
            }
            // W = Vᵀ A₂ (nb × rest); W ← Tᵀ W; A₂ −= V W.
            int offset = k0 * n + k0 + nb;
            Gemm.Multiply(nb, rest, len, 1.0, panel, 0, len, 1, a, offset, n, 1, 0.0, w, 0, rest, threads);
            for (int i = nb - 1; i >= 0; i--)
            {
                // (Tᵀ W)[i, :] = Σ_{p ≤ i} T[p, i] W[p, :], computed bottom-up in place.
                var row = w.AsSpan(i * rest, rest);
                VectorOps.Scale(t[i * PanelWidth + i], row);
                for (int p = 0; p < i; p++) VectorOps.Axpy(t[p * PanelWidth + i], w.AsSpan(p * rest, rest), row);
            }
            Gemm.Multiply(len, rest, nb, -1.0, panel, 0, 1, len, w, 0, rest, 1, 1.0, a, offset, n, threads);
        }
        var r2 = new double[n * n];
        for (int i = 0; i < n; i++)
            Array.Copy(a, i * n + i, r2, i * n + i, n - i);
        return r2;
    }
}

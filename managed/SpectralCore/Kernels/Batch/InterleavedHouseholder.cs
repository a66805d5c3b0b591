using System.Runtime.CompilerServices;

namespace SpectralCore.Kernels.Batch;

/// <summary>
/// Householder tridiagonalization of a pack of equally sized symmetric matrices at once, SIMD across
/// matrices: element (i, j) of matrix l lives at <c>((i·n + j)·L + l)</c>, so every arithmetic instruction
/// advances L matrices by the same step of the (dsytd2) algorithm. Per-lane branches (a column that is
/// already reduced) are handled with lane selects, never with divergent control flow. Matrices must be
/// normalized (max |a_ij| ≈ 1), so the plain sums of squares neither overflow nor underflow harmfully.
/// </summary>
internal static class InterleavedHouseholder
{
    /// <summary>
    /// Reduces the pack in <paramref name="a"/> (only the lower triangle is read and updated; column k
    /// receives v_k in rows k+1.. with v_k[k+1] = 1);
    /// d, e, tau and the scratch p are n·L interleaved arrays.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Reduce<TL, TV>(double[] a, int n, double[] d, double[] e, double[] tau, double[] p)
        where TL : struct, ILanes<TV> where TV : struct
    {
        int lanes = TL.Count;
        ref double a0 = ref a[0];
        ref double p0 = ref p[0];
        var v = new double[n * lanes];
        ref double v0 = ref v[0];
        var one = TL.Broadcast(1.0);
        var minusHalf = TL.Broadcast(-0.5);
        for (int k = 0; k < n - 1; k++)
        {
            TL.Store(TL.Load(ref At(ref a0, n, lanes, k, k)), ref d[k * lanes]);
            if (k == n - 2)
            {
                TL.Store(TL.Load(ref At(ref a0, n, lanes, k + 1, k)), ref e[k * lanes]);
                TL.Store(TL.Zero, ref tau[k * lanes]);
                continue;
            }
            ref double colK = ref At(ref a0, n, lanes, 0, k);
            int stride = n * lanes;
            var alpha = TL.Load(ref Unsafe.Add(ref colK, (k + 1) * stride));
            var ss = TL.Zero;
            for (int j = k + 2; j < n; j++)
            {
                var x = TL.Load(ref Unsafe.Add(ref colK, j * stride));
                ss = TL.MultiplyAdd(x, x, ss);
            }
            var beta = TL.Subtract(TL.Zero, TL.CopySign(TL.Sqrt(TL.MultiplyAdd(alpha, alpha, ss)), alpha));
            var t = TL.SelectWhereZero(ss, TL.Zero, TL.Divide(TL.Subtract(beta, alpha), beta));
            var scale = TL.SelectWhereZero(ss, TL.Zero, TL.Divide(one, TL.Subtract(alpha, beta)));
            TL.Store(TL.SelectWhereZero(ss, alpha, beta), ref e[k * lanes]);
            TL.Store(t, ref tau[k * lanes]);
            for (int j = k + 2; j < n; j++)
            {
                ref double x = ref Unsafe.Add(ref colK, j * stride);
                TL.Store(TL.Multiply(TL.Load(ref x), scale), ref x);
            }
            TL.Store(one, ref Unsafe.Add(ref colK, (k + 1) * stride));
            // A contiguous copy of v for the inner loops.
            for (int j = k + 1; j < n; j++) TL.Store(TL.Load(ref Unsafe.Add(ref colK, j * stride)), ref Unsafe.Add(ref v0, j * lanes));
            // SYMV from the lower triangle: p = τ A₂₂ v, each stored a_ij (j < i) used for both p_i and p_j.
            for (int i = k + 1; i < n; i++) TL.Store(TL.Zero, ref Unsafe.Add(ref p0, i * lanes));
            for (int i = k + 1; i < n; i++)
            {
                ref double rowI = ref At(ref a0, n, lanes, i, 0);
                var vi = TL.Load(ref Unsafe.Add(ref v0, i * lanes));
                var acc = TL.Multiply(TL.Load(ref Unsafe.Add(ref rowI, i * lanes)), vi);
                for (int j = k + 1; j < i; j++)
                {
                    var aij = TL.Load(ref Unsafe.Add(ref rowI, j * lanes));
                    acc = TL.MultiplyAdd(aij, TL.Load(ref Unsafe.Add(ref v0, j * lanes)), acc);
                    ref double pj = ref Unsafe.Add(ref p0, j * lanes);
                    TL.Store(TL.MultiplyAdd(aij, vi, TL.Load(ref pj)), ref pj);
                }
                ref double pi = ref Unsafe.Add(ref p0, i * lanes);
                TL.Store(TL.Add(TL.Load(ref pi), acc), ref pi);
            }
            var pv = TL.Zero;
            for (int i = k + 1; i < n; i++)
            {
                ref double pi = ref Unsafe.Add(ref p0, i * lanes);
                var scaled = TL.Multiply(t, TL.Load(ref pi));
                TL.Store(scaled, ref pi);
                pv = TL.MultiplyAdd(scaled, TL.Load(ref Unsafe.Add(ref v0, i * lanes)), pv);
            }
            // w = p − ½τ(pᵀv) v, stored over p.
            var kappa = TL.Multiply(TL.Multiply(minusHalf, t), pv);
            for (int i = k + 1; i < n; i++)
            {
                ref double pi = ref Unsafe.Add(ref p0, i * lanes);
                TL.Store(TL.MultiplyAdd(kappa, TL.Load(ref Unsafe.Add(ref v0, i * lanes)), TL.Load(ref pi)), ref pi);
            }
            // A −= v wᵀ + w vᵀ on the lower triangle of the trailing block.
            for (int i = k + 1; i < n; i++)
            {
                ref double rowI = ref At(ref a0, n, lanes, i, 0);
                var vi = TL.Subtract(TL.Zero, TL.Load(ref Unsafe.Add(ref v0, i * lanes)));
                var wi = TL.Subtract(TL.Zero, TL.Load(ref Unsafe.Add(ref p0, i * lanes)));
                for (int j = k + 1; j <= i; j++)
                {
                    ref double x = ref Unsafe.Add(ref rowI, j * lanes);
                    var updated = TL.MultiplyAdd(vi, TL.Load(ref Unsafe.Add(ref p0, j * lanes)), TL.Load(ref x));
                    TL.Store(TL.MultiplyAdd(wi, TL.Load(ref Unsafe.Add(ref v0, j * lanes)), updated), ref x);
                }
            }
        }
        if (n > 0)
        {
            TL.Store(TL.Load(ref At(ref a0, n, lanes, n - 1, n - 1)), ref d[(n - 1) * lanes]);
            TL.Store(TL.Zero, ref e[(n - 1) * lanes]);
            TL.Store(TL.Zero, ref tau[(n - 1) * lanes]);
        }
    }

    /// <summary>Forms Qᵀ of every lane (interleaved n×n) by backward accumulation of the reflectors in <paramref name="a"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FormQTransposed<TL, TV>(double[] a, int n, double[] tau, double[] qt)
        where TL : struct, ILanes<TV> where TV : struct
    {
        int lanes = TL.Count;
        Array.Clear(qt);
        for (int i = 0; i < n; i++)
            for (int l = 0; l < lanes; l++) qt[(i * n + i) * lanes + l] = 1.0;
        ref double a0 = ref a[0];
        ref double q0 = ref qt[0];
        var v = new double[n * lanes];
        ref double v0 = ref v[0];
        for (int k = n - 3; k >= 0; k--)
        {
            var t = TL.Load(ref tau[k * lanes]);
            ref double colK = ref At(ref a0, n, lanes, 0, k);
            int stride = n * lanes;
            for (int j = k + 1; j < n; j++) TL.Store(TL.Load(ref Unsafe.Add(ref colK, j * stride)), ref Unsafe.Add(ref v0, j * lanes));
            for (int r = k + 1; r < n; r++)
            {
                ref double rowR = ref At(ref q0, n, lanes, r, 0);
                var acc = TL.Zero;
                for (int j = k + 1; j < n; j++)
                    acc = TL.MultiplyAdd(TL.Load(ref Unsafe.Add(ref rowR, j * lanes)), TL.Load(ref Unsafe.Add(ref v0, j * lanes)), acc);
                var s = TL.Subtract(TL.Zero, TL.Multiply(t, acc));
                for (int j = k + 1; j < n; j++)
                {
                    ref double x = ref Unsafe.Add(ref rowR, j * lanes);
                    TL.Store(TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref v0, j * lanes)), TL.Load(ref x)), ref x);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref double At(ref double origin, int n, int lanes, int i, int j) => ref Unsafe.Add(ref origin, (i * n + j) * lanes);
}

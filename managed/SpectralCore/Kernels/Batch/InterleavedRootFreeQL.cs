using System.Runtime.CompilerServices;

namespace SpectralCore.Kernels.Batch;

/// <summary>
/// Pal–Walker–Kahan root-free implicit QL on L symmetric tridiagonal matrices at once, one per SIMD lane
/// (interleaved d and e). All lanes sweep the same window [l, n−1] in lockstep, each with its own Wilkinson-type
/// shift from its top 2×2; the window's top moves down when every lane has converged there
/// (e_l² ≤ ε²|d_l d_{l+1}| or |e_l| ≤ ε‖T‖). Extra sweeps on a lane that has already converged are orthogonal
/// similarities and harmless, and a zero off-diagonal inside the window simply restarts that lane's chase
/// (which is exactly an implicit QL step on the block above it), so no per-lane control flow is needed.
/// Inputs should be normalized (‖T‖ ≈ 1).
/// </summary>
internal static class InterleavedRootFreeQL
{
    private const double Epsilon = 1.1102230246251565e-16;

    /// <summary>
    /// Overwrites d (n·L interleaved) with the eigenvalues (unsorted per lane); e (n·L) is destroyed.
    /// Sets failed[l] for lanes that did not converge within 30·n sweeps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Solve<TL, TV>(double[] d, double[] e, int n, bool[] failed) where TL : struct, ILanes<TV> where TV : struct
    {
        int lanes = TL.Count;
        if (n <= 1) return;
        ref double d0 = ref d[0];
        ref double e0 = ref e[0];
        var norm = TL.Zero;
        for (int i = 0; i < n; i++)
        {
            norm = TL.Max(norm, TL.Abs(TL.Load(ref Unsafe.Add(ref d0, i * lanes))));
            var ei = TL.Load(ref Unsafe.Add(ref e0, i * lanes));
            norm = TL.Max(norm, TL.Abs(ei));
            TL.Store(TL.Multiply(ei, ei), ref Unsafe.Add(ref e0, i * lanes)); // e now holds e²
        }
        var absoluteTolerance2 = TL.Multiply(TL.Multiply(norm, norm), TL.Broadcast(Epsilon * Epsilon));
        var eps2 = TL.Broadcast(Epsilon * Epsilon);
        var one = TL.Broadcast(1.0);
        var two = TL.Broadcast(2.0);
        int budget = 30 * n;
        for (int l = 0; l < n - 1; l++)
        {
            while (true)
            {
                var dl = TL.Load(ref Unsafe.Add(ref d0, l * lanes));
                var dl1 = TL.Load(ref Unsafe.Add(ref d0, (l + 1) * lanes));
                var el2 = TL.Load(ref Unsafe.Add(ref e0, l * lanes));
                var converged = TL.Or(
                    TL.LessThanOrEqual(el2, TL.Multiply(TL.Multiply(eps2, TL.Abs(dl)), TL.Abs(dl1))),
                    TL.LessThanOrEqual(el2, absoluteTolerance2));
                if (TL.All(converged)) break;
                if (budget-- <= 0)
                {
                    for (int lane = 0; lane < lanes; lane++)
                        if (TL.Lane(converged, lane) == 0) failed[lane] = true;
                    break;
                }
                // Per-lane shift: the eigenvalue of the top 2×2 closer to d_l (converged lanes use d_l).
                var rte = TL.SelectWhereZero(el2, one, TL.Sqrt(el2));
                var g = TL.Divide(TL.Subtract(dl1, dl), TL.Multiply(two, rte));
                var r = TL.Sqrt(TL.MultiplyAdd(g, g, one));
                var sigma = TL.Select(converged, dl, TL.Subtract(dl, TL.Divide(rte, TL.Add(g, TL.CopySign(r, g)))));
                var c = one;
                var s = TL.Zero;
                var gamma = TL.Subtract(TL.Load(ref Unsafe.Add(ref d0, (n - 1) * lanes)), sigma);
                var p = TL.Multiply(gamma, gamma);
                for (int i = n - 2; i >= l; i--)
                {
                    var bb = TL.Load(ref Unsafe.Add(ref e0, i * lanes));
                    r = TL.Add(p, bb);
                    if (i != n - 2) TL.Store(TL.Multiply(s, r), ref Unsafe.Add(ref e0, (i + 1) * lanes));
                    var oldc = c;
                    var inverse = TL.SelectWhereZero(r, TL.Zero, TL.Divide(one, r));
                    c = TL.SelectWhereZero(r, one, TL.Multiply(p, inverse));
                    s = TL.Multiply(bb, inverse);
                    var oldgam = gamma;
                    var alpha = TL.Load(ref Unsafe.Add(ref d0, i * lanes));
                    gamma = TL.Subtract(TL.Multiply(c, TL.Subtract(alpha, sigma)), TL.Multiply(s, oldgam));
                    TL.Store(TL.Add(oldgam, TL.Subtract(alpha, gamma)), ref Unsafe.Add(ref d0, (i + 1) * lanes));
                    p = TL.SelectWhereZero(c, TL.Multiply(oldc, bb), TL.Divide(TL.Multiply(gamma, gamma), TL.SelectWhereZero(c, one, c)));
                }
                TL.Store(TL.Multiply(s, p), ref Unsafe.Add(ref e0, l * lanes));
                TL.Store(TL.Add(sigma, gamma), ref Unsafe.Add(ref d0, l * lanes));
            }
            TL.Store(TL.Zero, ref Unsafe.Add(ref e0, l * lanes));
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SpectralCore.Kernels.Common;

namespace SpectralCore.Kernels.Eigen;

/// <summary>
/// Eigenvalues only of a symmetric tridiagonal by divide and conquer without eigenvectors (Cuppen's tear, LAPACK's
/// dlaed merge): T = diag(T₁', T₂') + ρ w wᵀ at the middle, w = e_{m−1} ± e_m, recursively down to blocks of
/// <see cref="LeafOrder"/>. A merge needs only the last component of T₁'s eigenvectors and the first of T₂'s (its z),
/// so each block returns its eigenvalues with the first and last components of its eigenvectors: leaves by implicit QL
/// that rotates just those two columns (O(1) per rotation), merges by deflation + the secular equation
/// (<see cref="SecularEquation"/>) and the components of the merged vectors from Gu–Eisenstat's ẑ (orthogonal to
/// working accuracy). Halves run on separate threads; the root's secular roots are shared between them. Work: the
/// serial root-free QL takes ~n² dependent steps, the leaves n·<see cref="LeafOrder"/>, the merges O(n²) SIMD
/// arithmetic with no dependency chain. Accuracy is dstedc's and QL's: each eigenvalue to O(ε‖T‖) absolutely.
/// </summary>
internal static class TridiagonalSplitValues
{
    /// <summary>
    /// From this order on values-only solves use this solver (measured, Zen 4, against the root-free QL: n = 512 equal on
    /// one thread, 1.5× on two; n = 4096 0.148 → 0.068 s on one thread, → 0.035–0.042 s on two).
    /// </summary>
    public const int MinimumOrder = 512;

    /// <summary>Blocks up to this order are solved by implicit QL (n = 4096, two threads: 32/64/128/256/512 → about 0.035/0.035/0.040/0.042/0.054 s).</summary>
    internal const int LeafOrder = 64;

    /// <summary>The algorithm text.</summary>
    public const string Algorithm = "values-only divide and conquer (tears to blocks of ≤ 64 solved by implicit QL carrying their eigenvectors' end components, deflation + secular equation merges, Gu–Eisenstat ẑ; halves on separate threads)";

    /// <summary>
    /// Overwrites <paramref name="d"/> (n) with the eigenvalues, ascending, of the tridiagonal with diagonal d and
    /// off-diagonal <paramref name="e"/> (e[i] couples i and i+1; destroyed). The input must be finite.
    /// </summary>
    public static void Values(double[] d, double[] e, int n, int threads, int leafOrder = LeafOrder)
    {
        leafOrder = Math.Max(2, leafOrder);
        if (n == 0) return;
        var (ds, es, exponent) = MatrixScaling.TridiagonalToUnitNorm(d, e, n);
        var block = Solve(ds, es, 0, n, Math.Max(1, threads), leafOrder, root: true);
        for (int i = 0; i < n; i++) d[i] = Math.ScaleB(block.Values[i], -exponent);
        Array.Sort(d, 0, n);
    }

    /// <summary>A solved block: its eigenvalues and, for each, the first and last component of its unit eigenvector.</summary>
    private readonly record struct Block(double[] Values, double[] First, double[] Last);

    private static Block Solve(double[] d, double[] e, int offset, int n, int threads, int leafOrder, bool root)
    {
        if (n <= leafOrder)
        {
            var values = d.AsSpan(offset, n).ToArray();
            var off = new double[n];
            e.AsSpan(offset, n - 1).CopyTo(off);
            var first = new double[n];
            var last = new double[n];
            first[0] = 1;
            last[n - 1] = 1;
            TridiagonalQL.ValuesAndEndComponents(values, off, n, first, last);
            return new Block(values, first, last);
        }
        int m = n / 2;
        double beta = e[offset + m - 1];
        double rho = Math.Abs(beta);
        // Tear: T = diag(T₁', T₂') + ρ w wᵀ with w = e_{m−1} + sign·e_m.
        d[offset + m - 1] -= rho;
        d[offset + m] -= rho;
        Block top = default, bottom = default;
        if (threads > 1)
        {
            int half = threads / 2;
            Parallelism.Both(
                () => top = Solve(d, e, offset, m, half, leafOrder, root: false),
                () => bottom = Solve(d, e, offset + m, n - m, threads - half, leafOrder, root: false));
        }
        else
        {
            top = Solve(d, e, offset, m, 1, leafOrder, root: false);
            bottom = Solve(d, e, offset + m, n - m, 1, leafOrder, root: false);
        }
        return Merge(top, bottom, rho, beta < 0 ? -1 : 1, threads, components: !root);
    }

    /// <summary>Eigenvalues (and end components unless not <paramref name="components"/>) of diag(T₁', T₂') + ρ w wᵀ.</summary>
    private static Block Merge(Block top, Block bottom, double rho, double sign, int threads, bool components)
    {
        int m = top.Values.Length, n = m + bottom.Values.Length;
        // Poles ascending; z = [last components of T₁'; sign · first components of T₂'] / √2 (‖z‖² = 2 folded into ρ);
        // the merged block's first components live in T₁' only, its last ones in T₂' only.
        var poles = new double[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            poles[i] = i < m ? top.Values[i] : bottom.Values[i - m];
            order[i] = i;
        }
        Array.Sort(poles, order);
        var z = new double[n];
        var first = new double[n];
        var last = new double[n];
        double half = Math.Sqrt(0.5);
        for (int p = 0; p < n; p++)
        {
            int i = order[p];
            if (i < m)
            {
                z[p] = top.Last[i] * half;
                first[p] = top.First[i];
            }
            else
            {
                z[p] = sign * bottom.First[i - m] * half;
                last[p] = bottom.Last[i - m];
            }
        }
        double r = 2 * rho;
        // A tiny merge works near 1 (exact power-of-two scaling, undone on its values), as the vectors D&C's merges do.
        int exponent = SecularEquation.ScaleTinyMerge(poles, ref r);
        var deflated = SecularEquation.Deflate(poles, z, r, SecularEquation.Tolerance(poles, z, r), (a, b, c, s) =>
        {
            (first[a], first[b]) = (c * first[a] - s * first[b], s * first[a] + c * first[b]);
            (last[a], last[b]) = (c * last[a] - s * last[b], s * last[a] + c * last[b]);
        });
        var values = new double[n];
        var outFirst = new double[n];
        var outLast = new double[n];
        var kept = new List<int>(n);
        int output = 0;
        for (int p = 0; p < n; p++)
        {
            if (!deflated[p])
            {
                kept.Add(p);
                continue;
            }
            values[output] = poles[p];
            outFirst[output] = first[p];
            outLast[output] = last[p];
            output++;
        }
        int k = kept.Count;
        if (k == 0) return new Block(Unscaled(values, exponent), outFirst, outLast);
        // The kept poles must be strictly increasing: after deflation they are sorted up to the rotations' O(tol) moves.
        kept.Sort((x, y) => poles[x] != poles[y] ? poles[x].CompareTo(poles[y]) : x.CompareTo(y));
        var dk = new double[k];
        var zk = new double[k];
        var fk = new double[k];
        var lk = new double[k];
        for (int i = 0; i < k; i++)
        {
            dk[i] = poles[kept[i]];
            zk[i] = z[kept[i]];
            fk[i] = first[kept[i]];
            lk[i] = last[kept[i]];
        }
        var originValue = new double[k];
        var tau = new double[k];
        Parallelism.For(k, threads, 64, (from, to) =>
        {
            for (int i = from; i < to; i++)
            {
                var (origin, t) = SecularEquation.Root(dk, zk, r, i);
                originValue[i] = dk[origin];
                tau[i] = t;
            }
        });
        for (int i = 0; i < k; i++) values[output + i] = originValue[i] + tau[i];
        if (components)
        {
            // Eigenvector i of D + ρ ẑ ẑᵀ is ∝ ẑ_j / (d_j − λ_i); its end components are those of the basis it combines.
            var zHat = SecularEquation.RecomputedZ(dk, zk, originValue, tau, r);
            Parallelism.For(k, threads, 64, (from, to) =>
            {
                for (int i = from; i < to; i++)
                {
                    EndComponents(dk, zHat, fk, lk, originValue[i], tau[i], out double f, out double l);
                    outFirst[output + i] = f;
                    outLast[output + i] = l;
                }
            });
        }
        return new Block(Unscaled(values, exponent), outFirst, outLast);
    }

    /// <summary>values · 2^−exponent in place (a merge's scaling undone).</summary>
    private static double[] Unscaled(double[] values, int exponent)
    {
        if (exponent != 0)
            for (int i = 0; i < values.Length; i++) values[i] = Math.ScaleB(values[i], -exponent);
        return values;
    }

    /// <summary>
    /// With u_j = ẑ_j / ((d_j − origin) − τ): (Σ f_j u_j, Σ l_j u_j) / ‖u‖ — the end components of the unit vector u
    /// in the basis whose end components are f and l.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EndComponents(ReadOnlySpan<double> d, ReadOnlySpan<double> zHat, ReadOnlySpan<double> f, ReadOnlySpan<double> l, double origin, double tau,
        out double first, out double last)
    {
        int k = d.Length, j = 0;
        double sf = 0, sl = 0, ss = 0;
        ref double dRef = ref MemoryMarshal.GetReference(d);
        ref double zRef = ref MemoryMarshal.GetReference(zHat);
        ref double fRef = ref MemoryMarshal.GetReference(f);
        ref double lRef = ref MemoryMarshal.GetReference(l);
        if (Vector512.IsHardwareAccelerated && k >= Vector512<double>.Count)
        {
            var o = Vector512.Create(origin);
            var t = Vector512.Create(tau);
            Vector512<double> vf = default, vl = default, vs = default;
            for (; j + Vector512<double>.Count <= k; j += Vector512<double>.Count)
            {
                var u = Vector512.LoadUnsafe(ref zRef, (nuint)j) / ((Vector512.LoadUnsafe(ref dRef, (nuint)j) - o) - t);
                vf = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref fRef, (nuint)j), u, vf);
                vl = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref lRef, (nuint)j), u, vl);
                vs = Vector512.FusedMultiplyAdd(u, u, vs);
            }
            sf = Vector512.Sum(vf);
            sl = Vector512.Sum(vl);
            ss = Vector512.Sum(vs);
        }
        else if (Vector256.IsHardwareAccelerated && k >= Vector256<double>.Count)
        {
            var o = Vector256.Create(origin);
            var t = Vector256.Create(tau);
            Vector256<double> vf = default, vl = default, vs = default;
            for (; j + Vector256<double>.Count <= k; j += Vector256<double>.Count)
            {
                var u = Vector256.LoadUnsafe(ref zRef, (nuint)j) / ((Vector256.LoadUnsafe(ref dRef, (nuint)j) - o) - t);
                vf = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref fRef, (nuint)j), u, vf);
                vl = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref lRef, (nuint)j), u, vl);
                vs = Vector256.FusedMultiplyAdd(u, u, vs);
            }
            sf = Vector256.Sum(vf);
            sl = Vector256.Sum(vl);
            ss = Vector256.Sum(vs);
        }
        for (; j < k; j++)
        {
            double u = zHat[j] / ((d[j] - origin) - tau);
            sf = Math.FusedMultiplyAdd(f[j], u, sf);
            sl = Math.FusedMultiplyAdd(l[j], u, sl);
            ss = Math.FusedMultiplyAdd(u, u, ss);
        }
        double inverse = 1 / Math.Sqrt(ss);
        first = sf * inverse;
        last = sl * inverse;
    }
}

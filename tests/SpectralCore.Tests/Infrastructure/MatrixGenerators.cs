using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace SpectralCore.Tests.Infrastructure;

/// <summary>The families of test matrices (shared by the managed, LAPACK and CUDA differential tests).</summary>
public enum MatrixKind
{
    /// <summary>i.i.d. N(0, 1) entries (symmetric: (G + Gᵀ)/2, the GOE).</summary>
    Gaussian,
    /// <summary>Wishart: XᵀX/p with X p×n Gaussian, p = n + 3 (general: a product X·Y/√p of Gaussians).</summary>
    Wishart,
    /// <summary>Student-t entries, ν = 1.5 (infinite variance).</summary>
    StudentT1_5,
    /// <summary>Student-t entries, ν = 2.5.</summary>
    StudentT2_5,
    /// <summary>Student-t entries, ν = 4.</summary>
    StudentT4,
    /// <summary>Signed Pareto entries with tail index 1.5.</summary>
    Pareto,
    /// <summary>Rank r = max(1, n/8) signal plus 1e-3 Gaussian noise.</summary>
    LowRankPlusNoise,
    /// <summary>Q diag(λ) Qᵀ (general: U diag(σ) Vᵀ) with Q from random reflectors and λ taking only 3 distinct values.</summary>
    RepeatedEigenvalues,
    /// <summary>Diagonal, with repeated and negative entries (general: rectangular diagonal).</summary>
    Diagonal,
    /// <summary>All zeros.</summary>
    Zero,
}

/// <summary>
/// One reproducible test matrix: family, shape, seed and a scale factor applied last (1, 1e-150 and 1e+150
/// probe over/underflow handling in float64; float32 cases use ±1e18 instead). <see cref="ToString"/> prints
/// everything needed to rebuild it, so FsCheck's counterexamples are directly replayable.
/// </summary>
public sealed record MatrixCase(MatrixKind Kind, int Rows, int Columns, ulong Seed, double Scale = 1.0)
{
    /// <summary>The case as a replayable line.</summary>
    public override string ToString() => $"{Kind} {Rows}×{Columns} seed=0x{Seed:X16} scale={Scale:R}";

    /// <summary>Row-major general matrix.</summary>
    public T[] General<T>() where T : unmanaged, IFloatingPointIeee754<T> => MatrixGenerators.Convert<T>(MatrixGenerators.GeneralDouble(this));

    /// <summary>Row-major symmetric matrix (Rows must equal Columns).</summary>
    public T[] Symmetric<T>() where T : unmanaged, IFloatingPointIeee754<T> => MatrixGenerators.Convert<T>(MatrixGenerators.SymmetricDouble(this));

    /// <summary>A row-major view of <see cref="General{T}"/>.</summary>
    public MatrixView<T> GeneralView<T>() where T : unmanaged, IFloatingPointIeee754<T> => MatrixView<T>.RowMajor(General<T>(), Rows, Columns);

    /// <summary>A row-major view of <see cref="Symmetric{T}"/>.</summary>
    public MatrixView<T> SymmetricView<T>() where T : unmanaged, IFloatingPointIeee754<T> => MatrixView<T>.RowMajor(Symmetric<T>(), Rows, Columns);
}

/// <summary>
/// Seeded, deterministic test-matrix generators (own xoshiro256** stream, so the same seed gives the same
/// matrix on every machine and .NET version), usable from plain loops (<see cref="SymmetricSweep"/>,
/// <see cref="GeneralSweep"/>) and from FsCheck (<see cref="SymmetricCases"/>, <see cref="GeneralCases"/>,
/// <see cref="Arbitraries"/>).
/// </summary>
public static class MatrixGenerators
{
    /// <summary>Every family.</summary>
    public static IReadOnlyList<MatrixKind> AllKinds { get; } = Enum.GetValues<MatrixKind>();

    /// <summary>Scales for float64 cases: 1 plus the extremes LAPACK's dlascl logic must absorb.</summary>
    public static IReadOnlyList<double> DoubleScales { get; } = [1.0, 1.0, 1.0, 1e-150, 1e+150];

    /// <summary>Scales for float32 cases (within float32's range).</summary>
    public static IReadOnlyList<double> SingleScales { get; } = [1.0, 1.0, 1.0, 1e-18, 1e+18];

    /// <summary>The symmetric n×n float64 matrix of a case (row-major, both triangles).</summary>
    public static double[] SymmetricDouble(MatrixCase c)
    {
        if (c.Rows != c.Columns) throw new ArgumentException($"A symmetric case needs Rows == Columns, got {c}.", nameof(c));
        int n = c.Rows;
        var rng = new SeededRandom(c.Seed);
        var a = new double[n * n];
        switch (c.Kind)
        {
            case MatrixKind.Wishart:
            {
                int p = n + 3;
                var x = Fill(rng, p * n, r => r.NextNormal());
                for (int i = 0; i < n; i++)
                    for (int j = 0; j <= i; j++)
                    {
                        double s = 0;
                        for (int k = 0; k < p; k++) s += x[k * n + i] * x[k * n + j];
                        a[i * n + j] = a[j * n + i] = s / p;
                    }
                break;
            }
            case MatrixKind.LowRankPlusNoise:
            {
                int r = Math.Max(1, n / 8);
                for (int t = 0; t < r; t++)
                {
                    var u = Fill(rng, n, g => g.NextNormal());
                    double weight = (t % 2 == 0 ? 1 : -1) * (10.0 + t);
                    double norm2 = 0;
                    foreach (var v in u) norm2 += v * v;
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < n; j++) a[i * n + j] += weight * u[i] * u[j] / Math.Max(norm2, 1e-300);
                }
                AddSymmetricNoise(rng, a, n, 1e-3);
                break;
            }
            case MatrixKind.RepeatedEigenvalues:
            {
                double[] levels = [-2.0, 1.0, 3.0];
                var lambda = new double[n];
                for (int i = 0; i < n; i++) lambda[i] = levels[rng.NextInt(levels.Length)];
                var q = RandomOrthogonal(rng, n);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j <= i; j++)
                    {
                        double s = 0;
                        for (int k = 0; k < n; k++) s += q[i * n + k] * lambda[k] * q[j * n + k];
                        a[i * n + j] = a[j * n + i] = s;
                    }
                break;
            }
            case MatrixKind.Diagonal:
                for (int i = 0; i < n; i++) a[i * n + i] = Math.Round(4 * rng.NextNormal()) / 2;
                break;
            case MatrixKind.Zero:
                break;
            default:
            {
                var g = Fill(rng, n * n, r => Entry(c.Kind, r));
                for (int i = 0; i < n; i++)
                    for (int j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = 0.5 * (g[i * n + j] + g[j * n + i]);
                break;
            }
        }
        Scale(a, c.Scale);
        return a;
    }

    /// <summary>The general m×n float64 matrix of a case (row-major).</summary>
    public static double[] GeneralDouble(MatrixCase c)
    {
        int m = c.Rows, n = c.Columns;
        var rng = new SeededRandom(c.Seed);
        var a = new double[m * n];
        switch (c.Kind)
        {
            case MatrixKind.Wishart:
            {
                int p = Math.Max(1, Math.Min(m, n) / 2 + 1);
                var x = Fill(rng, m * p, r => r.NextNormal());
                var y = Fill(rng, p * n, r => r.NextNormal());
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double s = 0;
                        for (int k = 0; k < p; k++) s += x[i * p + k] * y[k * n + j];
                        a[i * n + j] = s / Math.Sqrt(p);
                    }
                break;
            }
            case MatrixKind.LowRankPlusNoise:
            {
                int r = Math.Max(1, Math.Min(m, n) / 8);
                var x = Fill(rng, m * r, g => g.NextNormal());
                var y = Fill(rng, r * n, g => g.NextNormal());
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double s = 0;
                        for (int k = 0; k < r; k++) s += x[i * r + k] * y[k * n + j];
                        a[i * n + j] = s + 1e-3 * rng.NextNormal();
                    }
                break;
            }
            case MatrixKind.RepeatedEigenvalues:
            {
                int k = Math.Min(m, n);
                var u = RandomOrthogonal(rng, m);
                var v = RandomOrthogonal(rng, n);
                double[] levels = [0.5, 2.0, 2.0];
                var sigma = new double[k];
                for (int i = 0; i < k; i++) sigma[i] = levels[rng.NextInt(levels.Length)];
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double s = 0;
                        for (int t = 0; t < k; t++) s += u[i * m + t] * sigma[t] * v[j * n + t];
                        a[i * n + j] = s;
                    }
                break;
            }
            case MatrixKind.Diagonal:
                for (int i = 0; i < Math.Min(m, n); i++) a[i * n + i] = Math.Round(4 * rng.NextNormal()) / 2;
                break;
            case MatrixKind.Zero:
                break;
            default:
                for (int i = 0; i < a.Length; i++) a[i] = Entry(c.Kind, rng);
                break;
        }
        Scale(a, c.Scale);
        return a;
    }

    /// <summary>Converts a float64 array to T (rounding to nearest).</summary>
    public static T[] Convert<T>(double[] source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[source.Length];
        for (int i = 0; i < source.Length; i++) result[i] = T.CreateTruncating(source[i]);
        return result;
    }

    /// <summary>Plain-loop sweep: every kind at every size, seeds derived from <paramref name="name"/>.</summary>
    public static IEnumerable<MatrixCase> SymmetricSweep(string name, IEnumerable<int> sizes, IEnumerable<MatrixKind>? kinds = null, double scale = 1.0)
    {
        int index = 0;
        foreach (int n in sizes)
            foreach (var kind in kinds ?? AllKinds)
                yield return new MatrixCase(kind, n, n, TestSeed.For(name, index++), scale);
    }

    /// <summary>Plain-loop sweep over shapes for general matrices.</summary>
    public static IEnumerable<MatrixCase> GeneralSweep(string name, IEnumerable<(int Rows, int Columns)> shapes, IEnumerable<MatrixKind>? kinds = null, double scale = 1.0)
    {
        int index = 0;
        foreach (var (m, n) in shapes)
            foreach (var kind in kinds ?? AllKinds)
                yield return new MatrixCase(kind, m, n, TestSeed.For(name, index++), scale);
    }

    /// <summary>FsCheck generator of symmetric cases with n in 0..<paramref name="maxSize"/>.</summary>
    public static Gen<MatrixCase> SymmetricCases(int maxSize, IReadOnlyList<double> scales) =>
        from kind in Gen.Elements(AllKinds.ToArray())
        from n in Gen.Frequency((1, Gen.Choose(0, 2)), (6, Gen.Choose(0, maxSize)))
        from seed in SeedGen
        from scale in Gen.Elements(scales.ToArray())
        select new MatrixCase(kind, n, n, seed, scale);

    /// <summary>FsCheck generator of general cases with shapes up to maxRows × maxColumns (tall, wide, square, empty).</summary>
    public static Gen<MatrixCase> GeneralCases(int maxRows, int maxColumns, IReadOnlyList<double> scales) =>
        from kind in Gen.Elements(AllKinds.ToArray())
        from m in Gen.Frequency((1, Gen.Choose(0, 2)), (6, Gen.Choose(0, maxRows)))
        from n in Gen.Frequency((1, Gen.Choose(0, 2)), (6, Gen.Choose(0, maxColumns)))
        from seed in SeedGen
        from scale in Gen.Elements(scales.ToArray())
        select new MatrixCase(kind, m, n, seed, scale);

    // Seeds come from FsCheck's own (replayable) stream mixed with the base seed, so either replay works.
    private static Gen<ulong> SeedGen =>
        from hi in Gen.Choose(int.MinValue, int.MaxValue)
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        select TestSeed.SplitMix(((ulong)(uint)hi << 32 | (uint)lo) ^ TestSeed.Base);

    /// <summary>FsCheck arbitraries: register with <c>[Property(Arbitrary = new[] { typeof(MatrixGenerators.Arbitraries) })]</c>.</summary>
    public static class Arbitraries
    {
        /// <summary>Symmetric float64 cases, n ≤ 48, all scales.</summary>
        public static Arbitrary<MatrixCase> Symmetric() => SymmetricCases(48, DoubleScales).ToArbitrary();
    }

    private static double Entry(MatrixKind kind, SeededRandom rng) => kind switch
    {
        MatrixKind.StudentT1_5 => rng.NextStudentT(1.5),
        MatrixKind.StudentT2_5 => rng.NextStudentT(2.5),
        MatrixKind.StudentT4 => rng.NextStudentT(4.0),
        MatrixKind.Pareto => rng.NextSignedPareto(1.5),
        _ => rng.NextNormal(),
    };

    private static double[] Fill(SeededRandom rng, int count, Func<SeededRandom, double> next)
    {
        var x = new double[count];
        for (int i = 0; i < count; i++) x[i] = next(rng);
        return x;
    }

    private static void AddSymmetricNoise(SeededRandom rng, double[] a, int n, double level)
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double v = level * rng.NextNormal();
                a[i * n + j] += v;
                if (i != j) a[j * n + i] += v;
            }
    }

    /// <summary>A random orthogonal n×n matrix (row-major) as a product of three random Householder reflectors.</summary>
    private static double[] RandomOrthogonal(SeededRandom rng, int n)
    {
        var q = new double[n * n];
        for (int i = 0; i < n; i++) q[i * n + i] = 1;
        for (int r = 0; r < 3 && n > 1; r++)
        {
            var v = Fill(rng, n, g => g.NextNormal());
            double vv = 0;
            foreach (var x in v) vv += x * x;
            // Q ← Q (I − 2 v vᵀ / vᵀv)
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += q[i * n + k] * v[k];
                s *= 2 / vv;
                for (int k = 0; k < n; k++) q[i * n + k] -= s * v[k];
            }
        }
        return q;
    }

    private static void Scale(double[] a, double scale)
    {
        if (scale == 1.0) return;
        for (int i = 0; i < a.Length; i++) a[i] *= scale;
    }
}

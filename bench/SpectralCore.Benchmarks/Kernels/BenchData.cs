using System.Numerics;

namespace SpectralCore.Benchmarks.Kernels;

/// <summary>Seeded benchmark inputs and the list of backends that can run on this machine.</summary>
public static class BenchData
{
    /// <summary>Seed of every generated matrix.</summary>
    public const int Seed = 20260123;

    /// <summary>Backends available here whose eigen path works (Managed always; Lapack/Cuda when present).</summary>
    public static IEnumerable<Backend> AvailableBackends()
    {
        yield return Backend.Managed;
        foreach (var backend in new[] { Backend.Lapack, Backend.Cuda })
        {
            if (!SpectralEngine.TryUse(backend, out var engine, out _)) continue;
            using (engine)
            {
                bool works;
                try
                {
                    engine!.EigenSymmetric(MatrixView<double>.RowMajor([2, 1, 1, 2], 2, 2), EigenOptions.ValuesOnly);
                    works = true;
                }
                catch (SpectralException)
                {
                    works = false;
                }
                if (works) yield return backend;
            }
        }
    }

    /// <summary>Seeded N(0, 1) entries.</summary>
    public static T[] Gaussian<T>(int count, int seed = Seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var x = new T[count];
        for (int i = 0; i < count; i++)
        {
            double u = 1.0 - random.NextDouble(), v = random.NextDouble();
            x[i] = T.CreateTruncating(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }
        return x;
    }

    /// <summary>A seeded symmetric (GOE) n×n matrix, row-major.</summary>
    public static T[] Symmetric<T>(int n, int seed = Seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = Gaussian<T>(n * n, seed);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) g[i * n + j] = g[j * n + i];
        return g;
    }
}

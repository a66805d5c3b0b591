using SpectralCore.IO;

namespace SpectralCore.Benchmarks.WeightSpectrum;

/// <summary>
/// Inputs shared with bench/compare/ww_pipeline.py: the .npy files it writes into WW_BENCH_DIR (default
/// /tmp/wwbench). Run the Python script first so both sides time the same matrices.
/// </summary>
internal static class WwBenchData
{
    public static string Directory => Environment.GetEnvironmentVariable("WW_BENCH_DIR") ?? "/tmp/wwbench";

    public static (float[] Data, int Rows, int Cols) Layer(string shape)
    {
        var path = Path.Combine(Directory, shape + ".npy");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} not found: run `python3 bench/compare/ww_pipeline.py {Directory}` first.", path);
        var array = NpyFile.Read(path);
        return (array.ToArray<float>(), checked((int)array.Shape[0]), checked((int)array.Shape[1]));
    }

    public static double[] FitEigenvalues(int n)
    {
        var path = Path.Combine(Directory, $"fit_{n}.npy");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} not found: run `python3 bench/compare/ww_pipeline.py {Directory}` first.", path);
        return NpyFile.Read(path).ToArray<double>();
    }
}

using Xunit;
using SpectralCore.IO;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Kernels;

/// <summary>
/// σ² of the WeightWatcher case matrices against tests/reference/weightwatcher/fits/*.npy (sorted eigenvalues
/// computed by numpy's float64 SVD outside this project).
/// </summary>
public class ReferenceSpectraTests
{
    private static readonly ManagedBackend Backend = new(new SpectralOptions { MaxDegreeOfParallelism = 2 });

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ReferenceData.Path("weightwatcher", "fits"), "*.npy").OrderBy(f => f, StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SquaredSingularValuesMatchNumpy(string name)
    {
        var expected = NpyFile.Read(ReferenceData.Path("weightwatcher", "fits", name + ".npy")).ToArray<double>();
        var w = NpyFile.Read(ReferenceData.Path("weightwatcher", name + ".npy")).ToMatrix<double>(name);
        Assert.Equal(Math.Min(w.Rows, w.Columns), expected.Length);
        double max = expected.Max();
        foreach (var method in new[] { SvdMethod.Bidiagonal, SvdMethod.Gram })
        {
            var s = Backend.Svd(w.View, new SvdOptions { Method = method }).SingularValues;
            var lambda = s.Select(x => x * x).OrderBy(x => x).ToArray();
            // Bidiagonal: ~1e-10 relative; Gram: the same for the bulk, absolute ~1e-12·λmax near zero.
            double relative = 1e-10, absolute = method == SvdMethod.Gram ? 1e-12 * max : 1e-13 * max;
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(lambda[i] - expected[i]) <= relative * expected[i] + absolute,
                    $"{name} ({method}): λ[{i}] = {lambda[i]:R}, numpy {expected[i]:R}");
        }
    }
}

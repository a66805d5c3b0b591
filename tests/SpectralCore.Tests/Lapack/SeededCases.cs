using FsCheck;
using FsCheck.Fluent;

namespace SpectralCore.Tests.Lapack;

/// <summary>
/// Runs a seeded case as an FsCheck property: FsCheck draws the seeds (and prints the failing one); setting
/// SPECTRAL_TEST_SEED replays exactly that seed. Every failure message names the seed.
/// </summary>
internal static class SeededCases
{
    internal const string SeedVariable = "SPECTRAL_TEST_SEED";

    internal static void Check(string name, int cases, Action<int> body)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out int fixedSeed))
        {
            Run(name, fixedSeed, body);
            return;
        }
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed => Run(name, seed, body))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(cases));
    }

    private static void Run(string name, int seed, Action<int> body)
    {
        try
        {
            body(seed);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{name} failed for {SeedVariable}={seed}: {e.Message}");
        }
    }
}

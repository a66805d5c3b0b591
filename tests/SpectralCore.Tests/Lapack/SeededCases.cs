using FsCheck;
using FsCheck.Fluent;
using SpectralCore.Tests.Infrastructure;

namespace SpectralCore.Tests.Lapack;

/// <summary>
/// Runs a seeded case as an FsCheck property. Each case seed mixes FsCheck's draw with the run's base seed
/// (SPECTRAL_TEST_SEED, see <see cref="TestSeed"/>); every failure message prints the case seed and the base
/// seed, and setting SPECTRAL_CASE_SEED to a printed case seed replays exactly that case.
/// </summary>
internal static class SeededCases
{
    internal const string CaseSeedVariable = "SPECTRAL_CASE_SEED";

    internal static void Check(string name, int cases, Action<int> body)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable(CaseSeedVariable), out int fixedSeed))
        {
            Run(name, fixedSeed, body);
            return;
        }
        Prop.ForAll(Gen.Choose(int.MinValue, int.MaxValue).ToArbitrary(),
                drawn => Run(name, (int)(TestSeed.SplitMix((ulong)(uint)drawn ^ TestSeed.Base) & 0x7FFF_FFFF), body))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(cases));
    }

    private static void Run(string name, int seed, Action<int> body)
    {
        try
        {
            body(seed);
        }
        catch (Exception e) when (e is not Xunit.SkipException)
        {
            throw new Xunit.Sdk.XunitException(
                $"{name} failed for {CaseSeedVariable}={seed} (base {TestSeed.EnvironmentVariable}=0x{TestSeed.Base:X16}): {e.Message}");
        }
    }
}

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SpectralCore.Benchmarks.InPca;

/// <summary>
/// One cold invocation, in process: the InPCA and Jacobian cases take minutes each on a 2-core machine, so repeated
/// iterations are unaffordable, and the in-process toolchain avoids a second build (which times out on a loaded
/// machine). Numbers are single measurements, reported as such.
/// </summary>
internal sealed class ColdSingleShotConfig : ManualConfig
{
    public ColdSingleShotConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1).WithWarmupCount(0).WithIterationCount(1).WithInvocationCount(1).WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
    }
}

using Xunit;
using SpectralCore.Kernels;

namespace SpectralCore.Tests.Kernels;

/// <summary>The two-task helper the divide-and-conquer solvers split their halves with reports a failure as itself.</summary>
public class ParallelismTests
{
    [Fact]
    public void BothRunsTheTwoActionsAndRethrowsAFailureUnwrapped()
    {
        int ran = 0;
        Parallelism.Both(() => Interlocked.Increment(ref ran), () => Interlocked.Increment(ref ran));
        Assert.Equal(2, ran);
        var first = Assert.Throws<NonConvergenceException>(() => Parallelism.Both(() => throw new NonConvergenceException("top half"), () => { }));
        Assert.Equal("top half", first.Message);
        var second = Assert.Throws<InvalidOperationException>(() => Parallelism.Both(() => { }, () => throw new InvalidOperationException("bottom half")));
        Assert.Equal("bottom half", second.Message);
    }
}

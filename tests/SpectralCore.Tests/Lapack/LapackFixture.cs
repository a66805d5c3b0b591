using SpectralCore.Interop;
using Xunit;

namespace SpectralCore.Tests.Lapack;

/// <summary>Creates the LAPACK backend, or skips the test with the reason it is unavailable.</summary>
internal static class LapackFixture
{
    internal static LapackBackend Create(int? threads = null)
    {
        Skip.IfNot(NativeLibraryLoader.IsAvailable, $"lapack tests skipped: libspectral not loaded ({NativeLibraryLoader.Status.Problem})");
        var probe = NativeContext.Query(Backend.Lapack);
        Skip.If(probe is null || !probe.Available, $"lapack tests skipped: {probe?.Reason}");
        return new LapackBackend(new SpectralOptions { MaxDegreeOfParallelism = threads });
    }
}

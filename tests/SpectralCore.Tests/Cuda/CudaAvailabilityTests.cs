using System.Runtime.InteropServices;
using SpectralCore.Interop;
using Xunit;

namespace SpectralCore.Tests.Cuda;

/// <summary>
/// What the Cuda backend says about this machine: the exact reason when it is unavailable (the same text
/// `spectral info` prints), and the device list when it is available. These run everywhere.
/// </summary>
public sealed class CudaAvailabilityTests
{
    private static BackendDescription CudaDescription() => SpectralEngine.Describe().Single(d => d.Backend == Backend.Cuda);

    private static bool DriverLoadable()
    {
        if (!NativeLibrary.TryLoad("libcuda.so.1", out var handle)) return false;
        // Left loaded on purpose: unloading a GPU driver library that may have started threads is unsafe.
        GC.KeepAlive(handle);
        return true;
    }

    [SkippableFact]
    public void UnavailableCudaSaysExactlyWhy()
    {
        Skip.IfNot(NativeLibraryLoader.IsAvailable, $"libspectral not loaded: {NativeLibraryLoader.Status.Problem}");
        var cuda = CudaDescription();
        if (cuda.Available)
        {
            Assert.Equal("", cuda.Reason);
            Assert.Contains("device 0: ", cuda.Details);
            Assert.Contains("CUDA runtime ", cuda.Version);
            return;
        }
        Assert.StartsWith("cuda: ", cuda.Reason);
        if (!DriverLoadable() && !cuda.Reason.Contains("built without CUDA headers"))
            Assert.Equal("cuda: libcuda.so.1 not found (no NVIDIA driver installed)", cuda.Reason);
    }

    [SkippableFact]
    public void ExplicitCudaWithoutDeviceThrowsWithTheReason()
    {
        Skip.IfNot(NativeLibraryLoader.IsAvailable, $"libspectral not loaded: {NativeLibraryLoader.Status.Problem}");
        var cuda = CudaDescription();
        Skip.If(cuda.Available, "a CUDA device is available here");
        var error = Assert.Throws<BackendUnavailableException>(() => SpectralEngine.Use(Backend.Cuda));
        Assert.Equal(Backend.Cuda, error.Backend);
        Assert.Contains(cuda.Reason, error.Message);
        Assert.False(SpectralEngine.TryUse(Backend.Cuda, out var engine, out var reason));
        Assert.Null(engine);
        Assert.Contains(cuda.Reason, reason);
    }

    [SkippableFact]
    public void AutoDoesNotPickAnUnavailableCuda()
    {
        Skip.IfNot(NativeLibraryLoader.IsAvailable, $"libspectral not loaded: {NativeLibraryLoader.Status.Problem}");
        Skip.If(Environment.GetEnvironmentVariable(BackendSelector.EnvironmentVariable) is { Length: > 0 }, "SPECTRAL_BACKEND is set");
        var cuda = CudaDescription();
        var resolved = BackendSelector.Resolve(Backend.Auto);
        if (cuda.Available) Assert.Equal(Backend.Cuda, resolved);
        else Assert.NotEqual(Backend.Cuda, resolved);
    }
}

using System.Runtime.InteropServices;
using SpectralCore.Interop;
using Xunit;

namespace SpectralCore.Tests.Interop;

/// <summary>The C ABI seen through P/Invoke: versions, status strings, contexts, backend discovery, errors.</summary>
public sealed class AbiTests
{
    private static void RequireNative()
    {
        Skip.IfNot(NativeLibraryLoader.IsAvailable, $"libspectral not loaded: {NativeLibraryLoader.Status.Problem}");
    }

    [SkippableFact]
    public void AbiVersionMatchesTheManagedExpectation()
    {
        RequireNative();
        Assert.Equal(NativeLibraryLoader.ExpectedAbiMajor, NativeMethods.AbiVersion() >> 16);
        Assert.Equal(NativeMethods.AbiVersion(), NativeLibraryLoader.Status.AbiVersion);
        Assert.False(string.IsNullOrEmpty(Marshal.PtrToStringUTF8(NativeMethods.VersionString())));
    }

    [SkippableFact]
    public void StatusStringsNameEveryCode()
    {
        RequireNative();
        Assert.Equal("SPECTRAL_STATUS_OK", NativeStatus.StatusName(NativeStatus.Ok));
        Assert.Equal("SPECTRAL_STATUS_INVALID_ARGUMENT", NativeStatus.StatusName(NativeStatus.InvalidArgument));
        Assert.Equal("SPECTRAL_STATUS_UNAVAILABLE", NativeStatus.StatusName(NativeStatus.Unavailable));
        Assert.Equal("SPECTRAL_STATUS_NOT_CONVERGED", NativeStatus.StatusName(NativeStatus.NotConverged));
        Assert.Equal("unknown status", NativeStatus.StatusName(999));
    }

    [SkippableFact]
    public void DestroyNullIsANoOp()
    {
        RequireNative();
        NativeMethods.ContextDestroy(IntPtr.Zero);
        using var empty = new NativeContextHandle();
        Assert.True(empty.IsInvalid);
    }

    [SkippableFact]
    public unsafe void InvalidArgumentsReturnTheRightStatusAndMessage()
    {
        RequireNative();
        int status = NativeMethods.ContextCreate(NativeMethods.BackendLapack, null, out _);
        Assert.True(status is NativeStatus.Ok or NativeStatus.Unavailable);
        if (status == NativeStatus.Ok)
        {
            // Created with default options: release it.
            status = NativeMethods.ContextCreate(NativeMethods.BackendLapack, null, out var raw);
            NativeMethods.ContextDestroy(raw);
        }
        var options = new NativeContextOptions();
        Assert.Equal(NativeStatus.Ok, NativeMethods.ContextOptionsInit(&options));
        options.NumThreads = -1;
        Assert.Equal(NativeStatus.InvalidArgument, NativeMethods.ContextCreate(NativeMethods.BackendLapack, &options, out var none));
        Assert.Equal(IntPtr.Zero, none);
        Assert.Contains("num_threads", NativeStatus.LastError());

        Assert.Equal(NativeStatus.InvalidArgument, NativeMethods.ContextCreate(42, null, out _));
        Assert.Contains("backend", NativeStatus.LastError());

        var info = new NativeBackendInfo { StructSize = 7 };
        Assert.Equal(NativeStatus.InvalidArgument, NativeMethods.BackendQuery(NativeMethods.BackendLapack, &info));
        Assert.Contains("struct_size", NativeStatus.LastError());
    }

    [SkippableFact]
    public void StatusMapsToOneExceptionTypeEach()
    {
        RequireNative();
        Assert.IsType<ArgumentException>(NativeStatus.ToException(NativeStatus.InvalidArgument, "x", Backend.Lapack));
        Assert.IsType<BackendUnavailableException>(NativeStatus.ToException(NativeStatus.Unavailable, "x", Backend.Cuda));
        Assert.IsType<NonConvergenceException>(NativeStatus.ToException(NativeStatus.NotConverged, "x", Backend.Lapack));
        Assert.IsType<BackendNotSupportedException>(NativeStatus.ToException(NativeStatus.Unsupported, "x", Backend.Lapack));
        Assert.IsType<NativeBackendException>(NativeStatus.ToException(NativeStatus.BackendError, "x", Backend.Lapack));
        Assert.IsType<OutOfMemoryException>(NativeStatus.ToException(NativeStatus.OutOfMemory, "x", Backend.Lapack));
    }

    [SkippableFact]
    public void UnavailableBackendsSayWhy()
    {
        RequireNative();
        foreach (var d in SpectralEngine.Describe().Where(d => !d.Available))
        {
            Assert.StartsWith(d.Backend.ToString().ToLowerInvariant() + ":", d.Reason);
            var e = Assert.Throws<BackendUnavailableException>(() => SpectralEngine.Use(d.Backend));
            Assert.Contains(d.Backend.ToString().ToLowerInvariant(), e.Message);
        }
    }

    [Fact]
    public void ManagedIsAlwaysDescribedAsAvailable()
    {
        var managed = Assert.Single(SpectralEngine.Describe(), d => d.Backend == Backend.Managed);
        Assert.True(managed.Available);
        Assert.Equal(3, SpectralEngine.Describe().Count);
    }

    [Fact]
    public void BackendNamesParseAndBadNamesNameTheArgument()
    {
        Assert.Equal(Backend.Lapack, BackendSelector.Parse("LAPACK"));
        Assert.Equal(Backend.Managed, BackendSelector.Parse(" managed "));
        var e = Assert.Throws<ArgumentException>(() => BackendSelector.Parse("gpu", "SPECTRAL_BACKEND"));
        Assert.Equal("SPECTRAL_BACKEND", e.ParamName);
    }

    [Fact]
    public void AutoResolvesToAnAvailableBackend()
    {
        var chosen = BackendSelector.Resolve(Backend.Auto);
        var described = SpectralEngine.Describe().Single(d => d.Backend == chosen);
        Assert.True(described.Available);
    }
}

using System.Runtime.InteropServices;

namespace SpectralCore.Interop;

/// <summary>Owns a spectral_context*; releases it with spectral_context_destroy exactly once.</summary>
internal sealed class NativeContextHandle : SafeHandle
{
    public NativeContextHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    internal NativeContextHandle(nint handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.ContextDestroy(handle);
        return true;
    }
}

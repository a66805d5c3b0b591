using System.Runtime.InteropServices;

namespace SpectralCore.Interop;

/// <summary>
/// Private P/Invoke declarations for libspectral (native/include/spectral.h). Callers go through the
/// validating wrappers (<see cref="NativeLibraryLoader"/>, <see cref="NativeContext"/>, <see cref="NativeStatus"/>),
/// never through these directly.
/// </summary>
internal static partial class NativeMethods
{
    internal const string LibraryName = "spectral";

    internal const int BackendLapack = 1;
    internal const int BackendCuda = 2;

    internal const int DtypeFloat32 = 1;
    internal const int DtypeFloat64 = 2;

    [LibraryImport(LibraryName, EntryPoint = "spectral_abi_version")]
    internal static partial uint AbiVersion();

    [LibraryImport(LibraryName, EntryPoint = "spectral_version_string")]
    internal static partial nint VersionString();

    [LibraryImport(LibraryName, EntryPoint = "spectral_status_string")]
    internal static partial nint StatusString(int status);

    [LibraryImport(LibraryName, EntryPoint = "spectral_last_error")]
    internal static partial nint LastError();

    [LibraryImport(LibraryName, EntryPoint = "spectral_backend_query")]
    internal static unsafe partial int BackendQuery(int backend, NativeBackendInfo* info);

    [LibraryImport(LibraryName, EntryPoint = "spectral_context_options_init")]
    internal static unsafe partial int ContextOptionsInit(NativeContextOptions* options);

    [LibraryImport(LibraryName, EntryPoint = "spectral_context_create")]
    internal static unsafe partial int ContextCreate(int backend, NativeContextOptions* options, out nint context);

    [LibraryImport(LibraryName, EntryPoint = "spectral_context_destroy")]
    internal static partial void ContextDestroy(nint context);

    [LibraryImport(LibraryName, EntryPoint = "spectral_context_backend")]
    internal static partial int ContextBackend(NativeContextHandle context);

    [LibraryImport(LibraryName, EntryPoint = "spectral_syev_batched")]
    internal static unsafe partial int SyevBatched(NativeContextHandle context, int dtype, int layout, int uplo, int job,
        long count, long* n, void* a, long aLength, long* aOffsets, void* w, long wLength, long* wOffsets,
        void* v, long vLength, long* vOffsets, int* info);

    [LibraryImport(LibraryName, EntryPoint = "spectral_syev_range_batched")]
    internal static unsafe partial int SyevRangeBatched(NativeContextHandle context, int dtype, int layout, int uplo, int job,
        long count, long* n, long* il, long* iu, void* a, long aLength, long* aOffsets, void* w, long wLength, long* wOffsets,
        void* v, long vLength, long* vOffsets, int* info);

    [LibraryImport(LibraryName, EntryPoint = "spectral_gesvd_batched")]
    internal static unsafe partial int GesvdBatched(NativeContextHandle context, int dtype, int layout, int job, long count,
        long* m, long* n, void* a, long aLength, long* aOffsets, void* s, long sLength, long* sOffsets,
        void* u, long uLength, long* uOffsets, void* vt, long vtLength, long* vtOffsets, int* info);

    [LibraryImport(LibraryName, EntryPoint = "spectral_syev")]
    internal static unsafe partial int Syev(NativeContextHandle context, int dtype, int layout, int uplo, int job,
        long n, void* a, long lda, void* w, void* v, long ldv);

    [LibraryImport(LibraryName, EntryPoint = "spectral_gesvd")]
    internal static unsafe partial int Gesvd(NativeContextHandle context, int dtype, int layout, int job, long m, long n,
        void* a, long lda, void* s, void* u, long ldu, void* vt, long ldvt);

    [LibraryImport(LibraryName, EntryPoint = "spectral_gram_eigenvalues")]
    internal static unsafe partial int GramEigenvalues(NativeContextHandle context, int dtype, int layout, long m, long n, void* a, long lda, double* w);

    [LibraryImport(LibraryName, EntryPoint = "spectral_gesvdr")]
    internal static unsafe partial int Gesvdr(NativeContextHandle context, int dtype, int layout, long m, long n, long k,
        long oversample, long powerIterations, ulong seed, void* a, long lda, void* s, void* u, long ldu, void* vt, long ldvt);
}

/// <summary>Mirror of spectral_backend_info (blittable; strings are NUL-terminated UTF-8).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeBackendInfo
{
    public uint StructSize;
    public int Available;
    public fixed byte Reason[512];
    public fixed byte Library[512];
    public fixed byte Version[256];
    public fixed byte Details[2048];
}

/// <summary>Mirror of spectral_context_options.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeContextOptions
{
    public uint StructSize;
    public int NumThreads;
    public int DeviceOrdinal;
    public int Flags;
}

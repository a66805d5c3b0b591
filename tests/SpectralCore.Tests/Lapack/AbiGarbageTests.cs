using SpectralCore.Interop;
using Xunit;

namespace SpectralCore.Tests.Lapack;

/// <summary>
/// The compute ABI called through P/Invoke with garbage scalars: random enums, negative and overflowing sizes,
/// offsets beyond the buffers, NULLs, values-only calls with vector buffers. Buffers are real and their
/// declared lengths honest (no ABI can survive a wild pointer), so every call must return OK or
/// INVALID_ARGUMENT with a message — and never crash the test process.
/// </summary>
public sealed class AbiGarbageTests
{
    private static readonly long[] Sizes = { -7, -1, 0, 1, 2, 3, 5, 8, long.MaxValue, long.MinValue, long.MaxValue / 2, 1L << 32 };

    private static long Pick(Random r, long[] choices) => choices[r.Next(choices.Length)];

    private static void ExpectCleanOutcome(int status, string call)
    {
        Assert.True(status is NativeStatus.Ok or NativeStatus.InvalidArgument or NativeStatus.Unsupported,
            $"{call} returned {NativeStatus.StatusName(status)}: {NativeStatus.LastError()}");
        if (status != NativeStatus.Ok) Assert.False(string.IsNullOrWhiteSpace(NativeStatus.LastError()), $"{call} failed without a message");
    }

    private static unsafe void BatchedCase(int seed)
    {
        using var lapack = LapackFixture.Create(threads: 2);
        var r = new Random(seed);
        const int capacity = 256;
        var a = new double[capacity];
        for (int i = 0; i < capacity; i++) a[i] = r.NextDouble() - 0.5;
        if (r.Next(4) == 0) a[r.Next(capacity)] = double.NaN;
        var w = new double[capacity];
        var v = new double[capacity];
        var u = new double[capacity];
        int count = r.Next(-2, 5);
        int slots = Math.Max(count, 0) + 1;
        var n = new long[slots];
        var m = new long[slots];
        var il = new long[slots];
        var iu = new long[slots];
        var ao = new long[slots];
        var wo = new long[slots];
        var vo = new long[slots];
        var uo = new long[slots];
        var info = new int[slots];
        long[] offsets = { -3, 0, 1, 9, 64, 200, 255, 256, long.MaxValue - 2, long.MinValue };
        for (int i = 0; i < slots; i++)
        {
            n[i] = r.Next(3) == 0 ? Pick(r, Sizes) : r.Next(0, 6);
            m[i] = r.Next(3) == 0 ? Pick(r, Sizes) : r.Next(0, 6);
            il[i] = r.Next(-1, 4);
            iu[i] = r.Next(-1, 5);
            ao[i] = r.Next(3) == 0 ? Pick(r, offsets) : 40L * i;
            wo[i] = r.Next(3) == 0 ? Pick(r, offsets) : 8L * i;
            vo[i] = r.Next(3) == 0 ? Pick(r, offsets) : 40L * i;
            uo[i] = r.Next(3) == 0 ? Pick(r, offsets) : 40L * i;
        }
        int dtype = r.Next(5) == 0 ? r.Next(-1, 4) : (r.Next(2) == 0 ? NativeMethods.DtypeFloat32 : NativeMethods.DtypeFloat64);
        int layout = r.Next(5) == 0 ? r.Next(-1, 3) : r.Next(2);
        int uplo = r.Next(5) == 0 ? r.Next(-1, 3) : r.Next(2);
        int job = r.Next(5) == 0 ? r.Next(-1, 3) : r.Next(2);
        // Declared lengths never exceed the real buffers (float32 reads half as many bytes).
        long aLen = r.Next(0, capacity + 1), wLen = r.Next(0, capacity + 1), vLen = r.Next(0, capacity + 1), uLen = r.Next(0, capacity + 1);
        bool nullN = r.Next(8) == 0, nullA = r.Next(8) == 0, nullInfo = r.Next(8) == 0, nullV = r.Next(3) == 0;
        fixed (double* ap = a, wp = w, vp = v, up = u)
        fixed (long* np = n, mp = m, ilp = il, iup = iu, aop = ao, wop = wo, vop = vo, uop = uo)
        fixed (int* ip = info)
        {
            long* nArg = nullN ? null : np;
            double* aArg = nullA ? null : ap;
            int* infoArg = nullInfo ? null : ip;
            double* vArg = nullV ? null : vp;
            int status = NativeMethods.SyevBatched(lapack.Context, dtype, layout, uplo, job, count, nArg, aArg, aLen, aop, wp, wLen, wop,
                vArg, nullV ? 0 : vLen, nullV ? null : vop, infoArg);
            ExpectCleanOutcome(status, $"spectral_syev_batched (seed {seed})");
            status = NativeMethods.SyevRangeBatched(lapack.Context, dtype, layout, uplo, job, count, nArg, ilp, iup, aArg, aLen, aop, wp, wLen, wop,
                vArg, nullV ? 0 : vLen, nullV ? null : vop, infoArg);
            ExpectCleanOutcome(status, $"spectral_syev_range_batched (seed {seed})");
            status = NativeMethods.GesvdBatched(lapack.Context, dtype, layout, job, count, mp, nArg, aArg, aLen, aop, wp, wLen, wop,
                nullV ? null : up, nullV ? 0 : uLen, nullV ? null : uop, vArg, nullV ? 0 : vLen, nullV ? null : vop, infoArg);
            ExpectCleanOutcome(status, $"spectral_gesvd_batched (seed {seed})");
            if (status == NativeStatus.Ok && count > 0 && !nullInfo)
                for (int i = 0; i < count; i++) Assert.True(info[i] <= 0 || info[i] < 1000, $"info[{i}] = {info[i]}");
        }
    }

    private static unsafe void SingleCase(int seed)
    {
        using var lapack = LapackFixture.Create();
        var r = new Random(seed);
        // 64-element buffers; sizes up to 8 with leading dimensions up to 8 stay inside them.
        var a = new float[64];
        var s = new float[64];
        var u = new float[64];
        var vt = new float[64];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(r.NextDouble() - 0.5);
        long[] dims = { -5, -1, 0, 1, 2, 3, 5, 8 };
        long[] lds = { long.MinValue, -1, 0, 1, 2, 3, 8, long.MaxValue / 3, long.MaxValue };
        long mm = Pick(r, dims), nn = Pick(r, dims), k = r.Next(-1, 5), p = r.Next(-1, 4), q = r.Next(-2, 3);
        long lda = Pick(r, lds), ldu = Pick(r, lds), ldvt = Pick(r, lds);
        int dtype = r.Next(5) == 0 ? r.Next(-1, 4) : NativeMethods.DtypeFloat32;
        int layout = r.Next(5) == 0 ? r.Next(-1, 3) : r.Next(2);
        int uplo = r.Next(5) == 0 ? r.Next(-1, 3) : r.Next(2);
        int job = r.Next(5) == 0 ? r.Next(-1, 3) : r.Next(2);
        bool nullU = r.Next(3) == 0, nullA = r.Next(8) == 0;
        fixed (float* ap = a, sp = s, up = u, vp = vt)
        {
            float* aArg = nullA ? null : ap;
            ExpectCleanOutcome(NativeMethods.Syev(lapack.Context, dtype, layout, uplo, job, nn, aArg, lda, sp, nullU ? null : up, ldu),
                $"spectral_syev (seed {seed})");
            ExpectCleanOutcome(NativeMethods.Gesvd(lapack.Context, dtype, layout, job, mm, nn, aArg, lda, sp, nullU ? null : up, ldu, nullU ? null : vp, ldvt),
                $"spectral_gesvd (seed {seed})");
            ExpectCleanOutcome(NativeMethods.Gesvdr(lapack.Context, dtype, layout, mm, nn, k, p, q, (ulong)seed, aArg, lda, sp, nullU ? null : up, ldu, nullU ? null : vp, ldvt),
                $"spectral_gesvdr (seed {seed})");
        }
    }

    [SkippableFact]
    public void BatchedExportsSurviveGarbageScalars() => SeededCases.Check(nameof(BatchedExportsSurviveGarbageScalars), 300, BatchedCase);

    [SkippableFact]
    public void SingleMatrixExportsSurviveGarbageScalars() => SeededCases.Check(nameof(SingleMatrixExportsSurviveGarbageScalars), 300, SingleCase);

    [SkippableFact]
    public unsafe void ANullContextIsAnInvalidArgument()
    {
        _ = LapackFixture.Create();
        double a = 1, w = 0;
        using var none = new NativeContextHandle();
        // A SafeHandle that was never set marshals as NULL.
        Assert.Equal(NativeStatus.InvalidArgument, NativeMethods.Syev(none, NativeMethods.DtypeFloat64, 0, 0, 0, 1, &a, 1, &w, null, 1));
        Assert.Contains("context", NativeStatus.LastError());
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpectralCore.Kernels.Batch;

/// <summary>
/// The lane operations the batched kernels need, implemented for pairs of Vector512 (AVX-512), pairs of Vector256 (AVX2) and Vector128 of
/// float64. Kernels are generic over this interface (with struct type arguments the JIT specializes them),
/// so one algorithm text serves every vector width; lane l always belongs to matrix l of a pack.
/// </summary>
internal interface ILanes<TV> where TV : struct
{
    static abstract int Count { get; }
    static abstract TV Zero { get; }
    static abstract TV Broadcast(double x);
    static abstract TV Load(ref double source);
    static abstract void Store(TV value, ref double destination);
    static abstract TV Add(TV a, TV b);
    static abstract TV Subtract(TV a, TV b);
    static abstract TV Multiply(TV a, TV b);
    static abstract TV Divide(TV a, TV b);
    /// <summary>a·b + c.</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
    static abstract TV Sqrt(TV a);
    /// <summary>|magnitude| with the sign of <paramref name="sign"/>.</summary>
    static abstract TV CopySign(TV magnitude, TV sign);
    /// <summary>Per lane: test == 0 ? ifZero : otherwise.</summary>
    static abstract TV SelectWhereZero(TV test, TV ifZero, TV otherwise);
    static abstract TV Abs(TV a);
    static abstract TV Max(TV a, TV b);
    /// <summary>All-ones lanes where a ≤ b.</summary>
    static abstract TV LessThanOrEqual(TV a, TV b);
    /// <summary>Per lane: mask ? ifTrue : ifFalse.</summary>
    static abstract TV Select(TV mask, TV ifTrue, TV ifFalse);
    static abstract TV Or(TV a, TV b);
    /// <summary>True when every lane of the mask is set.</summary>
    static abstract bool All(TV mask);
    /// <summary>Lane l of v.</summary>
    static abstract double Lane(TV v, int l);
}

/// <summary>Two Vector512 registers treated as one 16-lane vector.</summary>
internal struct Pair512
{
    public Vector512<double> Lo;
    public Vector512<double> Hi;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Pair512(Vector512<double> lo, Vector512<double> hi) { Lo = lo; Hi = hi; }
}

/// <summary>
/// 16 matrices per pack as two independent Vector512 halves: the lockstep QL's loop-carried divide/FMA chain is
/// latency-bound, so two chains per iteration run at almost the cost of one.
/// </summary>
internal struct Lanes512x2 : ILanes<Pair512>
{
    public static int Count => 16;
    public static Pair512 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 Broadcast(double x) { var v = Vector512.Create(x); return new(v, v); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 Load(ref double source) => new(Vector512.LoadUnsafe(ref source), Vector512.LoadUnsafe(ref source, 8));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Pair512 value, ref double destination) { value.Lo.StoreUnsafe(ref destination); value.Hi.StoreUnsafe(ref destination, 8); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 Add(Pair512 a, Pair512 b) => new(a.Lo + b.Lo, a.Hi + b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 Subtract(Pair512 a, Pair512 b) => new(a.Lo - b.Lo, a.Hi - b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 Multiply(Pair512 a, Pair512 b) => new(a.Lo * b.Lo, a.Hi * b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 Divide(Pair512 a, Pair512 b) => new(a.Lo / b.Lo, a.Hi / b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 MultiplyAdd(Pair512 a, Pair512 b, Pair512 c) =>
        new(Vector512.FusedMultiplyAdd(a.Lo, b.Lo, c.Lo), Vector512.FusedMultiplyAdd(a.Hi, b.Hi, c.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 Sqrt(Pair512 a) => new(Vector512.Sqrt(a.Lo), Vector512.Sqrt(a.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 CopySign(Pair512 magnitude, Pair512 sign) =>
        new(Vector512.CopySign(magnitude.Lo, sign.Lo), Vector512.CopySign(magnitude.Hi, sign.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 SelectWhereZero(Pair512 test, Pair512 ifZero, Pair512 otherwise) =>
        new(Vector512.ConditionalSelect(Vector512.Equals(test.Lo, Vector512<double>.Zero), ifZero.Lo, otherwise.Lo),
            Vector512.ConditionalSelect(Vector512.Equals(test.Hi, Vector512<double>.Zero), ifZero.Hi, otherwise.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 Abs(Pair512 a) => new(Vector512.Abs(a.Lo), Vector512.Abs(a.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 Max(Pair512 a, Pair512 b) => new(Vector512.Max(a.Lo, b.Lo), Vector512.Max(a.Hi, b.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 LessThanOrEqual(Pair512 a, Pair512 b) =>
        new(Vector512.LessThanOrEqual(a.Lo, b.Lo), Vector512.LessThanOrEqual(a.Hi, b.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 Select(Pair512 mask, Pair512 ifTrue, Pair512 ifFalse) =>
        new(Vector512.ConditionalSelect(mask.Lo, ifTrue.Lo, ifFalse.Lo), Vector512.ConditionalSelect(mask.Hi, ifTrue.Hi, ifFalse.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair512 Or(Pair512 a, Pair512 b) => new(a.Lo | b.Lo, a.Hi | b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Pair512 mask) =>
        Vector512.ExtractMostSignificantBits(mask.Lo) == (1u << 8) - 1 && Vector512.ExtractMostSignificantBits(mask.Hi) == (1u << 8) - 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Lane(Pair512 v, int l) => l < 8 ? v.Lo.GetElement(l) : v.Hi.GetElement(l - 8);
}

/// <summary>Two Vector256 registers treated as one 8-lane vector.</summary>
internal struct Pair256
{
    public Vector256<double> Lo;
    public Vector256<double> Hi;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Pair256(Vector256<double> lo, Vector256<double> hi) { Lo = lo; Hi = hi; }
}

/// <summary>
/// 8 matrices per pack as two independent Vector256 halves: the lockstep QL's loop-carried divide/FMA chain is
/// latency-bound, so two chains per iteration run at almost the cost of one.
/// </summary>
internal struct Lanes256x2 : ILanes<Pair256>
{
    public static int Count => 8;
    public static Pair256 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 Broadcast(double x) { var v = Vector256.Create(x); return new(v, v); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 Load(ref double source) => new(Vector256.LoadUnsafe(ref source), Vector256.LoadUnsafe(ref source, 4));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Pair256 value, ref double destination) { value.Lo.StoreUnsafe(ref destination); value.Hi.StoreUnsafe(ref destination, 4); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 Add(Pair256 a, Pair256 b) => new(a.Lo + b.Lo, a.Hi + b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 Subtract(Pair256 a, Pair256 b) => new(a.Lo - b.Lo, a.Hi - b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 Multiply(Pair256 a, Pair256 b) => new(a.Lo * b.Lo, a.Hi * b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 Divide(Pair256 a, Pair256 b) => new(a.Lo / b.Lo, a.Hi / b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 MultiplyAdd(Pair256 a, Pair256 b, Pair256 c) =>
        new(Vector256.FusedMultiplyAdd(a.Lo, b.Lo, c.Lo), Vector256.FusedMultiplyAdd(a.Hi, b.Hi, c.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 Sqrt(Pair256 a) => new(Vector256.Sqrt(a.Lo), Vector256.Sqrt(a.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 CopySign(Pair256 magnitude, Pair256 sign) =>
        new(Vector256.CopySign(magnitude.Lo, sign.Lo), Vector256.CopySign(magnitude.Hi, sign.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 SelectWhereZero(Pair256 test, Pair256 ifZero, Pair256 otherwise) =>
        new(Vector256.ConditionalSelect(Vector256.Equals(test.Lo, Vector256<double>.Zero), ifZero.Lo, otherwise.Lo),
            Vector256.ConditionalSelect(Vector256.Equals(test.Hi, Vector256<double>.Zero), ifZero.Hi, otherwise.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 Abs(Pair256 a) => new(Vector256.Abs(a.Lo), Vector256.Abs(a.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 Max(Pair256 a, Pair256 b) => new(Vector256.Max(a.Lo, b.Lo), Vector256.Max(a.Hi, b.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 LessThanOrEqual(Pair256 a, Pair256 b) =>
        new(Vector256.LessThanOrEqual(a.Lo, b.Lo), Vector256.LessThanOrEqual(a.Hi, b.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 Select(Pair256 mask, Pair256 ifTrue, Pair256 ifFalse) =>
        new(Vector256.ConditionalSelect(mask.Lo, ifTrue.Lo, ifFalse.Lo), Vector256.ConditionalSelect(mask.Hi, ifTrue.Hi, ifFalse.Hi));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Pair256 Or(Pair256 a, Pair256 b) => new(a.Lo | b.Lo, a.Hi | b.Hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Pair256 mask) =>
        Vector256.ExtractMostSignificantBits(mask.Lo) == (1u << 4) - 1 && Vector256.ExtractMostSignificantBits(mask.Hi) == (1u << 4) - 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Lane(Pair256 v, int l) => l < 4 ? v.Lo.GetElement(l) : v.Hi.GetElement(l - 4);
}

internal struct Lanes128 : ILanes<Vector128<double>>
{
    public static int Count => 2;
    public static Vector128<double> Zero => Vector128<double>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Broadcast(double x) => Vector128.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Load(ref double source) => Vector128.LoadUnsafe(ref source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<double> value, ref double destination) => value.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Divide(Vector128<double> a, Vector128<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> MultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Sqrt(Vector128<double> a) => Vector128.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> CopySign(Vector128<double> magnitude, Vector128<double> sign) => Vector128.CopySign(magnitude, sign);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> SelectWhereZero(Vector128<double> test, Vector128<double> ifZero, Vector128<double> otherwise) =>
        Vector128.ConditionalSelect(Vector128.Equals(test, Vector128<double>.Zero), ifZero, otherwise);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Abs(Vector128<double> a) => Vector128.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Max(Vector128<double> a, Vector128<double> b) => Vector128.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> LessThanOrEqual(Vector128<double> a, Vector128<double> b) => Vector128.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Select(Vector128<double> mask, Vector128<double> ifTrue, Vector128<double> ifFalse) => Vector128.ConditionalSelect(mask, ifTrue, ifFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Or(Vector128<double> a, Vector128<double> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Vector128<double> mask) => Vector128.ExtractMostSignificantBits(mask) == (1u << 2) - 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Lane(Vector128<double> v, int l) => v.GetElement(l);
}

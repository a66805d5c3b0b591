using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using SpectralCore.Kernels.Memory;

namespace SpectralCore.Analysis.Models.Internal;

/// <summary>Little-endian floating-point element encodings the readers decode.</summary>
internal enum FloatEncoding
{
    Float64,
    Float32,
    Float16,
    BFloat16,
}

/// <summary>
/// Decodes little-endian element bytes into float32/float64 arrays, exactly (f16/bf16 → f32 and f32 → f64
/// are exact widenings). Works in chunks so a source larger than 2 GiB decodes through spans.
/// </summary>
internal static unsafe class ElementDecoder
{
    private const int ChunkElements = 1 << 24;

    /// <summary>Decodes <paramref name="count"/> elements at [offset, …) of a mapped file through a transient view.</summary>
    internal static float[] ToSingle(MappedFile file, long offset, long count, FloatEncoding encoding)
        => file.Read(offset, count * Size(encoding), p => ToSingle((byte*)p, count, encoding));

    /// <summary>Decodes float64 elements at [offset, …) of a mapped file through a transient view.</summary>
    internal static double[] ToDouble(MappedFile file, long offset, long count)
        => file.Read(offset, count * 8, p => ToDouble((byte*)p, count));

    internal static int Size(FloatEncoding encoding) => encoding switch
    {
        FloatEncoding.Float64 => 8,
        FloatEncoding.Float32 => 4,
        _ => 2,
    };

    /// <summary>Decodes <paramref name="count"/> elements starting at <paramref name="source"/> into a new float32 array.</summary>
    internal static float[] ToSingle(byte* source, long count, FloatEncoding encoding)
    {
        var result = LargeArray.Allocate<float>(count);
        int size = Size(encoding);
        for (long start = 0; start < count; start += ChunkElements)
        {
            int n = (int)Math.Min(ChunkElements, count - start);
            var src = new ReadOnlySpan<byte>(source + start * size, n * size);
            DecodeSingle(src, result.AsSpan((int)start, n), encoding);
        }
        return result;
    }

    /// <summary>Decodes float64 elements into a new float64 array.</summary>
    internal static double[] ToDouble(byte* source, long count)
    {
        var result = LargeArray.Allocate<double>(count);
        for (long start = 0; start < count; start += ChunkElements)
        {
            int n = (int)Math.Min(ChunkElements, count - start);
            var src = new ReadOnlySpan<byte>(source + start * 8, n * 8);
            if (BitConverter.IsLittleEndian) MemoryMarshal.Cast<byte, double>(src).CopyTo(result.AsSpan((int)start, n));
            else for (int i = 0; i < n; i++) result[start + i] = BinaryPrimitives.ReadDoubleLittleEndian(src[(i * 8)..]);
        }
        return result;
    }

    /// <summary>Decodes one span of elements (length = destination.Length × element size).</summary>
    internal static void DecodeSingle(ReadOnlySpan<byte> src, Span<float> dst, FloatEncoding encoding)
    {
        switch (encoding)
        {
            case FloatEncoding.Float32:
                if (BitConverter.IsLittleEndian) MemoryMarshal.Cast<byte, float>(src).CopyTo(dst);
                else for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadSingleLittleEndian(src[(i * 4)..]);
                break;
            case FloatEncoding.Float16:
                if (BitConverter.IsLittleEndian) TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(src), dst);
                else for (int i = 0; i < dst.Length; i++) dst[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(src[(i * 2)..]);
                break;
            case FloatEncoding.BFloat16:
                // bfloat16 is the top half of a float32: shifting the bits up is the exact widening.
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(src[(i * 2)..]) << 16);
                break;
            case FloatEncoding.Float64:
                for (int i = 0; i < dst.Length; i++) dst[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(src[(i * 8)..]);
                break;
        }
    }
}

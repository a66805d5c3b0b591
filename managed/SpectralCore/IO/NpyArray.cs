using System.Buffers.Binary;
using System.Numerics;

namespace SpectralCore.IO;

/// <summary>Element types a .npy file may hold that SpectralCore reads.</summary>
public enum NpyElementType
{
    /// <summary>IEEE half ("f2").</summary>
    Float16,
    /// <summary>IEEE single ("f4").</summary>
    Float32,
    /// <summary>IEEE double ("f8").</summary>
    Float64,
    /// <summary>Signed integer ("i1", "i2", "i4", "i8").</summary>
    Int,
    /// <summary>Unsigned integer ("u1", "u2", "u4", "u8").</summary>
    UInt,
    /// <summary>Boolean ("b1").</summary>
    Bool,
}

/// <summary>An array read from a .npy file: dtype, shape, order and the raw little/big-endian bytes.</summary>
public sealed class NpyArray
{
    internal NpyArray(string descr, NpyElementType type, int itemSize, bool bigEndian, bool fortranOrder, long[] shape, byte[] data)
    {
        Descr = descr;
        ElementType = type;
        ItemSize = itemSize;
        BigEndian = bigEndian;
        FortranOrder = fortranOrder;
        Shape = shape;
        Data = data;
    }

    /// <summary>NumPy's dtype descriptor, e.g. "&lt;f8".</summary>
    public string Descr { get; }

    /// <summary>Element kind.</summary>
    public NpyElementType ElementType { get; }

    /// <summary>Bytes per element.</summary>
    public int ItemSize { get; }

    /// <summary>True for big-endian data.</summary>
    public bool BigEndian { get; }

    /// <summary>True when the data is in Fortran (column-major) order.</summary>
    public bool FortranOrder { get; }

    /// <summary>The shape (empty for a scalar).</summary>
    public long[] Shape { get; }

    /// <summary>The raw element bytes, exactly ElementCount × ItemSize of them.</summary>
    public byte[] Data { get; }

    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>
    /// Elements converted to <typeparamref name="T"/> in C (row-major) order, whatever the file's order.
    /// Float16/32 → float64 conversion is exact; float64 → float32 rounds.
    /// </summary>
    public T[] ToArray<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        long count = ElementCount;
        var bytes = Data.AsSpan();
        var flat = Kernels.Memory.LargeArray.Allocate<T>(count);
        bool native = BigEndian != BitConverter.IsLittleEndian;
        if (native && ElementType == NpyElementType.Float32 && ItemSize == 4)
        {
            // float32/float64 in this machine's byte order (the common case): reinterpret the bytes, convert in bulk.
            var singles = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes[..(int)(count * 4)]);
            if (typeof(T) == typeof(double)) Kernels.Common.Widening.ToDouble<float>(singles, System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(flat.AsSpan()));
            else System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<float, T>(singles, flat);
        }
        else if (native && ElementType == NpyElementType.Float64 && ItemSize == 8)
            System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<double, T>(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes[..(int)(count * 8)]), flat);
        else
            for (long i = 0; i < count; i++) flat[i] = Element<T>(bytes.Slice((int)(i * ItemSize), ItemSize));
        if (!FortranOrder || Shape.Length < 2) return flat;
        // Fortran order: reverse the axes' strides. Transpose the flat buffer into C order.
        var result = new T[count];
        int rank = Shape.Length;
        var index = new long[rank];
        for (long f = 0; f < count; f++)
        {
            long c = 0;
            for (int d = 0; d < rank; d++) c = c * Shape[d] + index[d];
            result[c] = flat[f];
            for (int d = 0; d < rank; d++)
            {
                if (++index[d] < Shape[d]) break;
                index[d] = 0;
            }
        }
        return result;
    }

    /// <summary>The array as a rows × columns matrix (2-D arrays only), row-major.</summary>
    public Matrix<T> ToMatrix<T>(string name = "array") where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Shape.Length != 2)
            throw new InvalidDataException($"{name}: expected a 2-D array, found shape ({string.Join(", ", Shape)}).");
        return new Matrix<T>(ToArray<T>(), checked((int)Shape[0]), checked((int)Shape[1]));
    }

    private T Element<T>(ReadOnlySpan<byte> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (ElementType)
        {
            case NpyElementType.Float64:
                return T.CreateChecked(BitConverter.Int64BitsToDouble(BigEndian ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b)));
            case NpyElementType.Float32:
                return T.CreateChecked(BitConverter.Int32BitsToSingle(BigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b)));
            case NpyElementType.Float16:
                return T.CreateChecked((float)BitConverter.Int16BitsToHalf(BigEndian ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b)));
            case NpyElementType.Bool:
                return b[0] != 0 ? T.One : T.Zero;
            case NpyElementType.Int:
                return T.CreateChecked(ItemSize switch
                {
                    1 => (sbyte)b[0],
                    2 => BigEndian ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
                    4 => BigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
                    _ => (double)(BigEndian ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b)),
                });
            default:
                return T.CreateChecked(ItemSize switch
                {
                    1 => b[0],
                    2 => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
                    4 => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
                    _ => (double)(BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b)),
                });
        }
    }
}

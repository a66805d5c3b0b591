using System.Text;
using SpectralCore.Analysis.Models.Internal;

namespace SpectralCore.Analysis.Models.Formats.Onnx;

/// <summary>
/// A bounds-checked reader of the protobuf wire format over a memory-mapped file region [Position, End).
/// Varints are at most 10 bytes; every length-delimited field is checked against the enclosing message's
/// end before it is used; group wire types (3/4, unused by ONNX) are rejected. Google.Protobuf's generated
/// classes would copy every raw_data field into managed memory (the whole model); this reader records where
/// tensor bytes lie instead, so they are decoded from the map one tensor at a time.
/// </summary>
internal unsafe struct ProtoReader
{
    private readonly MappedFile _file;
    private readonly string? _tensor;

    internal ProtoReader(MappedFile file, long start, long end, string? tensor = null)
    {
        if (!file.Contains(start, end - start)) throw new ModelFormatException(file.DisplayName, tensor, $"protobuf region [{start}, {end}) lies outside the {file.Length}-byte file");
        _file = file;
        Position = start;
        End = end;
        _tensor = tensor;
    }

    internal long Position { get; private set; }

    internal long End { get; }

    internal readonly bool AtEnd => Position >= End;

    /// <summary>Reads the next field's tag; false at the end of the message.</summary>
    internal bool Next(out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        if (Position >= End) return false;
        ulong tag = Varint();
        wireType = (int)(tag & 7);
        ulong number = tag >> 3;
        if (number == 0 || number > (1 << 29) - 1) throw Bad($"invalid protobuf field number {number} at byte {Position}");
        if (wireType is 3 or 4 or 6 or 7) throw Bad($"unsupported protobuf wire type {wireType} (field {number}) at byte {Position}");
        field = (int)number;
        return true;
    }

    internal ulong Varint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (Position >= End) throw Bad($"protobuf varint runs past the end of its message at byte {Position} (truncated?)");
            byte b = *_file.Pointer(Position, 1);
            Position++;
            if (shift == 63 && b > 1) throw Bad($"protobuf varint longer than 64 bits at byte {Position - 1}");
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw Bad($"protobuf varint longer than 10 bytes at byte {Position}");
    }

    /// <summary>A length-delimited field: returns its payload range and moves past it.</summary>
    internal (long Start, long Length) Bytes()
    {
        ulong length = Varint();
        if (length > (ulong)(End - Position)) throw Bad($"protobuf field of {length} bytes at byte {Position} runs past its message's end at {End} (truncated or forged length)");
        long start = Position;
        Position += (long)length;
        return (start, (long)length);
    }

    internal ProtoReader Message()
    {
        var (start, length) = Bytes();
        return new ProtoReader(_file, start, start + length, _tensor);
    }

    internal string String(int maxBytes = 1 << 16)
    {
        var (start, length) = Bytes();
        if (length > maxBytes) throw Bad($"protobuf string of {length} bytes at byte {start}, more than the {maxBytes}-byte limit");
        var span = _file.Span(start, (int)length);
        try
        {
            return new UTF8Encoding(false, true).GetString(span);
        }
        catch (DecoderFallbackException)
        {
            throw Bad($"protobuf string at byte {start} is not valid UTF-8");
        }
    }

    internal uint Fixed32()
    {
        if (End - Position < 4) throw Bad($"protobuf fixed32 runs past its message's end at byte {Position}");
        uint v = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_file.Span(Position, 4));
        Position += 4;
        return v;
    }

    internal ulong Fixed64()
    {
        if (End - Position < 8) throw Bad($"protobuf fixed64 runs past its message's end at byte {Position}");
        ulong v = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(_file.Span(Position, 8));
        Position += 8;
        return v;
    }

    /// <summary>Skips the value of a field of the given wire type.</summary>
    internal void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: Varint(); break;
            case 1: Fixed64(); break;
            case 2: Bytes(); break;
            case 5: Fixed32(); break;
            default: throw Bad($"unsupported protobuf wire type {wireType}");
        }
    }

    internal readonly ModelFormatException Bad(string problem) => new(_file.DisplayName, _tensor, problem);
}

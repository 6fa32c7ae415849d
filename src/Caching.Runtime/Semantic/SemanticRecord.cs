using System;
using System.Buffers.Binary;

namespace Caching.Semantic;

/// <summary>
/// A vector as the shared store keeps it: <c>[format 1][dimensions u16][scale f32][one signed byte per dimension]</c>,
/// little-endian: 391 bytes for a 384-dimension model.
/// </summary>
internal static class SemanticRecord
{
    private const byte Format = 1;
    private const int HeaderLength = 1 + 2 + 4;

    public static byte[] Write(ReadOnlySpan<sbyte> vector, float scale)
    {
        byte[] record = new byte[HeaderLength + vector.Length];
        record[0] = Format;
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(1), checked((ushort)vector.Length));
        BinaryPrimitives.WriteSingleLittleEndian(record.AsSpan(3), scale);
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector).CopyTo(record.AsSpan(HeaderLength));
        return record;
    }

    public static bool TryRead(ReadOnlySpan<byte> record, out ReadOnlySpan<sbyte> vector, out float scale)
    {
        vector = default;
        scale = 0;
        if (record.Length < HeaderLength || record[0] != Format)
        {
            return false;
        }

        int dimensions = BinaryPrimitives.ReadUInt16LittleEndian(record[1..]);
        scale = BinaryPrimitives.ReadSingleLittleEndian(record[3..]);
        if (record.Length != HeaderLength + dimensions || dimensions == 0 || !(scale > 0) || !float.IsFinite(scale))
        {
            return false;
        }

        vector = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(record[HeaderLength..]);
        return true;
    }
}

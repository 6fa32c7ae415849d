using System;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Caching;

/// <summary>
/// The bytes a second level (Redis) stores for one value: a versioned header naming the value's type and its lifetime, then the
/// System.Text.Json payload. A value that is corrupt, of another format version or of another type is detected before
/// deserialization is trusted.
/// </summary>
/// <remarks>Layout: "LGC" 0x01 | created unix ms (i64 LE) | expires unix ms (i64 LE) | type name length (u16 LE) | type name (UTF-8) | JSON.</remarks>
internal static class EntryEnvelope
{
    public const byte FormatVersion = 1;
    private const int FixedHeader = 4 + 8 + 8 + 2;
    private static readonly byte[] Magic = "LGC"u8.ToArray();

    public static byte[] Write<T>(T value, DateTimeOffset created, DateTimeOffset expires, JsonSerializerOptions options)
    {
        byte[] typeName = TypeName<T>.Utf8;
        byte[] payload = ValueJson.Serialize(value, options);
        byte[] buffer = new byte[FixedHeader + typeName.Length + payload.Length];
        Span<byte> span = buffer;
        Magic.CopyTo(span);
        span[3] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(span[4..], created.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(span[12..], expires.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], (ushort)typeName.Length);
        typeName.CopyTo(span[FixedHeader..]);
        payload.CopyTo(span[(FixedHeader + typeName.Length)..]);
        return buffer;
    }

    /// <summary>Where the JSON payload starts in valid envelope bytes.</summary>
    public static int PayloadOffset(ReadOnlySpan<byte> bytes) => FixedHeader + BinaryPrimitives.ReadUInt16LittleEndian(bytes[20..]);

    /// <summary>Reads a value; the reason when the bytes are not a value of <typeparamref name="T"/> in this format.</summary>
    public static bool TryRead<T>(ReadOnlySpan<byte> bytes, JsonSerializerOptions options, out T value, out DateTimeOffset created, out DateTimeOffset expires, out string problem)
    {
        value = default!;
        created = default;
        expires = default;
        if (bytes.Length < FixedHeader || !bytes[..3].SequenceEqual(Magic))
        {
            problem = "not a cache entry";
            return false;
        }

        if (bytes[3] != FormatVersion)
        {
            problem = $"entry format version {bytes[3]}, expected {FormatVersion}";
            return false;
        }

        int typeLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[20..]);
        if (bytes.Length < FixedHeader + typeLength)
        {
            problem = "truncated entry";
            return false;
        }

        ReadOnlySpan<byte> typeName = bytes.Slice(FixedHeader, typeLength);
        if (!typeName.SequenceEqual(TypeName<T>.Utf8))
        {
            problem = $"entry holds a {Encoding.UTF8.GetString(typeName)}, read as a {typeof(T).FullName}";
            return false;
        }

        try
        {
            value = ValueJson.Deserialize<T>(bytes[(FixedHeader + typeLength)..], options)!;
        }
        catch (JsonException ex)
        {
            problem = "payload is not valid JSON for the type: " + ex.Message;
            return false;
        }

        created = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(bytes[4..]));
        expires = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(bytes[12..]));
        problem = string.Empty;
        return true;
    }

    private static class TypeName<T>
    {
        public static readonly byte[] Utf8 = Encoding.UTF8.GetBytes(typeof(T).FullName ?? typeof(T).Name);
    }
}

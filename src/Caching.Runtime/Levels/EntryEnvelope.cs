using System;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Caching;

/// <summary>
/// The bytes a second level (Redis) stores for one value: a versioned header naming the value's type and its lifetime, then the
/// System.Text.Json payload. A value that is corrupt, of an unknown format version or of another type is detected before
/// deserialization is trusted.
/// </summary>
/// <remarks>
/// Format 2: "LGC" 0x02 | created unix ms | fresh-until unix ms | expires unix ms (the end of its stale time) | version
/// (each i64 LE) | type name length (u16 LE) | type name (UTF-8) | JSON. Format 1 (created | expires, no stale time, no
/// version) is still read, as an entry fresh until it expires.
/// </remarks>
internal static class EntryEnvelope
{
    public const byte FormatVersion = 2;
    private const byte FirstFormat = 1;
    private const int HeaderV1 = 4 + 8 + 8 + 2;
    private const int HeaderV2 = 4 + 8 + 8 + 8 + 8 + 2;
    private static readonly byte[] Magic = "LGC"u8.ToArray();

    public static byte[] Write<T>(T value, EntryLifetime lifetime, JsonSerializerOptions options)
    {
        byte[] typeName = TypeName<T>.Utf8;
        byte[] payload = ValueJson.Serialize(value, options);
        byte[] buffer = new byte[HeaderV2 + typeName.Length + payload.Length];
        Span<byte> span = buffer;
        Magic.CopyTo(span);
        span[3] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(span[4..], lifetime.Created.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(span[12..], lifetime.FreshUntil.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(span[20..], lifetime.Expires.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(span[28..], lifetime.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(span[36..], (ushort)typeName.Length);
        typeName.CopyTo(span[HeaderV2..]);
        payload.CopyTo(span[(HeaderV2 + typeName.Length)..]);
        return buffer;
    }

    /// <summary>Where the JSON payload starts in valid envelope bytes.</summary>
    public static int PayloadOffset(ReadOnlySpan<byte> bytes) => bytes[3] == FirstFormat
        ? HeaderV1 + BinaryPrimitives.ReadUInt16LittleEndian(bytes[20..])
        : HeaderV2 + BinaryPrimitives.ReadUInt16LittleEndian(bytes[36..]);

    /// <summary>Reads a value; the reason when the bytes are not a value of <typeparamref name="T"/> in a known format.</summary>
    public static bool TryRead<T>(ReadOnlySpan<byte> bytes, JsonSerializerOptions options, out T value, out EntryLifetime lifetime, out string problem)
    {
        value = default!;
        lifetime = default;
        if (bytes.Length < HeaderV1 || !bytes[..3].SequenceEqual(Magic))
        {
            problem = "not a cache entry";
            return false;
        }

        if (bytes[3] is not (FirstFormat or FormatVersion))
        {
            problem = $"entry format version {bytes[3]}, expected {FirstFormat} or {FormatVersion}";
            return false;
        }

        bool first = bytes[3] == FirstFormat;
        int header = first ? HeaderV1 : HeaderV2;
        if (bytes.Length < header)
        {
            problem = "truncated entry";
            return false;
        }

        int typeLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(header - 2)..]);
        if (bytes.Length < header + typeLength)
        {
            problem = "truncated entry";
            return false;
        }

        ReadOnlySpan<byte> typeName = bytes.Slice(header, typeLength);
        if (!typeName.SequenceEqual(TypeName<T>.Utf8))
        {
            problem = $"entry holds a {Encoding.UTF8.GetString(typeName)}, read as a {typeof(T).FullName}";
            return false;
        }

        try
        {
            value = ValueJson.Deserialize<T>(bytes[(header + typeLength)..], options)!;
        }
        catch (JsonException ex)
        {
            problem = "payload is not valid JSON for the type: " + ex.Message;
            return false;
        }

        DateTimeOffset created = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(bytes[4..]));
        lifetime = first
            ? new EntryLifetime(created, Time(bytes[12..]), Time(bytes[12..]), 0)
            : new EntryLifetime(created, Time(bytes[12..]), Time(bytes[20..]), BinaryPrimitives.ReadInt64LittleEndian(bytes[28..]));
        problem = string.Empty;
        return true;
    }

    private static DateTimeOffset Time(ReadOnlySpan<byte> bytes) => DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(bytes));

    private static class TypeName<T>
    {
        public static readonly byte[] Utf8 = Encoding.UTF8.GetBytes(typeof(T).FullName ?? typeof(T).Name);
    }
}

namespace Caching;

/// <summary>
/// The one-byte tags that start every value in the key encoding. Values are part of the pinned format:
/// never renumber one; a new tag or a change of meaning is a new <see cref="CacheKeyWriter.FormatVersion"/>.
/// </summary>
internal enum KeyEncodingMarker : byte
{
    Null = 0x00,
    False = 0x01,
    True = 0x02,
    Int64 = 0x03,
    UInt64 = 0x04,
    Double = 0x05,
    Decimal = 0x06,
    String = 0x07,
    InvalidUtf16String = 0x08,
    Bytes = 0x09,
    Enum = 0x0A,
    DateTime = 0x0B,
    DateTimeOffset = 0x0C,
    TimeSpan = 0x0D,
    Guid = 0x0E,
    JsonNumber = 0x0F,
    Name = 0x10,
    BigInteger = 0x11,
    DateOnly = 0x12,
    TimeOnly = 0x13,
    Discriminator = 0x14,
    BeginSequence = 0x20,
    EndSequence = 0x21,
    BeginMap = 0x22,
    EndMap = 0x23,
    BeginObject = 0x24,
    EndObject = 0x25,
    FormatHeader = 0xFF,
}

using System;
using System.Buffers.Binary;
using System.Collections;
using System.Collections.Generic;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Caching;

/// <summary>Value types beyond the primitives, and values typed <c>object</c>, keyed by their runtime type.</summary>
public ref partial struct CacheKeyWriter
{
    /// <summary>Writes an integer of any size: as <see cref="WriteInt64"/> or <see cref="WriteUInt64"/> when it fits, else by its two's complement bytes.</summary>
    public void WriteBigInteger(BigInteger value)
    {
        if (value >= long.MinValue && value <= long.MaxValue)
        {
            WriteInt64((long)value);
            return;
        }

        if (value.Sign > 0 && value <= ulong.MaxValue)
        {
            WriteUInt64((ulong)value);
            return;
        }

        Span<byte> bytes = stackalloc byte[value.GetByteCount()];
        value.TryWriteBytes(bytes, out int written, isUnsigned: false, isBigEndian: false);
        WriteMarker(KeyEncodingMarker.BigInteger, bytes[..written]);
    }

    /// <summary>Writes a 128-bit integer (as <see cref="WriteBigInteger"/>, so equal values of any integer type are equal).</summary>
    public void WriteInt128(Int128 value)
    {
        if (value >= long.MinValue && value <= long.MaxValue)
        {
            WriteInt64((long)value);
            return;
        }

        WriteBigInteger(value);
    }

    /// <summary>Writes an unsigned 128-bit integer.</summary>
    public void WriteUInt128(UInt128 value)
    {
        if (value <= ulong.MaxValue)
        {
            WriteUInt64((ulong)value);
            return;
        }

        WriteBigInteger(value);
    }

    /// <summary>Writes a half-precision number, widened to double.</summary>
    public void WriteHalf(Half value) => WriteDouble((double)value);

    /// <summary>Writes a date by its day number.</summary>
    public void WriteDateOnly(DateOnly value) => WriteTagged(KeyEncodingMarker.DateOnly, value.DayNumber);

    /// <summary>Writes a time of day by its ticks.</summary>
    public void WriteTimeOnly(TimeOnly value) => WriteTagged(KeyEncodingMarker.TimeOnly, value.Ticks);

    /// <summary>Writes a URI by its original string, absolute or relative (or a null).</summary>
    public void WriteUri(Uri? value) => WriteString(value?.OriginalString);

    /// <summary>
    /// Writes which declared type of a polymorphic hierarchy a value is (its JSON discriminator, or the type's name when
    /// it declares none), so that two derived types with equal members never share a key.
    /// </summary>
    public void WriteDiscriminator(string discriminator)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        WriteUtf8(KeyEncodingMarker.Discriminator, discriminator);
    }

    /// <summary>
    /// Writes a value typed <c>object</c> by its runtime type when that is a shape with a known wire form: null,
    /// strings, booleans, numbers, GUIDs, dates, URIs, JSON values (<see cref="JsonElement"/>, <see cref="JsonDocument"/>,
    /// <see cref="JsonNode"/>), byte arrays, dictionaries with string keys and sequences of such values.
    /// </summary>
    /// <remarks>Any other runtime type makes the encoding unkeyable (<see cref="IsUnkeyable"/>): the call is not cached.</remarks>
    public void WriteObjectValue(object? value)
    {
        switch (value)
        {
            case null: WriteNull(); return;
            case string text: WriteString(text); return;
            case bool flag: WriteBoolean(flag); return;
            case char character: WriteChar(character); return;
            case sbyte number: WriteInt64(number); return;
            case byte number: WriteInt64(number); return;
            case short number: WriteInt64(number); return;
            case ushort number: WriteInt64(number); return;
            case int number: WriteInt64(number); return;
            case uint number: WriteInt64(number); return;
            case long number: WriteInt64(number); return;
            case ulong number: WriteUInt64(number); return;
            case Int128 number: WriteInt128(number); return;
            case UInt128 number: WriteUInt128(number); return;
            case BigInteger number: WriteBigInteger(number); return;
            case Half number: WriteHalf(number); return;
            case float number: WriteSingle(number); return;
            case double number: WriteDouble(number); return;
            case decimal number: WriteDecimal(number); return;
            case Guid guid: WriteGuid(guid); return;
            case DateTime dateTime: WriteDateTime(dateTime); return;
            case DateTimeOffset dateTimeOffset: WriteDateTimeOffset(dateTimeOffset); return;
            case TimeSpan timeSpan: WriteTimeSpan(timeSpan); return;
            case DateOnly date: WriteDateOnly(date); return;
            case TimeOnly time: WriteTimeOnly(time); return;
            case Uri uri: WriteUri(uri); return;
            case JsonElement element: WriteJsonElement(element); return;
            case JsonDocument document: WriteJsonDocument(document); return;
            case JsonNode node: WriteJsonNode(node); return;
            case byte[] bytes: WriteBytes(bytes); return;
            case IEnumerable<KeyValuePair<string, object?>> dictionary: WriteObjectDictionary(dictionary); return;
            case IEnumerable<KeyValuePair<string, string?>> dictionary: WriteObjectDictionary(dictionary); return;
            case IDictionary dictionary: WriteObjectDictionary(dictionary); return;
            case IEnumerable sequence: WriteObjectSequence(sequence); return;
        }

        MarkUnkeyable();
    }

    private void WriteObjectDictionary<TValue>(IEnumerable<KeyValuePair<string, TValue>> dictionary)
    {
        BeginMap();
        foreach (KeyValuePair<string, TValue> entry in SortedEntries(dictionary))
        {
            WriteString(entry.Key);
            WriteObjectValue(entry.Value);
        }

        EndMap();
    }

    private void WriteObjectDictionary(IDictionary dictionary)
    {
        var entries = new List<KeyValuePair<string, object?>>(dictionary.Count);
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string name)
            {
                // Keys other than strings have no canonical order across types.
                MarkUnkeyable();
                return;
            }

            entries.Add(new(name, entry.Value));
        }

        WriteObjectDictionary(entries);
    }

    private void WriteObjectSequence(IEnumerable sequence)
    {
        BeginSequence();
        foreach (object? item in sequence)
        {
            WriteObjectValue(item);
        }

        EndSequence();
    }

    private void WriteTagged(KeyEncodingMarker marker, int value)
    {
        Span<byte> destination = Reserve(1 + sizeof(int));
        destination[0] = (byte)marker;
        BinaryPrimitives.WriteInt32LittleEndian(destination[1..], value);
    }
}

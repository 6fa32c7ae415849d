using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Caching;

/// <summary>
/// Feeds key-relevant values into a canonical, self-delimiting byte encoding and hashes it with SHA-256.
/// Generated key builders call it field by field; user code rarely needs it.
/// </summary>
/// <remarks>
/// Every value starts with a one-byte tag; strings and names are length-prefixed UTF-8; numbers are fixed-width
/// little-endian; -0.0 is written as 0.0 and every NaN as one NaN; decimals are normalized (1.0m equals 1.00m).
/// Because every value is self-delimiting, two different sequences of calls can never produce the same bytes
/// ("ab"+"c" differs from "a"+"bc", 0.1 in one field differs from 100 in another). The format is pinned by golden
/// vectors: see docs/KEY-FORMAT.md. The writer rents one buffer from the shared pool and returns it on
/// <see cref="Dispose"/>; nothing else is allocated until the key string itself.
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public ref partial struct CacheKeyWriter
{
    /// <summary>The version of the byte encoding; it is the first thing hashed, so a new format never meets old keys.</summary>
    public const byte FormatVersion = 2;

    private const int InitialCapacity = 8192;
    private const int HashLength = 32;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[]? _buffer;
    private int _position;
    private bool _leavesOutSemanticText;
    private bool _unkeyable;

    /// <summary>Starts an encoding with the format header.</summary>
    public CacheKeyWriter()
    {
        _buffer = ArrayPool<byte>.Shared.Rent(InitialCapacity);
        _position = 0;
        WriteMarker(KeyEncodingMarker.FormatHeader);
        WriteByte(FormatVersion);
    }

    /// <summary>
    /// Whether this encoding is of a semantic partition: the call's key without its <see cref="SemanticTextAttribute"/>
    /// text. Generated writers skip a member marked [SemanticText] when it is set.
    /// </summary>
    public readonly bool LeavesOutSemanticText => _leavesOutSemanticText;

    /// <summary>Makes this encoding a semantic partition's (see <see cref="LeavesOutSemanticText"/>).</summary>
    public void LeaveOutSemanticText() => _leavesOutSemanticText = true;

    /// <summary>The bytes written so far (for tests and diagnostics).</summary>
    public readonly ReadOnlySpan<byte> WrittenBytes => _buffer.AsSpan(0, _position);

    /// <summary>Writes the name of the field whose value follows.</summary>
    public void WriteName(scoped ReadOnlySpan<byte> utf8Name)
    {
        Span<byte> destination = Reserve(1 + sizeof(int) + utf8Name.Length);
        destination[0] = (byte)KeyEncodingMarker.Name;
        BinaryPrimitives.WriteInt32LittleEndian(destination[1..], utf8Name.Length);
        utf8Name.CopyTo(destination[(1 + sizeof(int))..]);
    }

    /// <summary>Writes the name of the field whose value follows.</summary>
    public void WriteName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        WriteUtf8(KeyEncodingMarker.Name, name);
    }

    /// <summary>Writes a null.</summary>
    public void WriteNull() => WriteMarker(KeyEncodingMarker.Null);

    /// <summary>Writes a boolean.</summary>
    public void WriteBoolean(bool value) => WriteMarker(value ? KeyEncodingMarker.True : KeyEncodingMarker.False);

    /// <summary>Writes a signed integer of any width.</summary>
    public void WriteInt64(long value) => WriteTagged(KeyEncodingMarker.Int64, value);

    /// <summary>Writes an unsigned integer of any width; values that fit a long encode as <see cref="WriteInt64"/>.</summary>
    public void WriteUInt64(ulong value)
    {
        if (value <= long.MaxValue)
        {
            WriteInt64((long)value);
            return;
        }

        WriteMarker(KeyEncodingMarker.UInt64);
        BinaryPrimitives.WriteUInt64LittleEndian(Reserve(sizeof(ulong)), value);
    }

    /// <summary>Writes a floating-point number: -0.0 as 0.0, every NaN as one NaN.</summary>
    public void WriteDouble(double value)
    {
        if (value == 0d)
        {
            value = 0d;
        }
        else if (double.IsNaN(value))
        {
            value = double.NaN;
        }

        WriteTagged(KeyEncodingMarker.Double, BitConverter.DoubleToInt64Bits(value));
    }

    /// <summary>Writes a single-precision number, widened to double.</summary>
    public void WriteSingle(float value) => WriteDouble(value);

    /// <summary>Writes a decimal, normalized so that trailing zeros do not matter.</summary>
    public void WriteDecimal(decimal value)
    {
        WriteMarker(KeyEncodingMarker.Decimal);
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(Normalize(value), bits);
        Span<byte> destination = Reserve(16);
        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(i * 4, 4), bits[i]);
        }
    }

    /// <summary>Writes a string (or a null).</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteNull();
            return;
        }

        WriteString(value.AsSpan());
    }

    /// <summary>Writes a string. Text that is not valid UTF-16 is written as its raw code units under its own tag.</summary>
    public void WriteString(scoped ReadOnlySpan<char> value)
    {
        int markerPosition = _position;
        if (!TryWriteUtf8(KeyEncodingMarker.String, value))
        {
            _position = markerPosition;
            Span<byte> destination = Reserve(1 + sizeof(int) + (value.Length * sizeof(char)));
            destination[0] = (byte)KeyEncodingMarker.InvalidUtf16String;
            BinaryPrimitives.WriteInt32LittleEndian(destination[1..], value.Length * sizeof(char));
            for (int i = 0; i < value.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(destination[(1 + sizeof(int) + (i * sizeof(char)))..], value[i]);
            }
        }
    }

    /// <summary>Writes one character as a one-character string.</summary>
    public void WriteChar(char value) => WriteString(new ReadOnlySpan<char>(in value));

    /// <summary>Writes raw bytes (or a null).</summary>
    public void WriteBytes(scoped ReadOnlySpan<byte> value)
    {
        WriteMarker(KeyEncodingMarker.Bytes);
        WriteLength(value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes an enum by its underlying value.</summary>
    public void WriteEnum(long underlyingValue) => WriteTagged(KeyEncodingMarker.Enum, underlyingValue);

    /// <summary>Writes an enum by its underlying value.</summary>
    public void WriteEnum<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        WriteEnum(EnumToInt64(value));
    }

    /// <summary>Writes a date and time: its ticks and its kind.</summary>
    public void WriteDateTime(DateTime value)
    {
        WriteMarker(KeyEncodingMarker.DateTime);
        BinaryPrimitives.WriteInt64LittleEndian(Reserve(sizeof(long)), value.Ticks);
        WriteByte((byte)value.Kind);
    }

    /// <summary>Writes an instant with its offset.</summary>
    public void WriteDateTimeOffset(DateTimeOffset value)
    {
        WriteMarker(KeyEncodingMarker.DateTimeOffset);
        BinaryPrimitives.WriteInt64LittleEndian(Reserve(sizeof(long)), value.UtcTicks);
        BinaryPrimitives.WriteInt64LittleEndian(Reserve(sizeof(long)), value.Offset.Ticks);
    }

    /// <summary>Writes a duration.</summary>
    public void WriteTimeSpan(TimeSpan value) => WriteTagged(KeyEncodingMarker.TimeSpan, value.Ticks);

    /// <summary>Writes a GUID.</summary>
    public void WriteGuid(Guid value)
    {
        WriteMarker(KeyEncodingMarker.Guid);
        value.TryWriteBytes(Reserve(16));
    }

    /// <summary>Starts a sequence; its elements follow, then <see cref="EndSequence"/>.</summary>
    public void BeginSequence() => WriteMarker(KeyEncodingMarker.BeginSequence);

    /// <summary>Ends a sequence.</summary>
    public void EndSequence() => WriteMarker(KeyEncodingMarker.EndSequence);

    /// <summary>Starts a dictionary; its entries follow as key then value, in sorted key order, then <see cref="EndMap"/>.</summary>
    public void BeginMap() => WriteMarker(KeyEncodingMarker.BeginMap);

    /// <summary>Ends a dictionary.</summary>
    public void EndMap() => WriteMarker(KeyEncodingMarker.EndMap);

    /// <summary>Starts an object; its named fields follow, then <see cref="EndObject"/>.</summary>
    public void BeginObject() => WriteMarker(KeyEncodingMarker.BeginObject);

    /// <summary>Ends an object.</summary>
    public void EndObject() => WriteMarker(KeyEncodingMarker.EndObject);

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        byte[]? buffer = _buffer;
        _buffer = null;
        _position = 0;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;

    private void WriteMarker(KeyEncodingMarker marker, scoped ReadOnlySpan<byte> payload)
    {
        Span<byte> destination = Reserve(1 + sizeof(int) + payload.Length);
        destination[0] = (byte)marker;
        BinaryPrimitives.WriteInt32LittleEndian(destination[1..], payload.Length);
        payload.CopyTo(destination[(1 + sizeof(int))..]);
    }

    private void WriteUtf8(KeyEncodingMarker marker, string value)
    {
        if (!TryWriteUtf8(marker, value.AsSpan()))
        {
            // Names come from compiled code; an unpaired surrogate in one is a programming error.
            throw new ArgumentException("The name is not valid UTF-16.", nameof(value));
        }
    }

    /// <summary>Writes a tag, a length and UTF-8 text with one capacity check in the common (ASCII) case.</summary>
    private bool TryWriteUtf8(KeyEncodingMarker marker, scoped ReadOnlySpan<char> value)
    {
        const int Header = 1 + sizeof(int);
        EnsureCapacity(Header + value.Length);
        while (true)
        {
            byte[] buffer = _buffer!;
            OperationStatus status = Utf8.FromUtf16(value, buffer.AsSpan(_position + Header), out _, out int written, replaceInvalidSequences: false);
            if (status == OperationStatus.Done)
            {
                buffer[_position] = (byte)marker;
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(_position + 1, sizeof(int)), written);
                _position += Header + written;
                return true;
            }

            if (status != OperationStatus.DestinationTooSmall)
            {
                return false;
            }

            EnsureCapacity(Header + StrictUtf8.GetMaxByteCount(value.Length));
        }
    }

    private void WriteTagged(KeyEncodingMarker marker, long value)
    {
        Span<byte> destination = Reserve(1 + sizeof(long));
        destination[0] = (byte)marker;
        BinaryPrimitives.WriteInt64LittleEndian(destination[1..], value);
    }

    private void WriteMarker(KeyEncodingMarker marker) => WriteByte((byte)marker);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteByte(byte value)
    {
        EnsureCapacity(1);
        _buffer![_position++] = value;
    }

    private void WriteLength(int length) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(sizeof(int)), length);

    private void WriteRaw(scoped ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int count)
    {
        EnsureCapacity(count);
        Span<byte> span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureCapacity(int count)
    {
        byte[]? buffer = _buffer;
        if (buffer is null || buffer.Length - _position < count)
        {
            Grow(count);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int count)
    {
        byte[] buffer = _buffer ?? throw new ObjectDisposedException(nameof(CacheKeyWriter));
        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, _position + count));
        buffer.AsSpan(0, _position).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        _buffer = larger;
    }
}

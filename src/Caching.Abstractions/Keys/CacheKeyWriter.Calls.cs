using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Caching;

/// <summary>What every generated key method does around its values: the operation first, the key (or null) last.</summary>
public ref partial struct CacheKeyWriter
{
    private static ReadOnlySpan<byte> OperationName => "$op"u8;

    /// <summary>
    /// Whether a value could not be keyed (a derived type its writer does not know, an <c>object</c> holding a type
    /// without a known wire form): <see cref="Complete"/> then gives no key, and the call is not cached.
    /// </summary>
    public readonly bool IsUnkeyable => _unkeyable;

    /// <summary>
    /// Starts the encoding of a call: the format header, then the operation (interface, method and parameter types, as
    /// UTF-8) under the name <c>$op</c>, so that two methods never share a key. With <paramref name="semanticPartition"/>,
    /// the encoding is the call's semantic partition (<see cref="LeaveOutSemanticText"/>).
    /// </summary>
    public static CacheKeyWriter ForOperation(scoped ReadOnlySpan<byte> utf8Operation, bool semanticPartition = false)
    {
        var writer = new CacheKeyWriter { _leavesOutSemanticText = semanticPartition };
        writer.WriteName(OperationName);
        writer.WriteUtf8String(utf8Operation);
        return writer;
    }

    /// <summary>The SHA-256 of everything written, as 64 lowercase hexadecimal characters.</summary>
    /// <exception cref="CacheKeyUnsupportedValueException">A value could not be keyed (<see cref="IsUnkeyable"/>).</exception>
    public readonly string ToHashHex()
    {
        ThrowIfUnkeyable();
        Span<byte> hash = stackalloc byte[HashLength];
        ComputeHash(hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Writes the SHA-256 of everything written into <paramref name="destination"/> (32 bytes). An encoding keyed recently
    /// in this process is not hashed again (<see cref="RecentDigests"/>).
    /// </summary>
    public readonly void ComputeHash(Span<byte> destination) => RecentDigests.Shared.Compute(WrittenBytes, destination);

    /// <summary>
    /// Builds <c>{kind}:{model}:{hash}</c> in a single allocation (the model escaped as in
    /// <see cref="CacheKeyBuilder.EscapeKeyPart(string)"/>); with a scope, <c>scope:{scope}:{kind}:{model}:{hash}</c>.
    /// </summary>
    /// <exception cref="CacheKeyUnsupportedValueException">A value could not be keyed (<see cref="IsUnkeyable"/>).</exception>
    public readonly string ToKey(string kind, string model, string? scope = null)
    {
        ThrowIfUnkeyable();
        Span<byte> hash = stackalloc byte[HashLength];
        ComputeHash(hash);
        return CacheKeyBuilder.Compose(kind, model, hash, scope);
    }

    /// <summary>Writes a string given as UTF-8 (a <c>u8</c> literal), encoded exactly as <see cref="WriteString(string)"/> encodes it.</summary>
    public void WriteUtf8String(scoped ReadOnlySpan<byte> utf8Value) => WriteMarker(KeyEncodingMarker.String, utf8Value);

    /// <summary>Records that a value could not be keyed; what is written after it no longer matters.</summary>
    public void MarkUnkeyable() => _unkeyable = true;

    /// <summary>
    /// The key of everything written (<see cref="ToKey"/>), or null when a value could not be keyed; either way the buffer
    /// goes back to the pool, so the writer is not used again.
    /// </summary>
    public string? Complete(string kind, string model, string? scope = null)
    {
        string? key = _unkeyable ? null : ToKey(kind, model, scope);
        Dispose();
        return key;
    }

    /// <summary>Sorts dictionary entries into the canonical order: ordinal for strings, the default comparer otherwise.</summary>
    public static KeyValuePair<TKey, TValue>[] SortedEntries<TKey, TValue>(IEnumerable<KeyValuePair<TKey, TValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        KeyValuePair<TKey, TValue>[] sorted = [.. entries];
        if (typeof(TKey) == typeof(string))
        {
            Array.Sort(sorted, static (a, b) => string.CompareOrdinal((string?)(object?)a.Key, (string?)(object?)b.Key));
        }
        else
        {
            Array.Sort(sorted, static (a, b) => Comparer<TKey>.Default.Compare(a.Key, b.Key));
        }

        return sorted;
    }

    private static long EnumToInt64<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        // Type.GetTypeCode of an enum is its underlying type's code; the JIT folds the switch per TEnum, so nothing is boxed.
        return Type.GetTypeCode(typeof(TEnum)) switch
        {
            TypeCode.SByte => Unsafe.As<TEnum, sbyte>(ref value),
            TypeCode.Byte => Unsafe.As<TEnum, byte>(ref value),
            TypeCode.Int16 => Unsafe.As<TEnum, short>(ref value),
            TypeCode.UInt16 => Unsafe.As<TEnum, ushort>(ref value),
            TypeCode.Int32 => Unsafe.As<TEnum, int>(ref value),
            TypeCode.UInt32 => Unsafe.As<TEnum, uint>(ref value),
            TypeCode.Int64 => Unsafe.As<TEnum, long>(ref value),
            TypeCode.UInt64 => unchecked((long)Unsafe.As<TEnum, ulong>(ref value)),
            _ => throw new NotSupportedException($"Enum {typeof(TEnum)} has an unsupported underlying type."),
        };
    }

    /// <summary>A key must never cover part of a value: code that builds keys by hand learns it here.</summary>
    private readonly void ThrowIfUnkeyable()
    {
        if (_unkeyable)
        {
            throw new CacheKeyUnsupportedValueException("A value written into this key could not be keyed, so the call cannot be cached.");
        }
    }
}

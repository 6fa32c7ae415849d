using System;
using System.Text.Json;

namespace Caching;

/// <summary>
/// How values of <typeparamref name="T"/> are kept so that one caller's mutation never reaches another: immutable
/// values are shared as they are; arrays of primitives or of immutable elements are copied in and out; a mutable type with
/// a copier (<see cref="CacheValueCopiers"/>) is copied in and out by it; anything else is kept as System.Text.Json bytes
/// and deserialized per read. The classification is decided once per type; an entry records how it was kept (an instance
/// with the copier that made it, or bytes), so entries read back whatever copiers exist later.
/// </summary>
internal static class ValueCodec<T>
{
    public static readonly ValueHandling Handling = Classify();

    /// <summary>The representation to store, the copier it was made with (when it was copied) and its payload size in bytes.</summary>
    public static object? ToStored(T value, Func<T, T?>? copier, JsonSerializerOptions options, out Delegate? usedCopier, out long sizeBytes)
    {
        usedCopier = null;
        switch (Handling)
        {
            case ValueHandling.Shared:
                sizeBytes = SizeOfShared(value, options);
                return value;
            case ValueHandling.CopiedArray:
                var array = (Array?)(object?)value;
                sizeBytes = array is null ? 0 : ArraySize(array, value, options);
                return array?.Clone();
            case ValueHandling.Serialized when value is null:
                sizeBytes = 0;
                return null;
            case ValueHandling.Serialized when copier is not null && copier(value) is { } copy:
                usedCopier = copier;
                sizeBytes = SizeOfShared(value, options);
                return copy;
            default:
                byte[] bytes = ValueJson.Serialize(value, options);
                sizeBytes = bytes.Length + 24;
                return bytes;
        }
    }

    /// <summary>
    /// The representation to store for a value just deserialized from <paramref name="json"/>, sized from those bytes so
    /// that a fill from the second level never serializes the value again.
    /// </summary>
    public static object? ToStoredFromJson(T value, ReadOnlySpan<byte> json, Func<T, T?>? copier, JsonSerializerOptions options, out Delegate? usedCopier, out long sizeBytes)
    {
        usedCopier = null;
        switch (Handling)
        {
            case ValueHandling.Serialized when value is not null && copier is not null && copier(value) is { } copy:
                usedCopier = copier;
                sizeBytes = (2L * json.Length) + 64;
                return copy;
            case ValueHandling.Serialized:
                sizeBytes = json.Length + 24;
                return json.ToArray();
            case ValueHandling.Shared when value is not string && !typeof(T).IsPrimitive && !typeof(T).IsEnum:
                sizeBytes = value is null ? 0 : (2L * json.Length) + 64;
                return value;
            default:
                return ToStored(value, copier, options, out usedCopier, out sizeBytes);
        }
    }

    /// <summary>A caller's own value from what was stored: the shared instance, a copy, or a fresh deserialization.</summary>
    public static T FromStored(object? stored, Delegate? copier, JsonSerializerOptions options) => Handling switch
    {
        ValueHandling.Shared => (T)stored!,
        ValueHandling.CopiedArray => stored is null ? default! : (T)((Array)stored).Clone(),
        _ => stored switch
        {
            null => default!,
            byte[] json => ValueJson.Deserialize<T>(json, options)!,

            // A copier that declines a value it copied before is not trusted with it: the copy goes through JSON.
            _ => ((Func<T, T?>)copier!)((T)stored) ?? ValueJson.Deserialize<T>(ValueJson.Serialize((T)stored, options), options)!,
        },
    };

    /// <summary>
    /// The heap a shared instance holds, estimated: a string is its UTF-16 characters and header; any other object graph
    /// is twice its UTF-8 JSON (text becomes UTF-16 on the heap, and objects add headers and references) plus one object's
    /// overhead. Tests hold the estimate within 2x of a measured heap delta for the gateway's answers.
    /// </summary>
    private static long SizeOfShared(T value, JsonSerializerOptions options) => value switch
    {
        null => 0,
        string s => ((long)s.Length * sizeof(char)) + 22,
        _ when typeof(T).IsPrimitive || typeof(T).IsEnum => System.Runtime.CompilerServices.Unsafe.SizeOf<T>(),
        _ => (2 * ValueJson.Serialize(value, options).LongLength) + 64,
    };

    /// <summary>Primitive arrays by their bytes; arrays of shared immutable elements estimated as shared values are.</summary>
    private static long ArraySize(Array array, T value, JsonSerializerOptions options) =>
        array.GetType().GetElementType() is { IsPrimitive: true } or { IsEnum: true }
            ? Buffer.ByteLength(array) + 24
            : (2 * ValueJson.Serialize(value, options).LongLength) + 24 + (8L * array.Length);

    private static ValueHandling Classify()
    {
        Type type = typeof(T);
        if (ImmutableTypes.IsImmutable(type))
        {
            return ValueHandling.Shared;
        }

        Type? element = type.IsArray && type.GetArrayRank() == 1 ? type.GetElementType() : null;
        // An array of immutable elements (a recorded stream of immutable chunks) is copied shallowly: a caller may change
        // the array it gets, never the elements.
        return element is not null && (element.IsPrimitive || element.IsEnum || ImmutableTypes.IsImmutable(element))
            ? ValueHandling.CopiedArray
            : ValueHandling.Serialized;
    }
}

/// <summary>How a type's values are kept.</summary>
internal enum ValueHandling
{
    /// <summary>The same instance for every caller (immutable).</summary>
    Shared,

    /// <summary>A shallow copy of the array in and out.</summary>
    CopiedArray,

    /// <summary>JSON bytes, or a copy made by a copier when the manager has one for the type.</summary>
    Serialized,
}

using System;

namespace Caching;

/// <summary>
/// Hand-written copies of a mutable type's values, so that a memory cache can give every caller an instance of its own
/// without a JSON round trip per hit. Without a copier, a mutable value is kept as System.Text.Json bytes and read back
/// per hit (correct, but slower).
/// </summary>
/// <remarks>
/// A copier returns an instance that shares nothing mutable with its argument and that serializes to the same JSON, or
/// null when it cannot be sure of that for this value (the value is then kept as JSON). Registration is per type and
/// for the whole process; a later registration for the same type replaces the earlier one.
/// </remarks>
public static class CacheValueCopier
{
    /// <summary>Registers the copier of <typeparamref name="T"/>.</summary>
    public static void Register<T>(Func<T, T?> tryCopy)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(tryCopy);
        if (typeof(T).IsArray || typeof(T) == typeof(object))
        {
            throw new ArgumentException("A copier is registered for one concrete type; arrays are copied by the cache itself.", nameof(tryCopy));
        }

        Registered<T>.TryCopy = tryCopy;
    }

    /// <summary>The registered copier of <typeparamref name="T"/>, or null.</summary>
    public static Func<T, T?>? For<T>() => Registered<T>.TryCopy;

    private static class Registered<T>
    {
        public static volatile Func<T, T?>? TryCopy;
    }
}

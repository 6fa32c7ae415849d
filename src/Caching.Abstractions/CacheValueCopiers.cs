using System;
using System.Collections.Concurrent;

namespace Caching;

/// <summary>
/// Hand-written copies of mutable types' values, so that a memory cache can give every caller an instance of its own
/// without a JSON round trip per hit. A manager reads its copiers from its configuration
/// (<c>CacheConfig.ValueCopiers</c>), or from copiers registered in the DI container; without one, a mutable value is
/// kept as System.Text.Json bytes and read back per hit (correct, but slower).
/// </summary>
/// <remarks>
/// A copier returns an instance that shares nothing mutable with its argument and that serializes to the same JSON, or
/// null when it cannot be sure of that for this value (the value is then kept as JSON). A copier applies to values stored
/// after it was added; entries record how they were stored, so earlier ones still read.
/// </remarks>
public sealed class CacheValueCopiers
{
    private readonly ConcurrentDictionary<Type, Delegate> _copiers = new();

    /// <summary>Adds (or replaces) the copier of <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is an array or <see cref="object"/>: arrays are copied by the cache itself.</exception>
    public CacheValueCopiers Add<T>(Func<T, T?> tryCopy)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(tryCopy);
        Check(typeof(T));
        _copiers[typeof(T)] = tryCopy;
        return this;
    }

    /// <summary>Adds the copier of <typeparamref name="T"/> unless one is there already; true when added.</summary>
    public bool TryAdd<T>(Func<T, T?> tryCopy)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(tryCopy);
        Check(typeof(T));
        return _copiers.TryAdd(typeof(T), tryCopy);
    }

    /// <summary>The copier of <typeparamref name="T"/>, or null.</summary>
    public Func<T, T?>? For<T>() => _copiers.TryGetValue(typeof(T), out Delegate? copier) ? (Func<T, T?>)copier : null;

    private static void Check(Type type)
    {
        if (type.IsArray || type == typeof(object))
        {
            throw new ArgumentException("A copier is added for one concrete type; arrays are copied by the cache itself.", nameof(type));
        }
    }
}

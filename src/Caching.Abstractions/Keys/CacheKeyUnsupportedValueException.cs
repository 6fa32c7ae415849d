using System;

namespace Caching;

/// <summary>
/// Thrown when a key is asked of an encoding that could not key one of its values (a derived type the writer does not
/// know, an <c>object</c> holding a type without a known wire form): <see cref="CacheKeyWriter.ToKey"/> and
/// <see cref="CacheKeyWriter.ToHashHex"/> throw it, so a key never covers part of a value. Generated code asks
/// <see cref="CacheKeyWriter.Complete"/> instead, which gives null: the call is then sent to the provider directly and
/// counted in <see cref="CacheStats.Uncacheable"/>.
/// </summary>
public sealed class CacheKeyUnsupportedValueException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CacheKeyUnsupportedValueException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CacheKeyUnsupportedValueException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public CacheKeyUnsupportedValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a value of <paramref name="actual"/> where <paramref name="declared"/> was expected.</summary>
    public CacheKeyUnsupportedValueException(Type declared, Type actual)
        : base($"A {actual?.FullName} was passed where the cache key expects a {declared?.FullName}; derived types are not cached.")
    {
    }
}

using System;

namespace Caching;

/// <summary>
/// Thrown by a generated key writer when a value's runtime type is derived from the declared one: the writer cannot
/// know the derived type's state, so the call is not cached (the decorator calls the provider directly).
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

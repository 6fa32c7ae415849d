using System;

namespace Caching;

/// <summary>An entry was read as a type other than the one it was stored as: a fault, served as a miss.</summary>
internal sealed class CacheEntryTypeMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CacheEntryTypeMismatchException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CacheEntryTypeMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public CacheEntryTypeMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static CacheEntryTypeMismatchException For(string key, Type stored, Type requested) =>
        new($"The entry '{key}' holds a {stored.FullName} but was read as a {requested.FullName}.");
}

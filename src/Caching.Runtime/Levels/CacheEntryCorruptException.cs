using System;

namespace Caching;

/// <summary>A stored entry could not be read (corrupt, another format version or another type); it was deleted and served as a miss.</summary>
internal sealed class CacheEntryCorruptException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CacheEntryCorruptException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CacheEntryCorruptException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public CacheEntryCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

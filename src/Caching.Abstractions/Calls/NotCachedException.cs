using System;

namespace Caching;

/// <summary>
/// A call asked for a cached answer only (<see cref="CacheDirectives.OnlyIfCached"/>, HTTP <c>only-if-cached</c>) and the
/// cache had none; the provider was not called. A gateway answers 504, as RFC 9111 has it.
/// </summary>
public sealed class NotCachedException : Exception
{
    /// <summary>Creates the exception with its standard message.</summary>
    public NotCachedException()
        : base("Nothing is cached for this call, and it asked for a cached answer only.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NotCachedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public NotCachedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The key nothing was cached under.</summary>
    public string? Key { get; init; }
}

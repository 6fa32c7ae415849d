using System;

namespace Caching;

/// <summary>Cache configuration that cannot be used. The message names the field, the bad value and what is allowed.</summary>
public sealed class CacheConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CacheConfigException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CacheConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public CacheConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The field as the user wrote it (for example "max_size" or "Cache:MaxSize"), when one field is at fault.</summary>
    public string? Field { get; init; }

    internal static CacheConfigException For(string field, object? value, string allowed)
    {
        string shown = value switch
        {
            null => "nothing",
            string s => $"\"{s}\"",
            bool b => b ? "true" : "false",
            System.IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "?",
        };
        return new CacheConfigException($"Cache configuration field '{field}' has {shown}; {allowed}.") { Field = field };
    }
}

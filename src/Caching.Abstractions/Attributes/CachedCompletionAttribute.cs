using System;

namespace Caching;

/// <summary>
/// Caches the answers of a chat-completion method. Keys look like <c>chat:{model}:{hash}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CachedCompletionAttribute : Attribute
{
    /// <summary>
    /// How long an answer stays cached, in the configuration's duration grammar ("250ms", "90s", "10m", "1h30m", "1d").
    /// Checked at compile time. When absent the configured default applies.
    /// </summary>
    public string? Ttl { get; set; }
}

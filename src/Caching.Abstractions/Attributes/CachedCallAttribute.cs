using System;

namespace Caching;

/// <summary>
/// What every caching attribute says about a method's answers: how long they are fresh, how long they are kept stale to
/// stand in for a failing provider, and how long the provider may take before a stale answer is served instead. Each is a
/// duration in the configuration's grammar ("250ms", "90s", "10m", "1h30m", "1d", or "0" for none), checked at compile
/// time; when absent the configured default applies.
/// </summary>
public abstract class CachedCallAttribute : Attribute
{
    /// <summary>How long an answer is fresh (served as a hit).</summary>
    public string? Ttl { get; set; }

    /// <summary>
    /// How long after its freshness an answer is kept, stale, to be served only when the provider fails (an exception or
    /// a timeout), or with <see cref="SoftTimeout"/> is too slow. Never served while the provider answers.
    /// </summary>
    public string? StaleIfError { get; set; }

    /// <summary>With a stale answer to fall back on, how long the provider may take before the stale answer is served (the call goes on in the background to refresh the entry).</summary>
    public string? SoftTimeout { get; set; }

    /// <summary>With a stale answer to fall back on, the longest the provider may take before its call is cancelled.</summary>
    public string? HardTimeout { get; set; }
}

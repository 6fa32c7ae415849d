using System;

namespace Caching;

/// <summary>
/// How one call's answer is kept: how long it is fresh, how long it may still be served when the provider fails, and how
/// long the provider may take before a stale answer is served instead. Null properties take the manager's configuration.
/// A <see cref="TimeSpan"/> converts to options with that <see cref="Ttl"/>.
/// </summary>
public sealed record CacheEntryOptions
{
    /// <summary>How long an answer is fresh (served as a hit). Null: the configured <c>ttl</c>.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>
    /// How long after its freshness an answer is kept, stale, to be served only when the provider fails (an exception, a
    /// timeout) or, with <see cref="SoftTimeout"/>, is too slow. Zero keeps nothing stale. Null: the configured
    /// <c>stale_if_error</c> (default zero).
    /// </summary>
    public TimeSpan? StaleIfError { get; init; }

    /// <summary>
    /// When a stale answer exists and the provider has not answered within this time, the stale answer is served and the
    /// provider call goes on in the background to refresh the entry. Null: the configured <c>provider_soft_timeout</c>
    /// (default none).
    /// </summary>
    public TimeSpan? SoftTimeout { get; init; }

    /// <summary>
    /// The longest a provider call may run once a stale answer was served in its place (soft timeout): it is cancelled
    /// then and its answer never stored. Null: the configured <c>provider_hard_timeout</c> (default none).
    /// </summary>
    public TimeSpan? HardTimeout { get; init; }

    /// <summary>
    /// The part of an answer's freshness (for example 0.9) after which a hit starts one background refresh of the key, so
    /// that a key under traffic never turns into a miss. Null: the configured <c>eager_refresh</c> (default off).
    /// </summary>
    public double? EagerRefresh { get; init; }

    /// <summary>Options with a time to live only.</summary>
    public static implicit operator CacheEntryOptions(TimeSpan ttl) => new() { Ttl = ttl };

    /// <summary>Options with a time to live only.</summary>
    public static CacheEntryOptions FromTimeSpan(TimeSpan ttl) => new() { Ttl = ttl };
}

using System;

namespace Caching;

/// <summary>
/// When an entry was stored, until when it is fresh (served as a hit), until when it is kept stale (served only in place
/// of a failed provider call), and the version that tells one write of a key from another.
/// </summary>
internal readonly record struct EntryLifetime(DateTimeOffset Created, DateTimeOffset FreshUntil, DateTimeOffset Expires, long Version)
{
    /// <summary>A lifetime that starts now: fresh for <paramref name="ttl"/>, then stale for <paramref name="staleIfError"/>.</summary>
    public static EntryLifetime Starting(DateTimeOffset now, TimeSpan ttl, TimeSpan staleIfError) =>
        new(now, now + ttl, now + ttl + staleIfError, NewVersion());

    /// <summary>How long past its freshness the entry is at <paramref name="now"/> (zero while fresh).</summary>
    public TimeSpan StalenessAt(DateTimeOffset now) => now > FreshUntil ? now - FreshUntil : TimeSpan.Zero;

    /// <summary>A random version: two writes of a key (on any instance) never share one.</summary>
    public static long NewVersion() => Random.Shared.NextInt64(1, long.MaxValue);
}

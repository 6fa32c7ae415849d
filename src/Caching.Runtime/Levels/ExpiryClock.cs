using System;

namespace Caching;

/// <summary>
/// The clock a hit reads to check expiry, in milliseconds. On the system clock it is <see cref="Environment.TickCount64"/>,
/// several times cheaper than a <see cref="System.Diagnostics.Stopwatch"/> read, at the price of a resolution of a few
/// milliseconds (an entry may be served up to that long after its TTL). Any other <see cref="TimeProvider"/> (a test's
/// fake clock) is read exactly.
/// </summary>
internal readonly struct ExpiryClock
{
    private readonly TimeProvider? _custom;

    public ExpiryClock(TimeProvider time)
    {
        _custom = ReferenceEquals(time, TimeProvider.System) ? null : time;
    }

    // Integer arithmetic for another clock: a timestamp of 100 ns ticks since year 1 times 1000 is past a double's exact
    // range, which would put readings milliseconds apart from where they are.
    public long Now() => _custom is null
        ? Environment.TickCount64
        : (long)((Int128)_custom.GetTimestamp() * 1000 / _custom.TimestampFrequency);

    /// <summary>The readings of a lifetime, taken against <paramref name="now"/> (the wall-clock time the lifetime is relative to).</summary>
    public ExpiryTicks TicksOf(EntryLifetime lifetime, DateTimeOffset now, double? eagerRefresh)
    {
        long tick = Now();
        long refreshAt = long.MaxValue;
        if (eagerRefresh is { } fraction)
        {
            TimeSpan freshness = lifetime.FreshUntil - lifetime.Created;
            refreshAt = tick + Milliseconds(lifetime.Created + (freshness * fraction) - now);
        }

        return new ExpiryTicks(tick + Milliseconds(lifetime.FreshUntil - now), tick + Milliseconds(lifetime.Expires - now), refreshAt);
    }

    private static long Milliseconds(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);
}

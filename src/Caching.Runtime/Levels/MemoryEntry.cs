using System;
using System.Threading;

namespace Caching;

/// <summary>
/// What the memory store keeps per key. Its fields never change, so a reader never sees a half-written entry; only its
/// accounting state moves, once from new to counted and once to released, so that its bytes are added to and taken from
/// the <see cref="MemoryBudget"/> exactly once each, whatever order insertion and eviction race in.
/// </summary>
internal sealed class MemoryEntry(
    object? stored,
    Delegate? copier,
    Type valueType,
    long sizeBytes,
    EntryLifetime lifetime,
    ExpiryTicks ticks,
    MemoryBudget budget)
    : IDisposable
{
    private const int New = 0;
    private const int Counted = 1;
    private const int Released = 2;

    // Plain fields, read on every hit: a struct property would be copied out for each check.
    public readonly long FreshUntilTick = ticks.FreshUntil;
    public readonly long ExpiresTick = ticks.Expires;
    public readonly long RefreshAtTick = ticks.RefreshAt;

    private int _accounting;
    private int _refreshStarted;

    /// <summary>The value as kept: the shared instance, a copy, or its JSON bytes.</summary>
    public object? Stored { get; } = stored;

    /// <summary>The copier that made <see cref="Stored"/> (a <c>Func&lt;T, T?&gt;</c>), when the value was kept as a copy.</summary>
    public Delegate? Copier { get; } = copier;

    public Type ValueType { get; } = valueType;

    /// <summary>The retained size: payload, key and the store's per-entry overhead.</summary>
    public long SizeBytes { get; } = sizeBytes;

    public EntryLifetime Lifetime { get; } = lifetime;

    /// <summary>The same entry, not yet counted: for a retry after the LRU released this one without keeping it.</summary>
    public MemoryEntry Renewed() => new(Stored, Copier, ValueType, SizeBytes, Lifetime, new ExpiryTicks(FreshUntilTick, ExpiresTick, RefreshAtTick), budget);

    /// <summary>True for the one caller that should start this entry's eager refresh.</summary>
    public bool TryStartRefresh() => Interlocked.Exchange(ref _refreshStarted, 1) == 0;

    /// <summary>Counts the entry once it is known to be in the store; false when the store already let go of it.</summary>
    public bool TryCount()
    {
        if (Interlocked.CompareExchange(ref _accounting, Counted, New) != New)
        {
            return false;
        }

        budget.Add(SizeBytes);
        return true;
    }

    /// <summary>Called by the LRU when it lets go of the entry (evicted, removed, replaced, or never added).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _accounting, Released) == Counted)
        {
            budget.Release(SizeBytes);
        }
    }
}

/// <summary>An entry's lifetime on the <see cref="ExpiryClock"/>: fresh before <see cref="FreshUntil"/>, gone at <see cref="Expires"/>.</summary>
/// <param name="FreshUntil">Served as a hit before this reading.</param>
/// <param name="Expires">Removed at this reading; between the two it is stale.</param>
/// <param name="RefreshAt">A hit at or after this reading starts the eager refresh (<see cref="long.MaxValue"/>: never).</param>
internal readonly record struct ExpiryTicks(long FreshUntil, long Expires, long RefreshAt);

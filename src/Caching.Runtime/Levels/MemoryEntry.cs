using System;
using System.Threading;

namespace Caching;

/// <summary>
/// What the memory store keeps per key. Its fields never change, so a reader never sees a half-written entry; only its
/// accounting state moves, once from new to counted and once to released, so that its bytes are added to and taken from
/// the <see cref="MemoryBudget"/> exactly once each, whatever order insertion and eviction race in.
/// </summary>
internal sealed class MemoryEntry(object? stored, Type valueType, long sizeBytes, DateTimeOffset created, DateTimeOffset expires, long expiresAtTimestamp, MemoryBudget budget)
    : IDisposable
{
    private const int New = 0;
    private const int Counted = 1;
    private const int Released = 2;

    private int _accounting;

    public object? Stored { get; } = stored;

    public Type ValueType { get; } = valueType;

    /// <summary>The retained size: payload, key and the store's per-entry overhead.</summary>
    public long SizeBytes { get; } = sizeBytes;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Expires { get; } = expires;

    /// <summary>The <see cref="ExpiryClock"/> reading after which the entry is dead.</summary>
    public long ExpiresAtTimestamp { get; } = expiresAtTimestamp;

    /// <summary>The same entry, not yet counted: for a retry after the LRU released this one without keeping it.</summary>
    public MemoryEntry Renewed() => new(Stored, ValueType, SizeBytes, Created, Expires, ExpiresAtTimestamp, budget);

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

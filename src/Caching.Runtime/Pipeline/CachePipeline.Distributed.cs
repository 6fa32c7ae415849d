using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;

namespace Caching;

/// <summary>The second level: reads that fill memory, writes to both levels, and what the backplane reports.</summary>
internal sealed partial class CachePipeline : ILocalLevelEvents
{
    private readonly FillWatches _fills = new();

    // Memory writes made while no change of another instance could be heard (the backplane not connected, or the second
    // level not serving): on the first connection, these copies alone are dropped.
    private long _deafWrites;

    /// <summary>Whether this instance could miss another instance's change right now.</summary>
    private bool IsDeaf => _backplane is { IsConnected: false } || _distributed is { IsServing: false };

    /// <summary>
    /// Reads the second level once and keeps a memory copy of what it finds (for no longer than l1_ttl). An entry that
    /// cannot be read is deleted and counted as a fault.
    /// </summary>
    private async ValueTask<DistributedLookup<T>> ReadDistributedAsync<T>(IDistributedLevel distributed, string key, CancellationToken cancellationToken)
    {
        using FillWatches.Watch watch = _fills.Begin(key);
        long fillEpoch = Interlocked.Read(ref _fillEpoch);
        DistributedRead read;
        try
        {
            read = await distributed.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsFault(ex, cancellationToken))
        {
            RecordFault("read", key, ex.GetType().Name + ": " + ex.Message);
            return DistributedLookup<T>.Unavailable;
        }

        if (read.Status != DistributedReadStatus.Hit)
        {
            if (read.Status == DistributedReadStatus.Unavailable)
            {
                Counters.RecordFallback();
                return DistributedLookup<T>.Unavailable;
            }

            return DistributedLookup<T>.Miss;
        }

        if (!EntryEnvelope.TryRead(read.Bytes.Span, _json, out T value, out EntryLifetime lifetime, out string problem))
        {
            RecordFault("read", key, "the stored entry was deleted: " + problem);
            await distributed.RemoveAsync(key, CancellationToken.None).ConfigureAwait(false);
            return DistributedLookup<T>.Miss;
        }

        DateTimeOffset now = _time.GetUtcNow();
        if (lifetime.Expires <= now)
        {
            return DistributedLookup<T>.Miss;
        }

        // A removal elsewhere since the read began, or a later write of this key, makes the copy untrustworthy.
        if (Interlocked.Read(ref _fillEpoch) == fillEpoch && watch.MayKeep(lifetime))
        {
            ReadOnlySpan<byte> bytes = read.Bytes.Span;
            NoteDeafWrite();
            Memory.SetFromJson(key, value, bytes[EntryEnvelope.PayloadOffset(bytes)..], CopyLifetime(lifetime, now), _defaultPolicy.EagerRefresh);
        }

        return lifetime.FreshUntil > now ? DistributedLookup<T>.Fresh(value, lifetime) : DistributedLookup<T>.Stale(value, lifetime);
    }

    /// <summary>
    /// Stores in the second level (when it serves, for fresh + stale time) and in memory; the other instances drop older
    /// copies. True when the value was stored (in memory at least).
    /// </summary>
    private async ValueTask<bool> WriteAsync<T>(string key, T value, EntryPolicy policy, CancellationToken cancellationToken)
    {
        using System.Diagnostics.Activity? activity = CacheActivities.StartSet(key, ActiveStore);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            DateTimeOffset now = _time.GetUtcNow();
            EntryLifetime lifetime = EntryLifetime.Starting(now, policy.Ttl, policy.StaleIfError);
            EntryLifetime memoryLifetime = lifetime;
            if (_distributed is { } distributed)
            {
                TimeSpan kept = policy.Ttl + policy.StaleIfError;
                if (distributed.IsServing
                    && await distributed.SetAsync(key, EntryEnvelope.Write(value, lifetime, _json), kept, cancellationToken).ConfigureAwait(false))
                {
                    // The copy ends no later than the entry, whose lifetime began before the round trip.
                    memoryLifetime = CopyLifetime(lifetime, now);
                    _backplane?.Publish(new CacheChange(CacheChangeKind.Set, key) { Version = lifetime.Version, Created = lifetime.Created });
                }
                else
                {
                    // Memory serves alone until the second level returns.
                    Counters.RecordFallback();
                }
            }

            NoteDeafWrite();
            bool stored = Memory.Set(key, value, memoryLifetime, policy.EagerRefresh);
            Counters.RecordSet(start);
            return stored;
        }
        catch (Exception ex) when (IsFault(ex, cancellationToken))
        {
            RecordFault("write", key, ex.GetType().Name + ": " + ex.Message);
            return false;
        }
    }

    /// <summary>A memory copy of a second-level entry: never kept longer than l1_ttl, fresh no longer than the entry.</summary>
    private EntryLifetime CopyLifetime(EntryLifetime entry, DateTimeOffset now)
    {
        DateTimeOffset copyEnd = now + Config.L1Ttl;
        DateTimeOffset expires = entry.Expires < copyEnd ? entry.Expires : copyEnd;
        return entry with { FreshUntil = entry.FreshUntil < expires ? entry.FreshUntil : expires, Expires = expires };
    }

    private void NoteDeafWrite()
    {
        if (IsDeaf)
        {
            Interlocked.Increment(ref _deafWrites);
        }
    }

    /// <inheritdoc />
    public void OnRemoteChange(CacheChange change)
    {
        if (change.Kind == CacheChangeKind.Indexed)
        {
            if (change.Partition is { } partition)
            {
                _semantic?.OnRemoteIndexed(partition, change.Argument);
            }

            return;
        }

        if (change.Kind != CacheChangeKind.Set)
        {
            Interlocked.Increment(ref _fillEpoch);
            Interlocked.Increment(ref _invalidationEpoch);
        }

        switch (change.Kind)
        {
            case CacheChangeKind.Set:
                _fills.Announce(change.Argument, change.Version, change.Created);

                // A copy of that very write, or of a later one, is kept: only an older copy is stale.
                if (Memory.Peek(change.Argument) is { } copy
                    && !(change.Version != 0 && (copy.Lifetime.Version == change.Version || copy.Lifetime.Created > change.Created)))
                {
                    Memory.Remove(change.Argument, copy);
                }

                break;
            case CacheChangeKind.Remove:
                Memory.Remove(change.Argument);
                _semantic?.Remove(change.Argument);
                break;
            case CacheChangeKind.Invalidate:
                var pattern = new GlobPattern(change.Argument);
                Memory.Invalidate(pattern);
                _semantic?.Index.Invalidate(pattern);
                break;
            default:
                Memory.Clear();
                _semantic?.Clear();
                break;
        }
    }

    /// <inheritdoc />
    public void OnResynchronize(bool afterGap)
    {
        // On a first connection, copies taken before it (while no change of another instance could be heard) are the only
        // ones that may be stale; after a gap, any copy may be.
        if (!afterGap && Interlocked.Exchange(ref _deafWrites, 0) == 0)
        {
            return;
        }

        Interlocked.Exchange(ref _deafWrites, 0);
        BeginInvalidation();
        _semantic?.OnResynchronize();
        Counters.RecordFallbackDiscards(Memory.Clear());
    }

    /// <inheritdoc />
    public void OnAvailabilityChanged() =>
        _memoryServes = _backplane is null || _backplane.IsConnected || _distributed is not { IsServing: true };
}

/// <summary>What one read of the second level found.</summary>
internal readonly struct DistributedLookup<T>
{
    private DistributedLookup(DistributedLookupStatus status, T value, EntryLifetime lifetime)
    {
        Status = status;
        Value = value;
        Lifetime = lifetime;
    }

    public static DistributedLookup<T> Miss => default;

    public static DistributedLookup<T> Unavailable => new(DistributedLookupStatus.Unavailable, default!, default);

    public DistributedLookupStatus Status { get; }

    public T Value { get; }

    public EntryLifetime Lifetime { get; }

    public static DistributedLookup<T> Fresh(T value, EntryLifetime lifetime) => new(DistributedLookupStatus.Fresh, value, lifetime);

    public static DistributedLookup<T> Stale(T value, EntryLifetime lifetime) => new(DistributedLookupStatus.Stale, value, lifetime);
}

/// <summary>The outcomes of <see cref="DistributedLookup{T}"/>.</summary>
internal enum DistributedLookupStatus
{
    Miss,
    Fresh,
    Stale,
    Unavailable,
}

using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using BitFaster.Caching.Lru;

namespace Caching;

/// <summary>
/// The memory level, in front of any second level: BitFaster's ConcurrentLru (a lock-free pseudo-LRU of hot, warm and cold
/// queues, so a scan of new keys cannot flush entries that are read again) bounded by <see cref="CacheConfig.MaxSize"/>
/// entries and by <see cref="CacheConfig.MaxMemory"/> bytes (the coldest entries are trimmed until the total fits); an entry
/// larger than <see cref="CacheConfig.MaxEntrySize"/> is not stored. Each entry is fresh, then stale, then gone, checked on
/// every read against the <see cref="ExpiryClock"/>; a timer sweeps gone entries away without waiting for a read.
/// </summary>
internal sealed class MemoryLevel : IDisposable
{
    /// <summary>What the store adds to each entry's payload and key: the entry, its LRU item and its dictionary node.</summary>
    internal const int EntryOverheadBytes = 208;

    private readonly FastConcurrentLru<string, MemoryEntry> _entries;
    private readonly TimeProvider _time;
    private readonly CacheCounters _counters;
    private readonly JsonSerializerOptions _json;
    private readonly CacheValueCopiers _copiers;
    private readonly ITimer _sweeper;
    private readonly ExpiryClock _clock;
    private readonly MemoryBudget _budget;
    private long _insertions;
    private long _removals;

    public MemoryLevel(int capacity, MemoryBudget budget, TimeSpan defaultTtl, TimeProvider time, CacheCounters counters, JsonSerializerOptions json, CacheValueCopiers copiers)
    {
        _budget = budget;
        // ConcurrentLru needs room for its three queues. FastConcurrentLru is the variant without telemetry (which costs
        // every hit); the concrete type, not ICache, lets the JIT call it directly.
        _entries = new FastConcurrentLru<string, MemoryEntry>(Math.Max(capacity, 3));
        _time = time;
        _clock = new ExpiryClock(time);
        _counters = counters;
        _json = json;
        _copiers = copiers;
        TimeSpan sweepInterval = SweepIntervalFor(defaultTtl);
        _sweeper = time.CreateTimer(static state => ((MemoryLevel)state!).RemoveExpired(), this, sweepInterval, sweepInterval);
    }

    public long Count => _entries.Count;

    /// <summary>The retained bytes of the entries held now (a running total: reading it walks nothing).</summary>
    public long MemoryUsageBytes => _budget.UsedBytes;

    /// <summary>The byte budget the semantic index shares with the entries.</summary>
    public MemoryBudget Budget => _budget;

    /// <summary>
    /// Entries the LRU dropped to stay within its capacity: every entry inserted and not removed by us, nor still held.
    /// Derived rather than counted on each eviction, because ConcurrentLru reports evictions only with its telemetry on,
    /// which costs every hit.
    /// </summary>
    public long Evictions => Math.Max(0, Interlocked.Read(ref _insertions) - Interlocked.Read(ref _removals) - _entries.Count);

    /// <summary>How often the sweeper runs: a tenth of the default TTL, between one second and one minute.</summary>
    internal static TimeSpan SweepIntervalFor(TimeSpan ttl) =>
        TimeSpan.FromTicks(Math.Clamp(ttl.Ticks / 10, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));

    /// <summary>
    /// Reads an entry without throwing, so that the manager's hit path needs no exception handling: a wrong type or an
    /// unreadable value is reported, not thrown. The value is read only for a fresh entry.
    /// </summary>
    public MemoryRead Read<T>(string key, out T value, out MemoryEntry? entry)
    {
        if (!_entries.TryGet(key, out entry))
        {
            value = default!;
            return MemoryRead.Miss;
        }

        long now = _clock.Now();
        if (entry.FreshUntilTick <= now)
        {
            value = default!;
            return entry.ExpiresTick > now ? MemoryRead.Stale : Expired(key, entry);
        }

        if (entry.ValueType != typeof(T))
        {
            value = default!;
            return MemoryRead.WrongType;
        }

        // A shared value is the stored instance itself: the cast is all a hit costs. Copied and JSON-kept values may run a
        // copier or a deserializer.
        MemoryRead read;
        if (ValueCodec<T>.Handling == ValueHandling.Shared)
        {
            value = (T)entry.Stored!;
            read = MemoryRead.Hit;
        }
        else
        {
            read = ValueCodec<T>.Handling == ValueHandling.CopiedArray ? Fill(entry, out value) : FillSerialized(entry, out value);
        }

        return entry.RefreshAtTick <= now && read == MemoryRead.Hit ? MemoryRead.HitRefreshDue : read;
    }

    /// <summary>The value of an entry a read found stale (or fresh): a caller's own copy, or <see cref="MemoryRead.Unreadable"/>.</summary>
    public MemoryRead ValueOf<T>(MemoryEntry entry, out T value)
    {
        if (entry.ValueType != typeof(T))
        {
            value = default!;
            return MemoryRead.WrongType;
        }

        return ValueCodec<T>.Handling is ValueHandling.Shared or ValueHandling.CopiedArray ? Fill(entry, out value) : FillSerialized(entry, out value);
    }

    /// <summary>The live entry of a key (fresh or stale), without reading its value.</summary>
    public MemoryEntry? Peek(string key) =>
        _entries.TryGet(key, out MemoryEntry? entry) && entry.ExpiresTick > _clock.Now() ? entry : null;

    private MemoryRead Fill<T>(MemoryEntry entry, out T value)
    {
        value = ValueCodec<T>.FromStored(entry.Stored, entry.Copier, _json);
        return MemoryRead.Hit;
    }

    private MemoryRead FillSerialized<T>(MemoryEntry entry, out T value)
    {
        try
        {
            value = ValueCodec<T>.FromStored(entry.Stored, entry.Copier, _json);
            return MemoryRead.Hit;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            value = default!;
            return MemoryRead.Unreadable;
        }
    }

    /// <summary>Stores a value; false when it is larger than the largest entry the store keeps (it is then not stored).</summary>
    public bool Set<T>(string key, T value, EntryLifetime lifetime, double? eagerRefresh)
    {
        object? stored = ValueCodec<T>.ToStored(value, _copiers.For<T>(), _json, out Delegate? copier, out long payload);
        return Store(key, stored, copier, typeof(T), payload, lifetime, eagerRefresh);
    }

    /// <summary>Stores a value read from the second level, sized (and for JSON-kept types stored) from the bytes it was read from.</summary>
    public bool SetFromJson<T>(string key, T value, ReadOnlySpan<byte> json, EntryLifetime lifetime, double? eagerRefresh)
    {
        object? stored = ValueCodec<T>.ToStoredFromJson(value, json, _copiers.For<T>(), _json, out Delegate? copier, out long payload);
        return Store(key, stored, copier, typeof(T), payload, lifetime, eagerRefresh);
    }

    private bool Store(string key, object? stored, Delegate? copier, Type valueType, long payload, EntryLifetime lifetime, double? eagerRefresh)
    {
        long size = payload + ((long)key.Length * sizeof(char)) + EntryOverheadBytes;
        if (size > _budget.MaxEntryBytes)
        {
            // A newer answer that cannot be kept must not leave an older one to be served.
            Removed(_entries.TryRemove(key));
            _counters.RecordOversized();
            return false;
        }

        var entry = new MemoryEntry(stored, copier, valueType, size, lifetime, _clock.TicksOf(lifetime, _time.GetUtcNow(), eagerRefresh), _budget);
        while (true)
        {
            if (_entries.TryUpdate(key, entry))
            {
                break;
            }

            // GetOrAdd tells exactly one writer that it inserted, which keeps the eviction count exact.
            MemoryEntry current = _entries.GetOrAdd(key, static (_, added) => added, entry);
            if (ReferenceEquals(current, entry))
            {
                Interlocked.Increment(ref _insertions);
                break;
            }

            // Another writer inserted first; the LRU disposed (released) the entry it did not add, so retry with a fresh one.
            entry = entry.Renewed();
        }

        entry.TryCount();
        TrimToBudget();
        return true;
    }

    /// <summary>
    /// Drops the coldest entries until the held bytes fit the budget again, down to nine tenths of it: a trim walks the
    /// LRU's queues, so it is done in batches, not once per write.
    /// </summary>
    private void TrimToBudget()
    {
        for (int attempt = 0; attempt < 8 && _budget.IsOver; attempt++)
        {
            int count = _entries.Count;
            if (count == 0)
            {
                return;
            }

            long used = _budget.UsedBytes;
            long average = Math.Max(1, used / count);
            long excess = used - (_budget.MaxBytes / 10 * 9);
            _entries.Trim((int)Math.Clamp((excess + average - 1) / average, 1, count));
        }
    }

    public bool Remove(string key) => Removed(_entries.TryRemove(key));

    /// <summary>Removes exactly this entry of the key (not one written since).</summary>
    public bool Remove(string key, MemoryEntry entry) => Removed(_entries.TryRemove(new KeyValuePair<string, MemoryEntry>(key, entry)));

    public long Invalidate(GlobPattern pattern)
    {
        long removed = 0;
        foreach (KeyValuePair<string, MemoryEntry> item in _entries)
        {
            if (pattern.IsMatch(item.Key) && Removed(_entries.TryRemove(item)))
            {
                removed++;
            }
        }

        return removed;
    }

    public long Clear()
    {
        long removed = 0;
        foreach (KeyValuePair<string, MemoryEntry> item in _entries)
        {
            if (Removed(_entries.TryRemove(item)))
            {
                removed++;
            }
        }

        return removed;
    }

    public void Dispose() => _sweeper.Dispose();

    internal void RemoveExpired()
    {
        long now = _clock.Now();
        foreach (KeyValuePair<string, MemoryEntry> item in _entries)
        {
            if (item.Value.ExpiresTick <= now && Removed(_entries.TryRemove(item)))
            {
                _counters.RecordExpiration();
            }
        }
    }

    private MemoryRead Expired(string key, MemoryEntry entry)
    {
        if (Remove(key, entry))
        {
            _counters.RecordExpiration();
        }

        return MemoryRead.Miss;
    }

    private bool Removed(bool removed)
    {
        if (removed)
        {
            Interlocked.Increment(ref _removals);
        }

        return removed;
    }
}

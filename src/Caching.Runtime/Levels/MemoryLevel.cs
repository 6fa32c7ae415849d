using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using BitFaster.Caching.Lru;

namespace Caching;

/// <summary>
/// The memory level, in front of any second level: BitFaster's ConcurrentLru (a lock-free pseudo-LRU of hot, warm and cold queues, so a scan of
/// new keys cannot flush entries that are read again) bounded by <see cref="CacheConfig.MaxSize"/> entries and by
/// <see cref="CacheConfig.MaxMemory"/> bytes (the coldest entries are trimmed until the total fits); an entry larger than
/// <see cref="CacheConfig.MaxEntrySize"/> is not stored. Expiry is checked on every read against the
/// <see cref="ExpiryClock"/>, and a timer sweeps expired entries away without waiting for one.
/// </summary>
internal sealed class MemoryLevel : IDisposable
{
    private readonly FastConcurrentLru<string, MemoryEntry> _entries;
    private readonly TimeProvider _time;
    private readonly CacheCounters _counters;
    private readonly JsonSerializerOptions _json;
    private readonly ITimer _sweeper;
    private readonly ExpiryClock _clock;
    private readonly MemoryBudget _budget;
    private long _insertions;
    private long _removals;

    /// <summary>What the store adds to each entry's payload and key: the entry, its LRU item and its dictionary node.</summary>
    internal const int EntryOverheadBytes = 160;

    public MemoryLevel(int capacity, MemoryBudget budget, TimeSpan defaultTtl, TimeProvider time, CacheCounters counters, JsonSerializerOptions json)
    {
        _budget = budget;
        // ConcurrentLru needs room for its three queues. FastConcurrentLru is the variant without telemetry (which costs
        // every hit); the concrete type, not ICache, lets the JIT call it directly.
        _entries = new FastConcurrentLru<string, MemoryEntry>(Math.Max(capacity, 3));
        _time = time;
        _clock = new ExpiryClock(time);
        _counters = counters;
        _json = json;
        TimeSpan sweepInterval = SweepIntervalFor(defaultTtl);
        _sweeper = time.CreateTimer(static state => ((MemoryLevel)state!).RemoveExpired(), this, sweepInterval, sweepInterval);
    }

    public long Count => _entries.Count;

    /// <summary>The retained bytes of the entries held now (a running total: reading it walks nothing).</summary>
    public long MemoryUsageBytes => _budget.UsedBytes;

    /// <summary>
    /// Entries the LRU dropped to stay within its capacity: every entry inserted and not removed by us, nor still held.
    /// Derived rather than counted on each eviction, because ConcurrentLru reports evictions only with its telemetry on,
    /// which costs every hit.
    /// </summary>
    public long Evictions => Math.Max(0, Interlocked.Read(ref _insertions) - Interlocked.Read(ref _removals) - _entries.Count);

    /// <summary>How often the sweeper runs: a tenth of the default TTL, between one second and one minute.</summary>
    internal static TimeSpan SweepIntervalFor(TimeSpan ttl) =>
        TimeSpan.FromTicks(Math.Clamp(ttl.Ticks / 10, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));

    /// <summary>The fault a wrong-type or unreadable read stands for, for the caller to throw or to log.</summary>
    public static Exception FaultOf<T>(MemoryRead read, string key) => read == MemoryRead.WrongType
        ? new CacheEntryTypeMismatchException($"The entry '{key}' holds another type than {typeof(T).FullName}.")
        : new CacheEntryCorruptException($"The entry '{key}' could not be read as a {typeof(T).FullName}.");

    /// <summary>
    /// Reads an entry without throwing, so that the manager's hit path needs no exception handling: a wrong type or an
    /// unreadable value is reported, not thrown.
    /// </summary>
    public MemoryRead Read<T>(string key, out T value)
    {
        if (!_entries.TryGet(key, out MemoryEntry? entry) || !IsLive(key, entry))
        {
            value = default!;
            return MemoryRead.Miss;
        }

        if (entry.ValueType != typeof(T))
        {
            value = default!;
            return MemoryRead.WrongType;
        }

        // Shared and array values cannot fail to read; copied and JSON-kept ones may run a deserializer.
        if (ValueCodec<T>.Handling is ValueHandling.Shared or ValueHandling.CopiedArray)
        {
            value = ValueCodec<T>.FromStored(entry.Stored, _json);
            return MemoryRead.Hit;
        }

        return ReadSerialized(entry, out value);
    }

    private MemoryRead ReadSerialized<T>(MemoryEntry entry, out T value)
    {
        try
        {
            value = ValueCodec<T>.FromStored(entry.Stored, _json);
            return MemoryRead.Hit;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            value = default!;
            return MemoryRead.Unreadable;
        }
    }

    public CacheEntry<T>? GetEntry<T>(string key)
    {
        if (!_entries.TryGet(key, out MemoryEntry? entry) || !IsLive(key, entry))
        {
            return null;
        }

        if (entry.ValueType != typeof(T))
        {
            throw CacheEntryTypeMismatchException.For(key, entry.ValueType, typeof(T));
        }

        return new CacheEntry<T>(ValueCodec<T>.FromStored(entry.Stored, _json), entry.Created, entry.Expires, entry.SizeBytes);
    }

    /// <summary>Stores a value; false when it is larger than the largest entry the store keeps (it is then not stored).</summary>
    public bool Set<T>(string key, T value, TimeSpan ttl)
    {
        object? stored = ValueCodec<T>.ToStored(value, _json, out long payload);
        return Store(key, stored, typeof(T), payload, ttl);
    }

    /// <summary>Stores a value read from the second level, sized (and for JSON-kept types stored) from the bytes it was read from.</summary>
    public bool SetFromJson<T>(string key, T value, ReadOnlySpan<byte> json, TimeSpan ttl)
    {
        object? stored = ValueCodec<T>.ToStoredFromJson(value, json, _json, out long payload);
        return Store(key, stored, typeof(T), payload, ttl);
    }

    private bool Store(string key, object? stored, Type valueType, long payload, TimeSpan ttl)
    {
        long size = payload + ((long)key.Length * sizeof(char)) + EntryOverheadBytes;
        if (size > _budget.MaxEntryBytes)
        {
            // A newer answer that cannot be kept must not leave an older one to be served.
            Removed(_entries.TryRemove(key));
            _counters.RecordOversized();
            return false;
        }

        DateTimeOffset now = _time.GetUtcNow();
        long expiresAt = _clock.ExpiresAt(ttl);
        var entry = new MemoryEntry(stored, valueType, size, now, now + ttl, expiresAt, _budget);
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
            if (item.Value.ExpiresAtTimestamp <= now && Removed(_entries.TryRemove(item)))
            {
                _counters.RecordExpiration();
            }
        }
    }

    private bool IsLive(string key, MemoryEntry entry)
    {
        if (entry.ExpiresAtTimestamp > _clock.Now())
        {
            return true;
        }

        if (Removed(_entries.TryRemove(new KeyValuePair<string, MemoryEntry>(key, entry))))
        {
            _counters.RecordExpiration();
        }

        return false;
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

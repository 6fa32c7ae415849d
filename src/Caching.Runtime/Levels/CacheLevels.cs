using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;

namespace Caching;

/// <summary>
/// The memory level and the optional shared second level, kept coherent: reads fill memory from the second level,
/// writes and invalidations reach both, and the backplane's news of other instances' changes drops stale memory copies.
/// Knows the second level only through <see cref="IDistributedLevel"/>; the bytes it stores are written and read here.
/// </summary>
internal sealed class CacheLevels : ILocalLevelEvents, IAsyncDisposable
{
    private readonly IDistributedLevel? _distributed;
    private readonly ICacheBackplane? _backplane;
    private readonly CacheCounters _counters;
    private readonly TimeProvider _time;
    private readonly TimeSpan _memoryCopyTtl;
    private readonly JsonSerializerOptions _json;
    private volatile bool _memoryServes = true;

    // Bumped by every local or remote invalidation and by a resynchronization: a provider answer that started before one
    // is not stored, so an invalidation is never undone by a call that was in flight when it ran.
    private long _invalidationEpoch;

    // Bumped also by other instances' sets: a copy read from the second level before one is not kept in memory.
    private long _fillEpoch;

    public CacheLevels(MemoryLevel memory, DistributedBackend? distributed, CacheConfig config, CacheCounters counters, TimeProvider time, JsonSerializerOptions json)
    {
        Memory = memory;
        _distributed = distributed?.Level;
        _backplane = distributed?.Backplane;
        _counters = counters;
        _time = time;
        _json = json;
        _memoryCopyTtl = config.L1Ttl;
        _distributed?.Subscribe(this);
        _backplane?.Subscribe(this);
        OnAvailabilityChanged();
    }

    public MemoryLevel Memory { get; }

    /// <summary>The second level, or null when memory is the only level.</summary>
    public IDistributedLevel? Distributed => _distributed;

    /// <summary>
    /// False while the backplane is disconnected and the second level serves: memory copies may have been invalidated by
    /// another instance unseen, so reads go to the second level. With the second level down, memory serves alone.
    /// </summary>
    public bool MemoryServes => _memoryServes;

    public long InvalidationEpoch => Interlocked.Read(ref _invalidationEpoch);

    /// <summary>"memory", or the second level's name while it serves.</summary>
    public string ActiveStore => _distributed is { IsServing: true } level ? level.Name : "memory";

    /// <summary>"none", "connected" or "disconnected".</summary>
    public string BackplaneState => _backplane is null ? "none" : _backplane.IsConnected ? "connected" : "disconnected";

    /// <summary>
    /// Reads the second level and keeps a memory copy of what it finds. When the second level cannot answer, memory
    /// serves alone, even a copy that was skipped because the backplane was down (then both are down together).
    /// </summary>
    /// <exception cref="CacheEntryCorruptException">The stored bytes are not a value of <typeparamref name="T"/>; they were deleted.</exception>
    public async ValueTask<(StoreLookup<T> Lookup, bool FromMemory)> ReadDistributedAsync<T>(IDistributedLevel distributed, string key, CancellationToken cancellationToken)
    {
        long fillEpoch = Interlocked.Read(ref _fillEpoch);
        DistributedRead read = await distributed.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (read.Status == DistributedReadStatus.Unavailable)
        {
            _counters.RecordFallback();
            return Memory.Read(key, out T copy) == MemoryRead.Hit ? (new StoreLookup<T>(copy), true) : (StoreLookup<T>.Miss, false);
        }

        if (read.Status == DistributedReadStatus.Miss)
        {
            return (StoreLookup<T>.Miss, false);
        }

        if (!EntryEnvelope.TryRead(read.Bytes.Span, _json, out T value, out _, out DateTimeOffset expires, out string problem))
        {
            await distributed.RemoveAsync(key, CancellationToken.None).ConfigureAwait(false);
            throw new CacheEntryCorruptException($"The entry '{key}' was deleted: {problem}.");
        }

        TimeSpan remaining = expires - _time.GetUtcNow();
        if (remaining > TimeSpan.Zero && Interlocked.Read(ref _fillEpoch) == fillEpoch)
        {
            ReadOnlySpan<byte> bytes = read.Bytes.Span;
            Memory.SetFromJson(key, value, bytes[EntryEnvelope.PayloadOffset(bytes)..], remaining < _memoryCopyTtl ? remaining : _memoryCopyTtl);
        }

        return (new StoreLookup<T>(value), false);
    }

    /// <summary>
    /// The entry with its bookkeeping, from the second level when it serves (a memory copy's lifetime is shortened to
    /// l1_ttl), else from memory; does not keep a copy.
    /// </summary>
    public async ValueTask<CacheEntry<T>?> GetEntryAsync<T>(string key, CancellationToken cancellationToken)
    {
        if (_distributed is not { IsServing: true } distributed)
        {
            return Memory.GetEntry<T>(key);
        }

        DistributedRead read = await distributed.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (read.Status != DistributedReadStatus.Hit)
        {
            return read.Status == DistributedReadStatus.Unavailable ? Memory.GetEntry<T>(key) : null;
        }

        return EntryEnvelope.TryRead(read.Bytes.Span, _json, out T value, out DateTimeOffset created, out DateTimeOffset expires, out string problem)
            ? new CacheEntry<T>(value, created, expires, read.Bytes.Length)
            : throw new CacheEntryCorruptException($"The entry '{key}' could not be read: {problem}.");
    }

    /// <summary>Stores in the second level (when it serves) and in memory; the other instances drop their copies.</summary>
    public async ValueTask WriteAsync<T>(string key, T value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        TimeSpan memoryTtl = ttl;
        if (_distributed is { } distributed)
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (distributed.IsServing
                && await distributed.SetAsync(key, EntryEnvelope.Write(value, now, now + ttl, _json), ttl, cancellationToken).ConfigureAwait(false))
            {
                // The copy expires no later than the entry, whose lifetime began before the round trip.
                TimeSpan remaining = ttl - (_time.GetUtcNow() - now);
                memoryTtl = remaining < _memoryCopyTtl ? remaining : _memoryCopyTtl;
                _backplane?.Publish(new CacheChange(CacheChangeKind.Set, key));
            }
            else
            {
                // Memory serves alone until the second level returns; it is emptied then.
                _counters.RecordFallback();
            }
        }

        if (memoryTtl > TimeSpan.Zero)
        {
            Memory.Set(key, value, memoryTtl);
        }
    }

    /// <summary>Removes a key from both levels; true when either held it.</summary>
    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken)
    {
        BeginInvalidation();
        bool fromMemory = Memory.Remove(key);
        long? fromShared = _distributed is null ? 0 : await _distributed.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        _backplane?.Publish(new CacheChange(CacheChangeKind.Remove, key));
        return fromShared > 0 || fromMemory;
    }

    /// <summary>Removes matching keys from both levels: the count is the second level's when it answered, else memory's.</summary>
    public async ValueTask<long> InvalidateAsync(GlobPattern pattern, CancellationToken cancellationToken)
    {
        BeginInvalidation();
        long fromMemory = Memory.Invalidate(pattern);
        long? fromShared = _distributed is null ? null : await _distributed.InvalidateAsync(pattern.Text, cancellationToken).ConfigureAwait(false);
        _backplane?.Publish(new CacheChange(CacheChangeKind.Invalidate, pattern.Text));
        return fromShared ?? fromMemory;
    }

    /// <summary>Empties both levels of this namespace.</summary>
    public async ValueTask<long> ClearAsync(CancellationToken cancellationToken)
    {
        BeginInvalidation();
        long fromMemory = Memory.Clear();
        long? fromShared = _distributed is null ? null : await _distributed.ClearAsync(cancellationToken).ConfigureAwait(false);
        _backplane?.Publish(new CacheChange(CacheChangeKind.Clear, string.Empty));
        return fromShared ?? fromMemory;
    }

    /// <inheritdoc />
    public void OnRemoteChange(CacheChange change)
    {
        Interlocked.Increment(ref _fillEpoch);
        if (change.Kind != CacheChangeKind.Set)
        {
            Interlocked.Increment(ref _invalidationEpoch);
        }

        switch (change.Kind)
        {
            case CacheChangeKind.Set:
            case CacheChangeKind.Remove:
                Memory.Remove(change.Argument);
                break;
            case CacheChangeKind.Invalidate:
                Memory.Invalidate(new GlobPattern(change.Argument));
                break;
            default:
                Memory.Clear();
                break;
        }
    }

    /// <inheritdoc />
    public void OnResynchronize()
    {
        BeginInvalidation();
        _counters.RecordFallbackDiscards(Memory.Clear());
    }

    /// <inheritdoc />
    public void OnAvailabilityChanged() =>
        _memoryServes = _backplane is null || _backplane.IsConnected || _distributed is not { IsServing: true };

    public async ValueTask DisposeAsync()
    {
        if (_backplane is not null)
        {
            await _backplane.DisposeAsync().ConfigureAwait(false);
        }

        if (_distributed is not null)
        {
            await _distributed.DisposeAsync().ConfigureAwait(false);
        }

        Memory.Dispose();
    }

    private void BeginInvalidation()
    {
        Interlocked.Increment(ref _invalidationEpoch);
        Interlocked.Increment(ref _fillEpoch);
    }
}

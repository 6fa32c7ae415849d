using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// Redis with the memory store as fallback. A circuit breaker stops sending requests to a Redis that keeps failing (or
/// whose connection is down) and serves from memory; a background probe pings Redis and switches back when it answers.
/// Removals, invalidations and clears made while Redis was unreachable are queued and replayed on Redis before it
/// serves again, and the memory store is emptied then, so no entry invalidated during the outage comes back.
/// </summary>
internal sealed class FallbackCacheStore : ICacheStore
{
    private const int FailuresBeforeOpening = 3;

    private readonly RedisCacheStore _redis;
    private readonly MemoryCacheStore _memory;
    private readonly CacheCounters _counters;
    private readonly ILogger _logger;
    private readonly TimeSpan _probeInterval;
    private readonly Lock _gate = new();
    private readonly Queue<PendingInvalidation> _pending = new();
    private readonly SemaphoreSlim _opened = new(0, 1);
    private readonly CancellationTokenSource _disposed = new();
    private readonly Task _probe;
    private readonly RedisConnection _connection;
    private volatile bool _redisServes;
    private int _consecutiveFailures;

    private readonly TaskCompletionSource _firstServed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _firstAttempt;

    public FallbackCacheStore(RedisCacheStore redis, RedisConnection connection, MemoryCacheStore memory, CacheCounters counters, ILogger logger, TimeSpan probeInterval)
    {
        _firstAttempt = connection.FirstAttempt;
        _redis = redis;
        _connection = connection;
        _memory = memory;
        _counters = counters;
        _logger = logger;
        _probeInterval = probeInterval;

        // Start on the fallback: Redis serves only once a probe has reached it, so an unreachable Redis never delays start-up.
        _opened.Release();
        _probe = Task.Run(ProbeLoopAsync);
    }

    public long Count => _memory.Count;

    public long MemoryUsageBytes => _memory.MemoryUsageBytes;

    public long Evictions => _memory.Evictions;

    public string ActiveStore => _redisServes ? "redis" : "memory";

    /// <summary>Completes when Redis serves for the first time.</summary>
    public Task FirstServed => _firstServed.Task;

    public async ValueTask<StoreLookup<T>> GetAsync<T>(string key, CancellationToken cancellationToken)
    {
        if (_redisServes && _redis.IsConnected)
        {
            RedisValue stored = RedisValue.Null;
            bool read = false;
            try
            {
                stored = await _redis.ReadAsync(key, cancellationToken).ConfigureAwait(false);
                Succeeded();
                read = true;
            }
            catch (Exception ex) when (IsRedisFault(ex, cancellationToken))
            {
                Failed("read", ex);
            }

            if (read)
            {
                if (stored.IsNull)
                {
                    return StoreLookup<T>.Miss;
                }

                if (_redis.TryDecode(stored, out T value, out string problem))
                {
                    return new StoreLookup<T>(value);
                }

                throw await _redis.DeleteCorruptAsync(key, problem).ConfigureAwait(false);
            }
        }
        else
        {
            NoteDisconnected();
        }

        _counters.RecordFallback();
        return _memory.Lookup<T>(key);
    }

    public async ValueTask<CacheEntry<T>?> GetEntryAsync<T>(string key, CancellationToken cancellationToken)
    {
        if (_redisServes && _redis.IsConnected)
        {
            try
            {
                CacheEntry<T>? entry = await _redis.GetEntryAsync<T>(key, cancellationToken).ConfigureAwait(false);
                Succeeded();
                return entry;
            }
            catch (Exception ex) when (IsRedisFault(ex, cancellationToken))
            {
                Failed("read", ex);
            }
        }

        return await _memory.GetEntryAsync<T>(key, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SetAsync<T>(string key, T value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (_redisServes && _redis.IsConnected)
        {
            try
            {
                await _redis.SetAsync(key, value, ttl, cancellationToken).ConfigureAwait(false);
                Succeeded();
                return;
            }
            catch (Exception ex) when (IsRedisFault(ex, cancellationToken))
            {
                Failed("write", ex);
            }
        }
        else
        {
            NoteDisconnected();
        }

        _counters.RecordFallback();
        _memory.Set(key, value, ttl);
    }

    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken)
    {
        bool removedFromMemory = await _memory.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        bool? removedFromRedis = await OnRedisOrQueueAsync(
            new PendingInvalidation(PendingInvalidationKind.Key, key),
            async token => await _redis.RemoveAsync(key, token).ConfigureAwait(false) ? 1 : 0,
            cancellationToken).ConfigureAwait(false) is { } count ? count > 0 : null;
        return removedFromMemory || removedFromRedis == true;
    }

    public async ValueTask<long> InvalidateAsync(GlobPattern pattern, CancellationToken cancellationToken)
    {
        long fromMemory = await _memory.InvalidateAsync(pattern, cancellationToken).ConfigureAwait(false);
        long? fromRedis = await OnRedisOrQueueAsync(
            new PendingInvalidation(PendingInvalidationKind.Pattern, pattern.Text),
            token => _redis.InvalidateAsync(pattern.Text, token),
            cancellationToken).ConfigureAwait(false);
        return fromMemory + (fromRedis ?? 0);
    }

    public async ValueTask<long> ClearAsync(CancellationToken cancellationToken)
    {
        long fromMemory = await _memory.ClearAsync(cancellationToken).ConfigureAwait(false);
        long? fromRedis = await OnRedisOrQueueAsync(
            new PendingInvalidation(PendingInvalidationKind.Pattern, "*"),
            token => _redis.ClearAsync(token),
            cancellationToken).ConfigureAwait(false);
        return fromMemory + (fromRedis ?? 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        try
        {
            await _probe.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The probe loop ends by cancellation.
        }

        await _memory.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _disposed.Dispose();
        _opened.Dispose();
    }

    /// <summary>Runs an invalidation on Redis, or queues it for replay when Redis is not serving; null when queued.</summary>
    private async ValueTask<long?> OnRedisOrQueueAsync(PendingInvalidation invalidation, Func<CancellationToken, ValueTask<long>> onRedis, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_redisServes || !_redis.IsConnected)
            {
                _pending.Enqueue(invalidation);
                OpenLocked();
                return null;
            }
        }

        try
        {
            long removed = await onRedis(cancellationToken).ConfigureAwait(false);
            Succeeded();
            return removed;
        }
        catch (Exception ex) when (IsRedisFault(ex, cancellationToken))
        {
            lock (_gate)
            {
                _pending.Enqueue(invalidation);
                OpenLocked();
            }

            Failed("invalidation", ex);
            return null;
        }
    }

    private async Task ProbeLoopAsync()
    {
        CancellationToken stopping = _disposed.Token;

        // The first probe runs as soon as the first connection attempt ends, so a healthy Redis serves from the first call.
        await _firstAttempt.WaitAsync(stopping).ConfigureAwait(false);
        while (!stopping.IsCancellationRequested)
        {
            await _opened.WaitAsync(stopping).ConfigureAwait(false);
            while (!stopping.IsCancellationRequested && !await TryRecoverAsync(stopping).ConfigureAwait(false))
            {
                await Task.Delay(_probeInterval, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Pings Redis, replays the queued invalidations, empties the memory store and lets Redis serve again.</summary>
    private async Task<bool> TryRecoverAsync(CancellationToken stopping)
    {
        try
        {
            if (!_redis.IsConnected)
            {
                return false;
            }

            await _redis.PingAsync(stopping).ConfigureAwait(false);
            while (true)
            {
                PendingInvalidation? next;
                lock (_gate)
                {
                    if (!_pending.TryPeek(out next))
                    {
                        // Entries stored in memory during the outage may since have been invalidated elsewhere: writing
                        // them through could bring an invalidated answer back, so they are dropped and counted.
                        _counters.RecordFallbackDiscards(_memory.Clear());
                        Volatile.Write(ref _consecutiveFailures, 0);
                        _redisServes = true;
                        _firstServed.TrySetResult();
                        CacheLog.RedisRecovered(_logger);
                        return true;
                    }
                }

                if (next.Kind == PendingInvalidationKind.Key)
                {
                    await _redis.RemoveAsync(next.Argument, stopping).ConfigureAwait(false);
                }
                else
                {
                    await _redis.InvalidateAsync(next.Argument, stopping).ConfigureAwait(false);
                }

                lock (_gate)
                {
                    _pending.Dequeue();
                }
            }
        }
        catch (Exception ex) when (IsRedisFault(ex, stopping))
        {
            return false;
        }
    }

    private void Succeeded() => Volatile.Write(ref _consecutiveFailures, 0);

    private void Failed(string operation, Exception exception)
    {
        _counters.RecordRedisError();
        CacheLog.RedisFault(_logger, operation, exception.GetType().Name, RedisConnectionText.Redact(exception.Message) ?? string.Empty);
        if (Interlocked.Increment(ref _consecutiveFailures) >= FailuresBeforeOpening || !_redis.IsConnected)
        {
            lock (_gate)
            {
                OpenLocked();
            }
        }
    }

    private void NoteDisconnected()
    {
        if (_redisServes && !_redis.IsConnected)
        {
            _counters.RecordRedisError();
            lock (_gate)
            {
                OpenLocked();
            }
        }
    }

    private void OpenLocked()
    {
        if (!_redisServes)
        {
            return;
        }

        _redisServes = false;
        _counters.RecordCircuitOpened();
        CacheLog.RedisUnavailable(_logger);
        if (_opened.CurrentCount == 0)
        {
            _opened.Release();
        }
    }

    private static bool IsRedisFault(Exception exception, CancellationToken cancellationToken) =>
        exception is RedisException or TimeoutException or ObjectDisposedException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}

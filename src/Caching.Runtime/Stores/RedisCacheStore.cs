using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Caching;

/// <summary>
/// Values in Redis (or a Redis Cluster) under <c>{namespace}:{logical key}</c>, each SET with its TTL in one command
/// (<c>SET … PX</c>). Every call is bounded by the configured timeout. Invalidation uses SCAN on every primary and
/// UNLINK in batches grouped by hash slot, so it never blocks Redis and works on a cluster; it never touches keys
/// outside the namespace.
/// </summary>
internal sealed class RedisCacheStore
{
    private const int ScanPageSize = 500;
    private const int UnlinkBatchSize = 256;

    private readonly RedisConnection _connection;
    private readonly string _prefix;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly JsonSerializerOptions _json;
    private (IConnectionMultiplexer Owner, IDatabase Database)? _prefixed;

    public RedisCacheStore(RedisConnection connection, string cacheNamespace, TimeSpan timeout, TimeProvider time, JsonSerializerOptions json)
    {
        _connection = connection;
        _prefix = cacheNamespace + ":";
        _timeout = timeout;
        _time = time;
        _json = json;
    }

    public bool IsConnected => _connection.IsConnected;

    /// <summary>
    /// The database with the namespace prefix applied by StackExchange.Redis as bytes, so no key string is concatenated
    /// per call.
    /// </summary>
    private IDatabase Prefixed
    {
        get
        {
            IConnectionMultiplexer redis = Redis;
            (IConnectionMultiplexer Owner, IDatabase Database)? cached = _prefixed;
            if (cached is { } known && ReferenceEquals(known.Owner, redis))
            {
                return known.Database;
            }

            IDatabase database = redis.GetDatabase().WithKeyPrefix(_prefix);
            _prefixed = (redis, database);
            return database;
        }
    }

    private IConnectionMultiplexer Redis => _connection.Multiplexer ?? throw new RedisException("Redis is not connected yet.");

    /// <summary>The stored bytes of a logical key (null when absent), bounded by the timeout.</summary>
    public Task<RedisValue> ReadAsync(string key, CancellationToken cancellationToken) =>
        Bounded(Prefixed.StringGetAsync(key), cancellationToken);

    /// <summary>Reads a value from stored bytes; false with the reason when they are not a value of <typeparamref name="T"/>.</summary>
    public bool TryDecode<T>(RedisValue stored, out T value, out string problem) =>
        RedisEnvelope.TryRead(((ReadOnlyMemory<byte>)stored).Span, _json, out value, out _, out _, out problem);

    /// <summary>Deletes an unreadable entry and returns the exception to throw, so that the read counts as a fault and a miss.</summary>
    public async Task<CacheEntryCorruptException> DeleteCorruptAsync(string key, string problem)
    {
        await DeleteQuietlyAsync(_prefix + key).ConfigureAwait(false);
        return new CacheEntryCorruptException($"The entry '{key}' was deleted: {problem}.");
    }

    public async ValueTask<CacheEntry<T>?> GetEntryAsync<T>(string key, CancellationToken cancellationToken)
    {
        RedisValue stored = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (stored.IsNull)
        {
            return null;
        }

        byte[] bytes = (byte[])stored!;
        if (!RedisEnvelope.TryRead(bytes, _json, out T value, out DateTimeOffset created, out DateTimeOffset expires, out string problem))
        {
            throw await DeleteCorruptAsync(key, problem).ConfigureAwait(false);
        }

        return new CacheEntry<T>(value, created, expires, bytes.Length);
    }

    public async ValueTask SetAsync<T>(string key, T value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        byte[] envelope = RedisEnvelope.Write(value, now, now + ttl, _json);
        await Bounded(Prefixed.StringSetAsync(key, envelope, ttl), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken) =>
        await Bounded(Prefixed.KeyDeleteAsync(key), cancellationToken).ConfigureAwait(false);

    /// <summary>Removes this namespace's keys matching <paramref name="pattern"/> (over logical keys) from every primary.</summary>
    public async ValueTask<long> InvalidateAsync(string pattern, CancellationToken cancellationToken)
    {
        long removed = 0;
        IDatabase database = Redis.GetDatabase();
        foreach (IServer server in Redis.GetServers().Where(s => !s.IsReplica && s.IsConnected))
        {
            var batch = new List<RedisKey>(UnlinkBatchSize);
            using var scanTimeout = new CancellationTokenSource(_timeout * 50);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, scanTimeout.Token);
            await foreach (RedisKey key in server.KeysAsync(database.Database, _prefix + pattern, ScanPageSize).WithCancellation(linked.Token).ConfigureAwait(false))
            {
                batch.Add(key);
                if (batch.Count == UnlinkBatchSize)
                {
                    removed += await UnlinkAsync(database, batch, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            removed += await UnlinkAsync(database, batch, cancellationToken).ConfigureAwait(false);
        }

        return removed;
    }

    public ValueTask<long> ClearAsync(CancellationToken cancellationToken) => InvalidateAsync("*", cancellationToken);

    public async ValueTask<bool> PingAsync(CancellationToken cancellationToken)
    {
        await Bounded(Redis.GetDatabase().PingAsync(), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<long> UnlinkAsync(IDatabase database, List<RedisKey> keys, CancellationToken cancellationToken)
    {
        long removed = 0;

        // A cluster refuses a multi-key command across hash slots, so each batch holds one slot's keys.
        foreach (IGrouping<int, RedisKey> slot in keys.GroupBy(k => Redis.GetHashSlot(k)))
        {
            object[] arguments = slot.Select(k => (object)k).ToArray();
            RedisResult result = await Bounded(database.ExecuteAsync("UNLINK", arguments), cancellationToken).ConfigureAwait(false);
            removed += (long)result;
        }

        return removed;
    }

    private async Task DeleteQuietlyAsync(RedisKey key)
    {
        try
        {
            await Bounded(Redis.GetDatabase().KeyDeleteAsync(key), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The entry stays unreadable and will be deleted by the next read or its TTL.
        }
    }

    private Task<TResult> Bounded<TResult>(Task<TResult> operation, CancellationToken cancellationToken) =>
        operation.WaitAsync(_timeout, TimeProvider.System, cancellationToken);
}

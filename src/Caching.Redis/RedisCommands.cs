using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Caching.Redis;

/// <summary>
/// The Redis commands of the second level, on keys <c>{namespace}:{logical key}</c>: each SET carries its TTL in one
/// command (<c>SET … PX</c>). Every command is bounded by the one operation timeout, measured on the manager's
/// <see cref="TimeProvider"/>; a pattern invalidation by the scan budget. Invalidation uses SCAN on every primary and
/// UNLINK in batches grouped by hash slot, so it never blocks Redis and works on a cluster; it never touches keys outside
/// the namespace. Faults are thrown; <see cref="RedisLevel"/> decides what they mean.
/// </summary>
internal sealed class RedisCommands
{
    private const int ScanPageSize = 500;
    private const int UnlinkBatchSize = 256;

    private readonly RedisConnection _connection;
    private readonly string _prefix;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _scanBudget;
    private readonly TimeProvider _time;
    private (IConnectionMultiplexer Owner, IDatabase Database)? _prefixed;

    public RedisCommands(RedisConnection connection, string cacheNamespace, TimeSpan timeout, TimeSpan scanBudget, TimeProvider time)
    {
        _connection = connection;
        _prefix = cacheNamespace + ":";
        _timeout = timeout;
        _scanBudget = scanBudget;
        _time = time;
    }

    public bool IsConnected => _connection.IsConnected;

    /// <summary>The database with the namespace prefix applied by StackExchange.Redis as bytes, so no key string is concatenated per call.</summary>
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

    /// <summary>The stored bytes of a logical key (null when absent).</summary>
    public Task<RedisValue> GetAsync(string key, CancellationToken cancellationToken) =>
        Bounded(Prefixed.StringGetAsync(key), cancellationToken);

    public Task<bool> SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken) =>
        Bounded(Prefixed.StringSetAsync(key, value, ttl), cancellationToken);

    public Task<bool> RemoveAsync(string key, CancellationToken cancellationToken) =>
        Bounded(Prefixed.KeyDeleteAsync(key), cancellationToken);

    public Task<TimeSpan> PingAsync(CancellationToken cancellationToken) =>
        Bounded(Redis.GetDatabase().PingAsync(), cancellationToken);

    /// <summary>Removes this namespace's keys matching <paramref name="pattern"/> (over logical keys) from every primary, within the scan budget.</summary>
    public async Task<long> InvalidateAsync(string pattern, CancellationToken cancellationToken)
    {
        using var budget = new CancellationTokenSource(_scanBudget, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        long removed = 0;
        IDatabase database = Redis.GetDatabase();
        foreach (IServer server in Redis.GetServers().Where(s => !s.IsReplica && s.IsConnected))
        {
            var batch = new List<RedisKey>(UnlinkBatchSize);
            await foreach (RedisKey key in server.KeysAsync(database.Database, _prefix + pattern, ScanPageSize).WithCancellation(linked.Token).ConfigureAwait(false))
            {
                batch.Add(key);
                if (batch.Count == UnlinkBatchSize)
                {
                    removed += await UnlinkAsync(database, batch, linked.Token).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            removed += await UnlinkAsync(database, batch, linked.Token).ConfigureAwait(false);
        }

        return removed;
    }

    public Task<long> ClearAsync(CancellationToken cancellationToken) => InvalidateAsync("*", cancellationToken);

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

    private Task<TResult> Bounded<TResult>(Task<TResult> operation, CancellationToken cancellationToken) =>
        operation.WaitAsync(_timeout, _time, cancellationToken);
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Caching.Redis;

/// <summary>
/// The semantic layer's vectors in Redis, beside the entries: one hash per partition, <c>{namespace}|semantic|{partition}</c>,
/// a field per entry key holding its vector record. The hashes live outside the <c>{namespace}:</c> keyspace, so a pattern
/// over logical keys never matches a partition; invalidation removes the matching fields of every partition instead
/// (SCAN, then HSCAN MATCH with the same glob). A hash's TTL is raised, never lowered, to the longest-kept entry it
/// indexes. Works on Redis 7 and Garnet alike (no vector sets needed). Faults are logged and answered as unavailable;
/// nothing is asked of Redis while the level's circuit is open.
/// </summary>
internal sealed class RedisSemanticStore : ISemanticStore
{
    private const int ScanPageSize = 500;
    private const int DeleteBatchSize = 256;

    private readonly RedisConnection _connection;
    private readonly RedisLevel _level;
    private readonly string _prefix;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _scanBudget;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RedisSemanticStore(RedisConnection connection, RedisLevel level, CacheConfig config, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _level = level;
        _prefix = config.Namespace + "|semantic|";
        _timeout = config.RedisTimeout;
        _scanBudget = config.RedisScanTimeout;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<bool> AddAsync(string partition, string key, ReadOnlyMemory<byte> record, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (Database() is not { } database)
        {
            return false;
        }

        try
        {
            RedisKey hash = _prefix + partition;
            Task<bool> set = database.HashSetAsync(hash, key, record);
            Task<RedisResult> expire = database.ExecuteAsync("PEXPIRE", hash, (long)Math.Ceiling(ttl.TotalMilliseconds), "GT");
            Task<bool> persistNew = database.KeyExpireAsync(hash, ttl, ExpireWhen.HasNoExpiry);
            await Bounded(Task.WhenAll(set, expire, persistNew), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (RedisLevel.IsRedisFault(ex, cancellationToken))
        {
            Failed("semantic index write", ex);
            return false;
        }
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, byte[]>>?> ReadAllAsync(string partition, CancellationToken cancellationToken)
    {
        if (Database() is not { } database)
        {
            return null;
        }

        try
        {
            HashEntry[] entries = await Bounded(database.HashGetAllAsync(_prefix + partition), cancellationToken).ConfigureAwait(false);
            return [.. entries.Select(e => new KeyValuePair<string, byte[]>(e.Name!, (byte[])e.Value!))];
        }
        catch (Exception ex) when (RedisLevel.IsRedisFault(ex, cancellationToken))
        {
            Failed("semantic index read", ex);
            return null;
        }
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, byte[]>>?> ReadAsync(string partition, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        if (Database() is not { } database)
        {
            return null;
        }

        try
        {
            RedisValue[] fields = [.. keys.Select(k => (RedisValue)k)];
            RedisValue[] values = await Bounded(database.HashGetAsync(_prefix + partition, fields), cancellationToken).ConfigureAwait(false);
            var found = new List<KeyValuePair<string, byte[]>>(values.Length);
            for (int i = 0; i < values.Length; i++)
            {
                if (!values[i].IsNull)
                {
                    found.Add(new KeyValuePair<string, byte[]>(keys[i], (byte[])values[i]!));
                }
            }

            return found;
        }
        catch (Exception ex) when (RedisLevel.IsRedisFault(ex, cancellationToken))
        {
            Failed("semantic index read", ex);
            return null;
        }
    }

    public async ValueTask RemoveAsync(string partition, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        if (Database() is not { } database || keys.Count == 0)
        {
            return;
        }

        try
        {
            await Bounded(database.HashDeleteAsync(_prefix + partition, [.. keys.Select(k => (RedisValue)k)]), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisLevel.IsRedisFault(ex, cancellationToken))
        {
            Failed("semantic index removal", ex);
        }
    }

    public async ValueTask InvalidateAsync(string pattern, CancellationToken cancellationToken)
    {
        if (Database() is not { } database)
        {
            return;
        }

        try
        {
            using var budget = new CancellationTokenSource(_scanBudget, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
            await foreach (RedisKey hash in PartitionsAsync(database, linked.Token).ConfigureAwait(false))
            {
                var matching = new List<RedisValue>();
                await foreach (HashEntry entry in database.HashScanAsync(hash, pattern, ScanPageSize).WithCancellation(linked.Token).ConfigureAwait(false))
                {
                    matching.Add(entry.Name);
                }

                foreach (RedisValue[] batch in matching.Chunk(DeleteBatchSize))
                {
                    await Bounded(database.HashDeleteAsync(hash, batch), linked.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (RedisLevel.IsRedisFault(ex, cancellationToken))
        {
            // A vector left behind is harmless: its entry is gone, so a lookup that finds it drops it.
            Failed("semantic index invalidation", ex);
        }
    }

    public async ValueTask ClearAsync(CancellationToken cancellationToken)
    {
        if (Database() is not { } database)
        {
            return;
        }

        try
        {
            using var budget = new CancellationTokenSource(_scanBudget, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
            await foreach (RedisKey hash in PartitionsAsync(database, linked.Token).ConfigureAwait(false))
            {
                await Bounded(database.KeyDeleteAsync(hash), linked.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (RedisLevel.IsRedisFault(ex, cancellationToken))
        {
            Failed("semantic index clear", ex);
        }
    }

    private async IAsyncEnumerable<RedisKey> PartitionsAsync(IDatabase database, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IConnectionMultiplexer redis = _connection.Multiplexer!;
        foreach (IServer server in redis.GetServers().Where(s => !s.IsReplica && s.IsConnected))
        {
            await foreach (RedisKey hash in server.KeysAsync(database.Database, _prefix + "*", ScanPageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return hash;
            }
        }
    }

    /// <summary>The database, or null while the level's circuit is open (nothing is asked of an unreachable Redis).</summary>
    private IDatabase? Database() =>
        _level.IsServing && _connection.Multiplexer is { IsConnected: true } redis ? redis.GetDatabase() : null;

    private Task<TResult> Bounded<TResult>(Task<TResult> operation, CancellationToken cancellationToken) =>
        operation.WaitAsync(_timeout, _time, cancellationToken);

    private Task Bounded(Task operation, CancellationToken cancellationToken) =>
        operation.WaitAsync(_timeout, _time, cancellationToken);

    private void Failed(string operation, Exception exception) =>
        RedisLog.Fault(_logger, operation, exception.GetType().Name, RedisConnectionText.Redact(exception.Message) ?? string.Empty);
}

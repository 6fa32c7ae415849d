using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Caching.Redis;

/// <summary>
/// Redis as the shared second level. While the circuit breaker is closed every call goes to Redis; a failure is counted,
/// logged and answered as unavailable (the memory level serves). Removals, invalidations and clears that cannot reach
/// Redis are queued, and Redis serves again only after <see cref="RedisRecovery"/> has replayed them.
/// </summary>
internal sealed class RedisLevel : IDistributedLevel
{
    private readonly RedisConnection _connection;
    private readonly RedisCommands _commands;
    private readonly CircuitBreaker _breaker = new();
    private readonly RedisRecovery _recovery;
    private readonly ILogger _logger;
    private ILocalLevelEvents? _events;
    private long _errors;

    public RedisLevel(RedisConnection connection, CacheConfig config, TimeSpan probeInterval, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
        _commands = new RedisCommands(connection, config.Namespace, config.RedisTimeout, config.RedisScanTimeout, time);
        _recovery = new RedisRecovery(_commands, _breaker, connection.FirstAttempt, probeInterval, time, logger);
        connection.ConnectionFailed += kind =>
        {
            // Found at once rather than by the next command: memory hits would otherwise hide an outage.
            if (kind == ConnectionType.Interactive && _breaker.IsClosed)
            {
                Interlocked.Increment(ref _errors);
                _breaker.Failed(connectionLost: true);
            }
        };
        _breaker.Opened += () =>
        {
            RedisLog.Unavailable(_logger);
            _events?.OnAvailabilityChanged();
        };
    }

    public string Name => "redis";

    public bool IsServing => _breaker.IsClosed;

    public Task FirstServed => _recovery.FirstServed;

    public long Errors => Interlocked.Read(ref _errors);

    public long Outages => _breaker.Openings;

    public void Subscribe(ILocalLevelEvents events)
    {
        _events = events;
        _recovery.Subscribe(events);
    }

    public async ValueTask<DistributedRead> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (!CanServe())
        {
            return DistributedRead.Unavailable;
        }

        try
        {
            RedisValue stored = await _commands.GetAsync(key, cancellationToken).ConfigureAwait(false);
            _breaker.Succeeded();
            return stored.IsNull ? DistributedRead.Miss : DistributedRead.Hit((ReadOnlyMemory<byte>)stored);
        }
        catch (Exception ex) when (IsRedisFault(ex, cancellationToken))
        {
            Failed("read", ex);
            return DistributedRead.Unavailable;
        }
    }

    public async ValueTask<bool> SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (!CanServe())
        {
            return false;
        }

        try
        {
            await _commands.SetAsync(key, value, ttl, cancellationToken).ConfigureAwait(false);
            _breaker.Succeeded();
            return true;
        }
        catch (Exception ex) when (IsRedisFault(ex, cancellationToken))
        {
            Failed("write", ex);
            return false;
        }
    }

    public ValueTask<long?> RemoveAsync(string key, CancellationToken cancellationToken) =>
        OnRedisOrQueueAsync(new PendingInvalidation(false, key), async token => await _commands.RemoveAsync(key, token).ConfigureAwait(false) ? 1 : 0, cancellationToken);

    public ValueTask<long?> InvalidateAsync(string pattern, CancellationToken cancellationToken) =>
        OnRedisOrQueueAsync(new PendingInvalidation(true, pattern), token => _commands.InvalidateAsync(pattern, token), cancellationToken);

    public ValueTask<long?> ClearAsync(CancellationToken cancellationToken) =>
        OnRedisOrQueueAsync(new PendingInvalidation(true, "*"), _commands.ClearAsync, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _recovery.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    internal static bool IsRedisFault(Exception exception, CancellationToken cancellationToken) =>
        exception is RedisException or TimeoutException or ObjectDisposedException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>True when Redis may be asked; a connection found lost opens the breaker at once.</summary>
    private bool CanServe()
    {
        if (!_breaker.IsClosed)
        {
            return false;
        }

        if (!_commands.IsConnected)
        {
            Interlocked.Increment(ref _errors);
            _breaker.Failed(connectionLost: true);
            return false;
        }

        return true;
    }

    /// <summary>Runs an invalidation on Redis, or queues it for replay when Redis cannot take it; null when queued.</summary>
    private async ValueTask<long?> OnRedisOrQueueAsync(PendingInvalidation invalidation, Func<CancellationToken, Task<long>> onRedis, CancellationToken cancellationToken)
    {
        if (!CanServe())
        {
            _breaker.Defer(invalidation);
            return null;
        }

        try
        {
            long removed = await onRedis(cancellationToken).ConfigureAwait(false);
            _breaker.Succeeded();
            return removed;
        }
        catch (Exception ex) when (IsRedisFault(ex, cancellationToken))
        {
            // A partial invalidation must not leave Redis serving what it missed: it is replayed before Redis serves again.
            _breaker.Defer(invalidation);
            Failed("invalidation", ex);
            return null;
        }
    }

    private void Failed(string operation, Exception exception)
    {
        Interlocked.Increment(ref _errors);
        RedisLog.Fault(_logger, operation, exception.GetType().Name, RedisConnectionText.Redact(exception.Message) ?? string.Empty);
        _breaker.Failed(connectionLost: !_commands.IsConnected);
    }
}

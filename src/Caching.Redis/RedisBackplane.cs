using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Caching.Redis;

/// <summary>
/// The backplane over Redis pub/sub, on the channel <c>caching:backplane:{namespace}</c>. It counts as connected only
/// once it has received its own proof message since the last connection failure: a subscription that merely reconnected
/// may still miss messages until Redis has taken the SUBSCRIBE again. On a reconnection the memory level drops its copies
/// first, since changes published while this instance was deaf are lost; on the first connection only the copies taken
/// before it.
/// </summary>
internal sealed class RedisBackplane : ICacheBackplane
{
    private readonly RedisConnection _connection;
    private readonly string _namespace;
    private readonly RedisChannel _channel;
    private readonly string _instanceId = Guid.NewGuid().ToString("N");
    private readonly ILogger _logger;
    private readonly ITimer _proofTimer;
    private ILocalLevelEvents? _events;
    private IConnectionMultiplexer? _subscribedOn;
    private volatile bool _connected;
    private readonly TaskCompletionSource _firstConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _expectedProof = string.Empty;
    private int _disposed;
    private int _proving;

    public RedisBackplane(RedisConnection connection, string cacheNamespace, TimeSpan proofInterval, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _namespace = cacheNamespace;
        _channel = RedisChannel.Literal("caching:backplane:" + cacheNamespace);
        _logger = logger;
        connection.ConnectionFailed += OnConnectionFailed;
        _proofTimer = time.CreateTimer(static state => ((RedisBackplane)state!).ProveSubscription(), this, proofInterval, proofInterval);

        // The first proof goes out as soon as the connection is up, not a tick later, so that an instance is ready sooner.
        _ = connection.FirstAttempt.ContinueWith(static (_, state) => ((RedisBackplane)state!).ProveSubscription(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public bool IsConnected => _connected;

    public Task FirstConnected => _firstConnected.Task;

    public void Subscribe(ILocalLevelEvents events) => _events = events;

    public void Publish(CacheChange change)
    {
        if (_connection.Multiplexer is not { } redis)
        {
            return;
        }

        try
        {
            redis.GetSubscriber().Publish(_channel, BackplaneMessage.For(_instanceId, _namespace, change).ToString(), CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            // The other instances may miss this change; they drop their copies when their own subscription recovers, and
            // this instance's subscription will fail and recover too.
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _proofTimer.Dispose();
            _connection.ConnectionFailed -= OnConnectionFailed;
            if (Volatile.Read(ref _subscribedOn) is { } redis)
            {
                redis.GetSubscriber().Unsubscribe(_channel, OnMessage, CommandFlags.FireAndForget);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// While not connected: subscribes (once) and publishes a fresh proof for this instance to receive. A tick that finds
    /// the previous attempt still running does nothing, so a slow Redis never ties up more than one thread.
    /// </summary>
    private void ProveSubscription()
    {
        if (_connected || Volatile.Read(ref _disposed) != 0 || _connection.Multiplexer is not { } redis || !redis.IsConnected
            || Interlocked.Exchange(ref _proving, 1) != 0)
        {
            return;
        }

        _ = ProveAsync(redis);
    }

    private async Task ProveAsync(IConnectionMultiplexer redis)
    {
        try
        {
            ISubscriber subscriber = redis.GetSubscriber();
            if (_subscribedOn is null)
            {
                await subscriber.SubscribeAsync(_channel, OnMessage).ConfigureAwait(false);
                _subscribedOn = redis;
            }

            string proof = Guid.NewGuid().ToString("N");
            Volatile.Write(ref _expectedProof, proof);
            await subscriber.PublishAsync(_channel, new BackplaneMessage(_instanceId, _namespace, BackplaneMessage.Proof, proof).ToString()).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Redis is not reachable yet; the next tick tries again.
        }
        finally
        {
            Volatile.Write(ref _proving, 0);
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue value)
    {
        if (!BackplaneMessage.TryParse(value, out BackplaneMessage message) || message.Namespace != _namespace)
        {
            return;
        }

        if (message.InstanceId != _instanceId)
        {
            if (message.Change is { } change)
            {
                _events?.OnRemoteChange(change);
            }

            return;
        }

        if (message.Kind == BackplaneMessage.Proof && !_connected && message.Argument == Volatile.Read(ref _expectedProof))
        {
            // Changes published while this instance could not hear them are lost: its copies are dropped before it trusts
            // them again (on the first connection, only copies taken before it).
            _events?.OnResynchronize(afterGap: _firstConnected.Task.IsCompleted);
            _connected = true;
            _firstConnected.TrySetResult();
            _events?.OnAvailabilityChanged();
            RedisLog.BackplaneRestored(_logger);
        }
    }

    private void OnConnectionFailed(ConnectionType kind)
    {
        if (kind == ConnectionType.Subscription && _connected)
        {
            _connected = false;
            Volatile.Write(ref _expectedProof, string.Empty);
            _events?.OnAvailabilityChanged();
            RedisLog.BackplaneLost(_logger);
        }
    }
}

using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching;

/// <summary>
/// The one <see cref="ConnectionMultiplexer"/> of a manager, connected in the background so that an unreachable Redis
/// never delays start-up. StackExchange.Redis keeps reconnecting on its own after the first attempt.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly Task<ConnectionMultiplexer> _connecting;

    public RedisConnection(string connectionString, TimeSpan operationTimeout)
    {
        ConfigurationOptions options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = (int)Math.Clamp(operationTimeout.TotalMilliseconds * 10, 1000, 5000);
        options.AsyncTimeout = (int)Math.Max(operationTimeout.TotalMilliseconds, 1);
        options.SyncTimeout = options.AsyncTimeout;
        options.ConnectRetry = 1;
        options.ReconnectRetryPolicy = new LinearRetry(250);
        _connecting = Task.Run(() => ConnectionMultiplexer.ConnectAsync(options));
    }

    /// <summary>Completes when the first connection attempt has finished, connected or not; never faults.</summary>
    public Task FirstAttempt => _connecting.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>The multiplexer once the first connection attempt has finished; null before.</summary>
    public IConnectionMultiplexer? Multiplexer => _connecting.IsCompletedSuccessfully ? _connecting.Result : null;

    public bool IsConnected => Multiplexer?.IsConnected == true;

    public async ValueTask DisposeAsync()
    {
        try
        {
            ConnectionMultiplexer multiplexer = await _connecting.ConfigureAwait(false);
            await multiplexer.DisposeAsync().ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // Never connected: nothing to close.
        }
    }
}

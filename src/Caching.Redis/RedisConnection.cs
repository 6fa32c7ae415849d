using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching.Redis;

/// <summary>
/// The one <see cref="ConnectionMultiplexer"/> of a manager (commands and the backplane's subscription), connected in the
/// background so that an unreachable Redis never delays start-up. StackExchange.Redis keeps reconnecting on its own after
/// the first attempt.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly Task<ConnectionMultiplexer> _connecting;

    public RedisConnection(string connectionString, TimeSpan operationTimeout)
    {
        ConfigurationOptions options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = (int)Math.Clamp(operationTimeout.TotalMilliseconds * 10, 1000, 5000);

        // The operation timeout is applied by RedisCommands on the manager's TimeProvider. StackExchange.Redis's own
        // timeout only reclaims commands a caller stopped waiting for, so it is set well above ours and never fires first.
        options.AsyncTimeout = (int)Math.Clamp(operationTimeout.TotalMilliseconds * 10, 5000, int.MaxValue);
        options.SyncTimeout = options.AsyncTimeout;
        options.ConnectRetry = 1;
        options.ReconnectRetryPolicy = new LinearRetry(250);
        _connecting = Task.Run(async () =>
        {
            ConnectionMultiplexer multiplexer = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            multiplexer.ConnectionFailed += (_, args) => ConnectionFailed?.Invoke(args.ConnectionType);
            return multiplexer;
        });
    }

    /// <summary>Raised when a connection of the given kind (commands or the subscription) fails.</summary>
    public event Action<ConnectionType>? ConnectionFailed;

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

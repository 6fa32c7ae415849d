using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Caching.Redis;

/// <summary>
/// Brings Redis back into service: while the breaker is open, a probe pings Redis every interval; when it answers, the
/// queued invalidations are replayed, the memory level is told to drop what it took meanwhile, and the breaker closes.
/// </summary>
internal sealed class RedisRecovery : IAsyncDisposable
{
    private readonly RedisCommands _commands;
    private readonly CircuitBreaker _breaker;
    private readonly TimeSpan _probeInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _needed = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstServed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private ILocalLevelEvents? _events;

    public RedisRecovery(RedisCommands commands, CircuitBreaker breaker, Task firstAttempt, TimeSpan probeInterval, TimeProvider time, ILogger logger)
    {
        _commands = commands;
        _breaker = breaker;
        _probeInterval = probeInterval;
        _time = time;
        _logger = logger;
        breaker.Opened += () =>
        {
            if (_needed.CurrentCount == 0)
            {
                _needed.Release();
            }
        };
        _loop = Task.Run(() => RunAsync(firstAttempt));
    }

    public Task FirstServed => _firstServed.Task;

    public void Subscribe(ILocalLevelEvents events) => _events = events;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        _stopping.Dispose();
        _needed.Dispose();
    }

    private async Task RunAsync(Task firstAttempt)
    {
        CancellationToken stopping = _stopping.Token;

        // The first probe runs as soon as the first connection attempt ends, so a healthy Redis serves from the first call.
        await firstAttempt.WaitAsync(stopping).ConfigureAwait(false);
        while (!stopping.IsCancellationRequested)
        {
            await _needed.WaitAsync(stopping).ConfigureAwait(false);
            while (!stopping.IsCancellationRequested && !await TryRecoverAsync(stopping).ConfigureAwait(false))
            {
                await Task.Delay(_probeInterval, _time, stopping).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> TryRecoverAsync(CancellationToken stopping)
    {
        if (_breaker.IsClosed)
        {
            return true;
        }

        try
        {
            if (!_commands.IsConnected)
            {
                return false;
            }

            await _commands.PingAsync(stopping).ConfigureAwait(false);
            do
            {
                while (_breaker.TryPeekPending(out PendingInvalidation? next))
                {
                    if (next!.IsPattern)
                    {
                        await _commands.InvalidateAsync(next.Argument, stopping).ConfigureAwait(false);
                    }
                    else
                    {
                        await _commands.RemoveAsync(next.Argument, stopping).ConfigureAwait(false);
                    }

                    _breaker.Replayed(next);
                }

                // Entries the memory level took while Redis could not be reached may since have been invalidated elsewhere,
                // so they are dropped before Redis serves (the first time, only those taken before it ever served). An
                // invalidation deferred meanwhile keeps the breaker open: it is replayed first.
                _events?.OnResynchronize(afterGap: _firstServed.Task.IsCompleted);
            }
            while (!_breaker.TryClose());

            _firstServed.TrySetResult();
            RedisLog.Recovered(_logger);
            _events?.OnAvailabilityChanged();
            return true;
        }
        catch (Exception ex) when (RedisLevel.IsRedisFault(ex, stopping))
        {
            return false;
        }
    }
}

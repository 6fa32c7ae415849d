using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>
/// Soft and hard timeouts of a provider call that has a stale answer to fall back on: at the soft timeout its callers
/// are answered stale while the call goes on; at the hard timeout the call is abandoned as failed.
/// </summary>
internal sealed partial class CachePipeline
{
    /// <summary>
    /// The provider call with a stale answer to fall back on: at the soft timeout the flight is answered stale and the call
    /// goes on (its answer refreshes the entry, and goes to callers that refused the stale one); at the hard timeout the
    /// call is cancelled and counts as failed. Completes the flight itself; never throws.
    /// </summary>
    private async Task CallWithTimeoutsAsync<TState, T>(
        string key,
        Flight<T> flight,
        TState state,
        Func<TState, CacheFactoryContext, CancellationToken, ValueTask<T>> factory,
        CacheFactoryContext context,
        EntryPolicy policy,
        StaleAnswer<T> stale,
        long epoch,
        SemanticIndexing? indexing)
    {
        using var hardTimeout = policy.HardTimeout > TimeSpan.Zero ? new CancellationTokenSource(policy.HardTimeout, _time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(flight.Token, hardTimeout.Token);
        Task<T> call;
        try
        {
            call = factory(state, context, linked.Token).AsTask();
        }
        catch (Exception ex)
        {
            FailFlight(key, flight, stale, ex);
            return;
        }

        Task hardDeadline = Task.Delay(policy.HardTimeout > TimeSpan.Zero ? policy.HardTimeout : Timeout.InfiniteTimeSpan, _time, flight.Token);
        TaskCompletionSource<T>? pending = null;
        if (policy.SoftTimeout > TimeSpan.Zero && (policy.HardTimeout == TimeSpan.Zero || policy.SoftTimeout < policy.HardTimeout))
        {
            Task softDeadline = Task.Delay(policy.SoftTimeout, _time, flight.Token);
            if (await Task.WhenAny(call, softDeadline).ConfigureAwait(false) != call && softDeadline.IsCompletedSuccessfully)
            {
                // Answer stale now; the call goes on, and callers that refuse this stale answer wait for it.
                pending = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                _ = pending.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                flight.Complete(new FlightOutcome<T>(FlightSource.Stale, stale.Value, stale.Lifetime, stored: false) { Pending = pending.Task });
                NoteStaleServed(key, new TimeoutException($"The provider did not answer within the soft timeout of {policy.SoftTimeout}."));
            }
        }

        try
        {
            T value = await AwaitWithDeadlineAsync(call, hardDeadline, policy).ConfigureAwait(false);
            bool stored = await StoreAnswerAsync(key, value, context, policy, epoch).ConfigureAwait(false);
            if (stored)
            {
                IndexStored(indexing, key, policy);
            }

            flight.Complete(new FlightOutcome<T>(FlightSource.Provider, value, default, stored));
            pending?.TrySetResult(value);
        }
        catch (Exception ex)
        {
            if (pending is null)
            {
                FailFlight(key, flight, stale, ex);
            }
            else
            {
                pending.TrySetException(ex);
            }
        }
    }

    /// <summary>The call's answer, or a <see cref="TimeoutException"/> at the hard timeout (even from a call that ignores its token).</summary>
    private static async Task<T> AwaitWithDeadlineAsync<T>(Task<T> call, Task hardDeadline, EntryPolicy policy)
    {
        if (await Task.WhenAny(call, hardDeadline).ConfigureAwait(false) == call)
        {
            try
            {
                return await call.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (hardDeadline.IsCompleted)
            {
                throw HardTimeout(policy);
            }
        }

        // The call is abandoned: its outcome is observed so that a late failure is never an unobserved task exception.
        _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (hardDeadline.IsCanceled)
        {
            throw new OperationCanceledException("Every caller of the flight gave up.");
        }

        throw HardTimeout(policy);
    }

    private static TimeoutException HardTimeout(EntryPolicy policy) =>
        new($"The provider did not answer within the hard timeout of {policy.HardTimeout}.");
}

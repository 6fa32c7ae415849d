using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>
/// One read of the second level and at most one provider call, shared by every caller that missed the same key while it
/// runs. Its token is cancelled only when every caller that joined has given up, so one caller's cancellation never
/// cancels the others.
/// </summary>
internal sealed class Flight<T> : ICoalescedFlight
{
    private readonly TaskCompletionSource<FlightOutcome<T>> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abandoned = new();
    private readonly Lock _gate = new();
    private int _waiters;
    private bool _closed;

    public CancellationToken Token => _abandoned.Token;

    public Task<FlightOutcome<T>> Result => _result.Task;

    /// <summary>Adds a caller; false when the flight has been abandoned by all its callers and must not be joined.</summary>
    public bool TryJoin()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _waiters++;
            return true;
        }
    }

    public async ValueTask<FlightOutcome<T>> WaitAsync(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return await _result.Task.ConfigureAwait(false);
        }

        try
        {
            return await _result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Leave();
            throw;
        }
    }

    public void Complete(FlightOutcome<T> outcome) => _result.TrySetResult(outcome);

    public void Fail(Exception exception)
    {
        if (exception is OperationCanceledException canceled)
        {
            _result.TrySetCanceled(canceled.CancellationToken);
        }
        else
        {
            _result.TrySetException(exception);
        }
    }

    public void Dispose() => _abandoned.Dispose();

    private void Leave()
    {
        lock (_gate)
        {
            if (--_waiters > 0 || _result.Task.IsCompleted)
            {
                return;
            }

            _closed = true;
        }

        try
        {
            _abandoned.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The flight finished between the last caller leaving and the cancellation.
        }
    }
}

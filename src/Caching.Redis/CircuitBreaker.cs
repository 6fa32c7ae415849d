using System;
using System.Threading;

namespace Caching.Redis;

/// <summary>
/// Stops sending requests to a Redis that keeps failing: three consecutive failures (or a lost connection) open it; only
/// the recovery loop closes it. Its lock also guards the replay queue, so that "nothing left to replay" and "serve again"
/// happen as one step.
/// </summary>
internal sealed class CircuitBreaker
{
    private const int FailuresBeforeOpening = 3;

    private readonly Lock _gate = new();
    private volatile bool _closed;
    private int _consecutiveFailures;
    private long _openings;

    /// <summary>Raised, outside the lock, when the breaker opens.</summary>
    public event Action? Opened;

    public bool IsClosed => _closed;

    public long Openings => Interlocked.Read(ref _openings);

    public void Succeeded() => Volatile.Write(ref _consecutiveFailures, 0);

    /// <summary>Counts a failure; opens the breaker after too many in a row or when the connection is lost.</summary>
    public void Failed(bool connectionLost)
    {
        if (Interlocked.Increment(ref _consecutiveFailures) >= FailuresBeforeOpening || connectionLost)
        {
            Open(static () => { });
        }
    }

    /// <summary>Runs <paramref name="underLock"/> and opens the breaker, as one step.</summary>
    public void Open(Action underLock)
    {
        bool opened;
        lock (_gate)
        {
            underLock();
            opened = _closed;
            _closed = false;
        }

        if (opened)
        {
            Interlocked.Increment(ref _openings);
            Opened?.Invoke();
        }
    }

    /// <summary>Closes the breaker when <paramref name="canClose"/> holds, checked under the lock; runs <paramref name="beforeClosing"/> first.</summary>
    public bool TryClose(Func<bool> canClose, Action beforeClosing)
    {
        lock (_gate)
        {
            if (!canClose())
            {
                return false;
            }

            beforeClosing();
            Volatile.Write(ref _consecutiveFailures, 0);
            _closed = true;
            return true;
        }
    }

    /// <summary>Runs <paramref name="action"/> under the breaker's lock.</summary>
    public void Locked(Action action)
    {
        lock (_gate)
        {
            action();
        }
    }
}

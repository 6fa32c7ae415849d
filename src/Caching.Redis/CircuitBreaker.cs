using System.Collections.Generic;
using System.Threading;

namespace Caching.Redis;

/// <summary>
/// Stops sending requests to a Redis that keeps failing: three consecutive failures (or a lost connection) open it; only
/// the recovery loop closes it, and only once the invalidations deferred while it was open have all been replayed. It
/// owns that queue, so that "defer and open" and "nothing left, close" are each one step under its lock.
/// </summary>
internal sealed class CircuitBreaker
{
    private const int FailuresBeforeOpening = 3;

    private readonly Lock _gate = new();
    private readonly Queue<PendingInvalidation> _pending = new();
    private volatile bool _closed;
    private int _consecutiveFailures;
    private long _openings;

    /// <summary>Raised, outside the lock, when the breaker opens.</summary>
    public event System.Action? Opened;

    public bool IsClosed => _closed;

    public long Openings => Interlocked.Read(ref _openings);

    public void Succeeded() => Volatile.Write(ref _consecutiveFailures, 0);

    /// <summary>Counts a failure; opens the breaker after too many in a row or when the connection is lost.</summary>
    public void Failed(bool connectionLost)
    {
        if (Interlocked.Increment(ref _consecutiveFailures) >= FailuresBeforeOpening || connectionLost)
        {
            Open(deferred: null);
        }
    }

    /// <summary>Queues an invalidation Redis could not take, and opens the breaker, as one step: Redis serves no more until it ran.</summary>
    public void Defer(PendingInvalidation invalidation) => Open(invalidation);

    /// <summary>The oldest deferred invalidation, to replay; false when none is left.</summary>
    public bool TryPeekPending(out PendingInvalidation? next)
    {
        lock (_gate)
        {
            return _pending.TryPeek(out next);
        }
    }

    /// <summary>Takes a replayed invalidation off the queue.</summary>
    public void Replayed(PendingInvalidation invalidation)
    {
        lock (_gate)
        {
            if (_pending.TryPeek(out PendingInvalidation? first) && ReferenceEquals(first, invalidation))
            {
                _pending.Dequeue();
            }
        }
    }

    /// <summary>Closes the breaker when nothing is left to replay; false when an invalidation was deferred meanwhile.</summary>
    public bool TryClose()
    {
        lock (_gate)
        {
            if (_pending.Count > 0)
            {
                return false;
            }

            Volatile.Write(ref _consecutiveFailures, 0);
            _closed = true;
            return true;
        }
    }

    private void Open(PendingInvalidation? deferred)
    {
        bool opened;
        lock (_gate)
        {
            if (deferred is not null)
            {
                _pending.Enqueue(deferred);
            }

            opened = _closed;
            _closed = false;
        }

        if (opened)
        {
            Interlocked.Increment(ref _openings);
            Opened?.Invoke();
        }
    }
}

/// <summary>One deferred removal: a key, or a pattern ("*" for a clear).</summary>
internal sealed record PendingInvalidation(bool IsPattern, string Argument);

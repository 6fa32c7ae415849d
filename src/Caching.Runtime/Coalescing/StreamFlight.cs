using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>
/// One provider stream in progress, shared by every caller of its key. A pump appends the provider's elements as they
/// come; each reader replays what was produced before it joined, then follows the live elements. When the last reader
/// leaves before the end, the provider's enumeration is cancelled.
/// </summary>
internal sealed class StreamFlight<T> : ICoalescedFlight
{
    private readonly Lock _gate = new();
    private readonly List<T> _elements = [];
    private readonly CancellationTokenSource _abandoned = new();
    private TaskCompletionSource _changed = NewSignal();
    private ExceptionDispatchInfo? _error;
    private bool _finished;
    private bool _closed;
    private int _readers;

    /// <summary>Cancelled when every reader has gone away before the stream finished.</summary>
    public CancellationToken Token => _abandoned.Token;

    public bool TryJoin()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _readers++;
            return true;
        }
    }

    /// <summary>Stops taking new readers (the stream is too long to replay to a late joiner, or it ended).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    public void Append(T element)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _elements.Add(element);
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    /// <summary>Everything produced, for the store, once the stream has completed.</summary>
    public T[] Recorded()
    {
        lock (_gate)
        {
            return [.. _elements];
        }
    }

    public void Complete() => Finish(null);

    public void Fail(Exception exception) => Finish(ExceptionDispatchInfo.Capture(exception));

    /// <summary>The elements in order: those produced so far, then the live ones, then the provider's end or failure.</summary>
    public async IAsyncEnumerable<T> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int next = 0;
        try
        {
            while (true)
            {
                T element;
                Task? wait = null;
                lock (_gate)
                {
                    if (next < _elements.Count)
                    {
                        element = _elements[next++];
                    }
                    else if (_error is not null)
                    {
                        _error.Throw();
                        yield break;
                    }
                    else if (_finished)
                    {
                        yield break;
                    }
                    else
                    {
                        element = default!;
                        wait = _changed.Task;
                    }
                }

                if (wait is null)
                {
                    yield return element;
                }
                else
                {
                    await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            Leave();
        }
    }

    public void Dispose()
    {
        // The token source has no timer to release, and readers may still be leaving: nothing to dispose.
    }

    private void Leave()
    {
        bool abandon;
        lock (_gate)
        {
            abandon = --_readers == 0 && !_finished;
            if (abandon)
            {
                _closed = true;
            }
        }

        if (abandon)
        {
            _abandoned.Cancel();
        }
    }

    private void Finish(ExceptionDispatchInfo? error)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _finished = true;
            _closed = true;
            _error = error;
            changed = _changed;
        }

        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

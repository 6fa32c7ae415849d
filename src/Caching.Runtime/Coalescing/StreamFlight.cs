using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>
/// One provider stream in progress, shared by every caller of its key. A pump appends the elements as they come (the
/// provider's, or a cached recording's); each reader replays what was produced before it joined, then follows the live
/// elements. A provider that fails before its first element may be answered by a stale recording, which each reader may
/// refuse. When the last reader leaves before the end, the provider's enumeration is cancelled.
/// </summary>
internal sealed class StreamFlight<T> : ICoalescedFlight
{
    private readonly Lock _gate = new();
    private readonly List<T> _elements = [];
    private readonly CancellationTokenSource _abandoned = new();
    private TaskCompletionSource _changed = NewSignal();
    private ExceptionDispatchInfo? _error;
    private StaleAnswer<T[]>? _stale;
    private bool _finished;
    private bool _closed;
    private int _readers;

    /// <summary>Cancelled when every reader has gone away before the stream finished.</summary>
    public CancellationToken Token => _abandoned.Token;

    /// <summary>Where the elements come from; set before the first one is appended.</summary>
    public FlightSource Source { get; private set; } = FlightSource.Provider;

    /// <summary>The lifetime of the recording replayed (cached sources only).</summary>
    public EntryLifetime Lifetime { get; private set; }

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

    /// <summary>Replays a recording found in a level; the flight ends with it.</summary>
    public void ServeRecorded(FlightSource source, T[] recording, EntryLifetime lifetime)
    {
        Source = source;
        Lifetime = lifetime;
        foreach (T element in recording)
        {
            Append(element);
        }

        Complete();
    }

    /// <summary>The provider failed before its first element: readers get the stale recording, or the failure if they refuse it.</summary>
    public void ServeStale(StaleAnswer<T[]> stale, Exception failure)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _stale = stale;
            _error = ExceptionDispatchInfo.Capture(failure);
            _finished = true;
            _closed = true;
            changed = _changed;
        }

        changed.TrySetResult();
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

    /// <summary>
    /// The elements in order: those produced so far, then the live ones, then the end or the failure. Before the first
    /// element (or the end) <paramref name="onStart"/> is told where they come from; a stale recording is replayed only when
    /// <paramref name="acceptsStale"/> takes it, else the provider's failure is thrown.
    /// </summary>
    public async IAsyncEnumerable<T> ReadAsync(
        Func<EntryLifetime, bool> acceptsStale,
        Action<FlightSource, EntryLifetime> onStart,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int next = 0;
        bool started = false;
        try
        {
            while (true)
            {
                T element = default!;
                Task? wait = null;
                StaleAnswer<T[]>? stale = null;
                ExceptionDispatchInfo? error = null;
                bool ended = false;
                lock (_gate)
                {
                    if (next < _elements.Count)
                    {
                        element = _elements[next++];
                    }
                    else if (_stale is not null && next == 0)
                    {
                        stale = _stale;
                        error = _error;
                    }
                    else if (_error is not null)
                    {
                        error = _error;
                    }
                    else if (_finished)
                    {
                        ended = true;
                    }
                    else
                    {
                        wait = _changed.Task;
                    }
                }

                if (stale is not null)
                {
                    if (!acceptsStale(stale.Lifetime))
                    {
                        error!.Throw();
                    }

                    onStart(FlightSource.Stale, stale.Lifetime);
                    foreach (T recorded in stale.Value)
                    {
                        yield return recorded;
                    }

                    yield break;
                }

                if (error is not null)
                {
                    error.Throw();
                }

                if (ended)
                {
                    if (!started)
                    {
                        onStart(Source, Lifetime);
                    }

                    yield break;
                }

                if (wait is null)
                {
                    if (!started)
                    {
                        started = true;
                        onStart(Source, Lifetime);
                    }

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

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>
/// Streams: a recorded stream is the array of its elements under its own key. Concurrent callers of a key share one
/// flight: one read of the second level, then at most one provider stream, recorded as it goes and stored when it
/// completes. A provider that fails before its first element is answered by a stale recording when the key holds one.
/// </summary>
internal sealed partial class CachePipeline
{
    public async IAsyncEnumerable<T> StreamAfterMemoryAsync<TState, T>(
        string key,
        MemoryRead memoryRead,
        TState state,
        Func<TState, CancellationToken, IAsyncEnumerable<T>> factory,
        EntryPolicy policy,
        long sample,
        CacheCallContext? call,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        SemanticIndexing? indexing = null)
    {
        if (memoryRead is MemoryRead.WrongType or MemoryRead.Unreadable)
        {
            await DropUnreadableAsync<T[]>(key, memoryRead).ConfigureAwait(false);
        }

        if (call is { Directives.OnlyIfCached: true })
        {
            T[] cached = await OnlyIfCachedAsync<T[]>(key, sample, call, cancellationToken).ConfigureAwait(false);
            Counters.RecordStreamReplay(cached.Length);
            foreach (T element in cached)
            {
                yield return element;
            }

            yield break;
        }

        StreamFlight<T> flight = _flights.JoinOrStart<StreamFlight<T>>(key, out bool isLeader);
        if (isLeader)
        {
            _ = Task.Run(() => PumpAsync(key, flight, state, factory, policy, indexing), CancellationToken.None);
        }

        var reader = new StreamReading(this, key, sample, call);
        await foreach (T element in flight.ReadAsync(reader.AcceptsStale, reader.Started, cancellationToken).ConfigureAwait(false))
        {
            if (reader.TooOld)
            {
                break;
            }

            if (reader.Replaying)
            {
                Counters.RecordStreamReplay(1);
            }

            yield return element;
        }

        if (reader.TooOld)
        {
            // The cached recording is older than the caller's max-age: the provider's stream replaces it.
            await foreach (T element in BypassStreamAsync(key, state, factory, policy, CacheReadMode.Refresh, call, cancellationToken).ConfigureAwait(false))
            {
                yield return element;
            }
        }
    }

    /// <summary>Streams from the provider without reading the cache; records and stores it unless the mode is <see cref="CacheReadMode.NoStore"/>.</summary>
    public async IAsyncEnumerable<T> BypassStreamAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CancellationToken, IAsyncEnumerable<T>> factory,
        EntryPolicy policy,
        CacheReadMode mode,
        CacheCallContext? call,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long epoch = InvalidationEpoch;
        List<T>? recorded = mode == CacheReadMode.Refresh ? [] : null;
        await foreach (T element in factory(state, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (recorded is not null && recorded.Count < Config.MaxStreamElements)
            {
                recorded.Add(element);
            }
            else if (recorded is not null)
            {
                recorded = null;
                Counters.RecordOversized();
            }

            yield return element;
        }

        if (recorded is not null && InvalidationEpoch == epoch && await WriteAsync(key, recorded.ToArray(), policy, CancellationToken.None).ConfigureAwait(false))
        {
            call?.RecordStored();
        }
    }

    /// <summary>Runs the provider's stream for a flight, records it, and stores it when it completes. Never throws.</summary>
    private async Task PumpAsync<TState, T>(string key, StreamFlight<T> flight, TState state, Func<TState, CancellationToken, IAsyncEnumerable<T>> factory, EntryPolicy policy, SemanticIndexing? indexing)
    {
        long epoch = InvalidationEpoch;
        try
        {
            (FlightOutcome<T[]>? cached, StaleAnswer<T[]>? stale) = await ReadForFlightAsync<T[]>(key).ConfigureAwait(false);
            if (cached is not null)
            {
                flight.ServeRecorded(cached.Source, cached.Value, cached.Lifetime);
                return;
            }

            int count = 0;
            IAsyncEnumerator<T>? elements = null;
            try
            {
                elements = factory(state, flight.Token).GetAsyncEnumerator(flight.Token);
                while (await elements.MoveNextAsync().ConfigureAwait(false))
                {
                    flight.Append(elements.Current);
                    if (++count == Config.MaxStreamElements + 1)
                    {
                        // Too long to keep: late callers start their own stream rather than wait on an unbounded replay.
                        flight.Close();
                        _flights.Remove(key, flight);
                        Counters.RecordOversized();
                    }
                }
            }
            catch (Exception ex) when (count == 0 && stale is not null && ServesStaleFor(ex, flight.Token))
            {
                flight.ServeStale(stale, ex);
                NoteStaleServed(key, ex);
                return;
            }
            finally
            {
                if (elements is not null)
                {
                    await elements.DisposeAsync().ConfigureAwait(false);
                }
            }

            // Stored before the callers see the end, so that a caller's next call is a hit; an invalidation that ran
            // meanwhile must not be undone.
            EndOutage();
            if (count <= Config.MaxStreamElements && InvalidationEpoch == epoch
                && await WriteAsync(key, flight.Recorded(), policy, CancellationToken.None).ConfigureAwait(false))
            {
                IndexStored(indexing, key, policy);
            }

            flight.Complete();
        }
        catch (Exception ex)
        {
            flight.Fail(ex);
        }
        finally
        {
            _flights.Remove(key, flight);
            flight.Dispose();
        }
    }

    /// <summary>One caller's reading of a stream flight: what it counts and records once it knows where the elements come from.</summary>
    private sealed class StreamReading(CachePipeline pipeline, string key, long sample, CacheCallContext? call)
    {
        public bool TooOld { get; private set; }

        /// <summary>Whether the elements are a cached recording (a hit or a stale answer), counted as replayed.</summary>
        public bool Replaying { get; private set; }

        public bool AcceptsStale(EntryLifetime lifetime) =>
            call?.Directives.StaleIfError is not { } limit || lifetime.StalenessAt(pipeline._time.GetUtcNow()) <= limit;

        public void Started(FlightSource source, EntryLifetime lifetime)
        {
            TimeSpan age = pipeline._time.GetUtcNow() - lifetime.Created;
            switch (source)
            {
                case FlightSource.Memory or FlightSource.Distributed when call is not null && pipeline.IsTooOld(call, lifetime):
                    TooOld = true;
                    pipeline.Counters.RecordMiss(sample);
                    call.RecordOlderAnswerSkipped(key);
                    break;
                case FlightSource.Memory:
                    Replaying = true;
                    pipeline.Counters.RecordHit(sample);
                    call?.RecordHit(key, age);
                    break;
                case FlightSource.Distributed:
                    Replaying = true;
                    pipeline.Counters.RecordDistributedHit(sample);
                    call?.RecordHit(key, age);
                    break;
                case FlightSource.Stale:
                    Replaying = true;
                    pipeline.Counters.RecordMiss(sample);
                    pipeline.Counters.RecordStaleServed();
                    call?.RecordStale(key, age);
                    break;
                default:
                    pipeline.Counters.RecordMiss(sample);
                    call?.Record(CacheOutcome.Miss, key);
                    break;
            }
        }
    }
}

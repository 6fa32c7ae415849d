using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>Streams: recorded on a miss, replayed on a hit, one provider stream per key at a time.</summary>
public sealed partial class CacheManager
{
    /// <inheritdoc />
    public async IAsyncEnumerable<T> GetOrCreateStreamAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CancellationToken, IAsyncEnumerable<T>> factory,
        TimeSpan? ttl = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(factory);
        TimeSpan lifetime = ResolveTtl(ttl);
        if (!_enabled)
        {
            await foreach (T element in factory(state, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return element;
            }

            yield break;
        }

        CacheCallContext? call = CacheCallContext.Current;
        if (call is not null && call.Mode != CacheReadMode.Normal)
        {
            call.Record(CacheOutcome.Bypass, key);
            await foreach (T element in BypassStreamAsync(key, state, factory, lifetime, call.Mode, cancellationToken).ConfigureAwait(false))
            {
                yield return element;
            }

            yield break;
        }

        // A recorded stream is an array of its elements under its own key (the operation of a streaming method differs
        // from every non-streaming one), so GetAsync counts the hit or miss and handles store faults as for any value.
        T[]? recorded = await GetAsync<T[]>(key, cancellationToken).ConfigureAwait(false);
        if (recorded is not null)
        {
            call?.Record(CacheOutcome.Hit, key);
            _counters.RecordStreamReplay(recorded.Length);
            foreach (T element in recorded)
            {
                yield return element;
            }

            yield break;
        }

        call?.Record(CacheOutcome.Miss, key);
        StreamFlight<T> flight = _engine.Flights.JoinOrStart<StreamFlight<T>>(key, out bool isLeader);
        if (isLeader)
        {
            _ = Task.Run(() => PumpAsync(key, flight, state, factory, lifetime), CancellationToken.None);
        }

        await foreach (T element in flight.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return element;
        }
    }

    /// <summary>Runs the provider's stream for a flight, records it, and stores it when it completes. Never throws.</summary>
    private async Task PumpAsync<TState, T>(string key, StreamFlight<T> flight, TState state, Func<TState, CancellationToken, IAsyncEnumerable<T>> factory, TimeSpan ttl)
    {
        long epoch = _levels.InvalidationEpoch;
        try
        {
            // A stream that finished between this caller's miss and its start has already been stored.
            StoreLookup<T[]> stored = await _engine.ReadQuietlyAsync<T[]>(key).ConfigureAwait(false);
            if (stored.Found && stored.Value is { } earlier)
            {
                foreach (T element in earlier)
                {
                    flight.Append(element);
                }

                flight.Complete();
                return;
            }

            int count = 0;
            await foreach (T element in factory(state, flight.Token).WithCancellation(flight.Token).ConfigureAwait(false))
            {
                flight.Append(element);
                if (++count == Config.MaxStreamElements + 1)
                {
                    // Too long to keep: late callers start their own stream rather than wait on an unbounded replay.
                    flight.Close();
                    _engine.Flights.Remove(key, flight);
                    _counters.RecordOversized();
                }
            }

            // Stored before the callers see the end, so that a caller's next call is a hit; an invalidation that ran
            // meanwhile must not be undone.
            if (count <= Config.MaxStreamElements && _levels.InvalidationEpoch == epoch)
            {
                await _engine.StoreAsync(key, flight.Recorded(), ttl, CancellationToken.None).ConfigureAwait(false);
            }

            flight.Complete();
        }
        catch (Exception ex)
        {
            flight.Fail(ex);
        }
        finally
        {
            _engine.Flights.Remove(key, flight);
            flight.Dispose();
        }
    }

    /// <summary>Streams from the provider without reading the cache; records and stores it unless the mode is <see cref="CacheReadMode.NoStore"/>.</summary>
    private async IAsyncEnumerable<T> BypassStreamAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CancellationToken, IAsyncEnumerable<T>> factory,
        TimeSpan ttl,
        CacheReadMode mode,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long epoch = _levels.InvalidationEpoch;
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
                _counters.RecordOversized();
            }

            yield return element;
        }

        if (recorded is not null && _levels.InvalidationEpoch == epoch)
        {
            await _engine.StoreAsync(key, recorded.ToArray(), ttl, CancellationToken.None).ConfigureAwait(false);
        }
    }
}

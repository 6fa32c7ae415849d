using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;

namespace Caching;

/// <summary>
/// Get-or-create after memory had no fresh entry: every caller of a key joins one flight at once; its leader reads the
/// second level once and calls the provider only when that has nothing fresh. A provider that fails, or with a soft
/// timeout is too slow, is answered from a stale entry when the key holds one.
/// </summary>
internal sealed partial class CachePipeline
{
    /// <summary>A get-or-create that memory could not answer (a miss, a stale entry, or an entry it could not read).</summary>
    public async ValueTask<T> GetOrCreateAfterMemoryAsync<TState, T>(
        string key,
        MemoryRead memoryRead,
        TState state,
        Func<TState, CacheFactoryContext, CancellationToken, ValueTask<T>> factory,
        EntryPolicy policy,
        long sample,
        CacheCallContext? call,
        CancellationToken cancellationToken,
        SemanticIndexing? indexing = null)
    {
        if (memoryRead is MemoryRead.WrongType or MemoryRead.Unreadable)
        {
            await DropUnreadableAsync<T>(key, memoryRead).ConfigureAwait(false);
        }

        if (call is { Directives.OnlyIfCached: true })
        {
            return await OnlyIfCachedAsync<T>(key, sample, call, cancellationToken).ConfigureAwait(false);
        }

        using Activity? activity = CacheActivities.StartGet(key);
        try
        {
            Flight<T> flight = _flights.JoinOrStart<Flight<T>>(key, out bool isLeader);
            if (isLeader)
            {
                _ = LeadAsync(key, flight, state, factory, policy, indexing: indexing);
            }

            FlightOutcome<T> outcome = await flight.WaitAsync(cancellationToken).ConfigureAwait(false);
            T value = await AcceptAsync(key, outcome, sample, call, state, factory, policy, cancellationToken).ConfigureAwait(false);
            CompleteActivity(activity, outcome.Source);
            return value;
        }
        catch (Exception ex) when (CacheActivities.Fail(activity, ex))
        {
            throw;
        }
    }

    /// <summary>Tags a get's span with where its answer came from.</summary>
    private void CompleteActivity(Activity? activity, FlightSource source)
    {
        if (activity is null)
        {
            return;
        }

        switch (source)
        {
            case FlightSource.Memory:
                CacheActivities.Complete(activity, hit: true, "memory", "hit");
                break;
            case FlightSource.Distributed:
                CacheActivities.Complete(activity, hit: true, _distributed?.Name, "hit");
                break;
            case FlightSource.Provider:
                CacheActivities.Complete(activity, hit: false, level: null, "miss");
                break;
            default:
                CacheActivities.Complete(activity, hit: true, level: null, "stale");
                break;
        }
    }

    /// <summary>A hit on an entry late in its freshness: one background refresh of the key, unless a flight runs for it.</summary>
    public void RefreshInBackground<TState, T>(string key, MemoryEntry entry, TState state, Func<TState, CacheFactoryContext, CancellationToken, ValueTask<T>> factory, EntryPolicy policy)
    {
        if (!entry.TryStartRefresh() || _flights.TryStart<Flight<T>>(key) is not { } flight)
        {
            return;
        }

        Counters.RecordEagerRefresh();
        _ = LeadAsync(key, flight, state, factory, policy, readFirst: false);
    }

    /// <summary>Calls the provider without reading the cache; stores the answer unless the mode is <see cref="CacheReadMode.NoStore"/>.</summary>
    public async ValueTask<T> BypassAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CacheFactoryContext, CancellationToken, ValueTask<T>> factory,
        EntryPolicy policy,
        CacheReadMode mode,
        CacheCallContext? call,
        CancellationToken cancellationToken)
    {
        long epoch = InvalidationEpoch;
        var context = new CacheFactoryContext();
        T value = await factory(state, context, cancellationToken).ConfigureAwait(false);
        if (mode == CacheReadMode.Refresh && !context.StoreRefused && InvalidationEpoch == epoch
            && await WriteAsync(key, value, policy, CancellationToken.None).ConfigureAwait(false))
        {
            call?.RecordStored();
        }

        return value;
    }

    /// <summary>Answers from either level, never from the provider: <see cref="NotCachedException"/> when neither has it fresh.</summary>
    private async ValueTask<T> OnlyIfCachedAsync<T>(string key, long sample, CacheCallContext call, CancellationToken cancellationToken)
    {
        if (_distributed is { } distributed)
        {
            DistributedLookup<T> lookup = await ReadDistributedAsync<T>(distributed, key, cancellationToken).ConfigureAwait(false);
            if (lookup.Status == DistributedLookupStatus.Fresh && !IsTooOld(call, lookup.Lifetime))
            {
                Counters.RecordDistributedHit(sample);
                call.RecordHit(key, _time.GetUtcNow() - lookup.Lifetime.Created);
                return lookup.Value;
            }
        }

        Counters.RecordMiss(sample);
        call.Record(CacheOutcome.Miss, key);
        throw new NotCachedException { Key = key };
    }

    /// <summary>What one caller makes of its flight's outcome: a hit, a miss, or a stale answer it may refuse.</summary>
    private async ValueTask<T> AcceptAsync<TState, T>(
        string key,
        FlightOutcome<T> outcome,
        long sample,
        CacheCallContext? call,
        TState state,
        Func<TState, CacheFactoryContext, CancellationToken, ValueTask<T>> factory,
        EntryPolicy policy,
        CancellationToken cancellationToken)
    {
        switch (outcome.Source)
        {
            case FlightSource.Memory or FlightSource.Distributed when call is not null && IsTooOld(call, outcome.Lifetime):
                Counters.RecordMiss(sample);
                call.RecordOlderAnswerSkipped(key);
                return await BypassAsync(key, state, factory, policy, CacheReadMode.Refresh, call, cancellationToken).ConfigureAwait(false);
            case FlightSource.Memory:
                Counters.RecordHit(sample);
                call?.RecordHit(key, _time.GetUtcNow() - outcome.Lifetime.Created);
                return outcome.Value;
            case FlightSource.Distributed:
                Counters.RecordDistributedHit(sample);
                call?.RecordHit(key, _time.GetUtcNow() - outcome.Lifetime.Created);
                return outcome.Value;
            case FlightSource.Provider:
                Counters.RecordMiss(sample);
                call?.Record(CacheOutcome.Miss, key);
                if (outcome.Stored)
                {
                    call?.RecordStored();
                }

                return outcome.Value;
            default:
                Counters.RecordMiss(sample);
                return await AcceptStaleAsync(key, outcome, call, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A stale answer, unless the caller's stale-if-error refuses one this old: then the failure, or the call still running.</summary>
    private async ValueTask<T> AcceptStaleAsync<T>(string key, FlightOutcome<T> outcome, CacheCallContext? call, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (call?.Directives.StaleIfError is { } limit && outcome.Lifetime.StalenessAt(now) > limit)
        {
            call.Record(CacheOutcome.Miss, key);
            if (outcome.Pending is { } pending)
            {
                return await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            outcome.Failure!.Throw();
        }

        Counters.RecordStaleServed();
        call?.RecordStale(key, now - outcome.Lifetime.Created);
        return outcome.Value;
    }

    private bool IsTooOld(CacheCallContext call, EntryLifetime lifetime) =>
        call.Directives.MaxAge is { } maxAge && _time.GetUtcNow() - lifetime.Created > maxAge;

    /// <summary>
    /// Runs a flight: memory once more and the second level once (unless it refreshes a fresh entry), then the provider,
    /// then the store, then the outcome for every caller. Never throws: the outcome or the failure goes to the flight.
    /// </summary>
    private async Task LeadAsync<TState, T>(
        string key,
        Flight<T> flight,
        TState state,
        Func<TState, CacheFactoryContext, CancellationToken, ValueTask<T>> factory,
        EntryPolicy policy,
        bool readFirst = true,
        SemanticIndexing? indexing = null)
    {
        long epoch = InvalidationEpoch;
        StaleAnswer<T>? stale = null;
        try
        {
            if (readFirst)
            {
                (FlightOutcome<T>? cached, stale) = await ReadForFlightAsync<T>(key).ConfigureAwait(false);
                if (cached is not null)
                {
                    flight.Complete(cached);
                    return;
                }
            }

            var context = new CacheFactoryContext();
            if (stale is not null && policy.HasProviderTimeouts)
            {
                await CallWithTimeoutsAsync(key, flight, state, factory, context, policy, stale, epoch, indexing).ConfigureAwait(false);
                return;
            }

            T value;
            using (Activity? providerCall = CacheActivities.StartProviderCall(key))
            {
                try
                {
                    value = await factory(state, context, flight.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (CacheActivities.Fail(providerCall, ex))
                {
                    throw;
                }
            }

            bool stored = await StoreAnswerAsync(key, value, context, policy, epoch).ConfigureAwait(false);
            if (stored)
            {
                IndexStored(indexing, key, policy);
            }

            flight.Complete(new FlightOutcome<T>(FlightSource.Provider, value, default, stored));
        }
        catch (Exception ex)
        {
            FailFlight(key, flight, stale, ex);
        }
        finally
        {
            _flights.Remove(key, flight);
            flight.Dispose();
        }
    }

    /// <summary>A failed provider call: its callers get the stale answer when there is one it may stand in for, else the failure.</summary>
    private void FailFlight<T>(string key, Flight<T> flight, StaleAnswer<T>? stale, Exception failure)
    {
        if (stale is not null && ServesStaleFor(failure, flight.Token))
        {
            flight.Complete(new FlightOutcome<T>(FlightSource.Stale, stale.Value, stale.Lifetime, stored: false) { Failure = ExceptionDispatchInfo.Capture(failure) });
            NoteStaleServed(key, failure);
        }
        else
        {
            flight.Fail(failure);
        }
    }

    /// <summary>
    /// Memory again (a flight may have just stored the key), then one read of the second level: a fresh answer ends the
    /// flight; a stale one is kept to stand in for a failing provider.
    /// </summary>
    private async ValueTask<(FlightOutcome<T>? Cached, StaleAnswer<T>? Stale)> ReadForFlightAsync<T>(string key)
    {
        MemoryEntry? memoryEntry = null;
        if (MemoryServes || _distributed is null)
        {
            MemoryRead read = Memory.Read(key, out T value, out memoryEntry);
            if (read is MemoryRead.Hit or MemoryRead.HitRefreshDue)
            {
                return (new FlightOutcome<T>(FlightSource.Memory, value, memoryEntry!.Lifetime, stored: false), null);
            }

            memoryEntry = read == MemoryRead.Stale ? memoryEntry : null;
        }

        if (_distributed is not { } distributed)
        {
            return (null, StaleFromMemory<T>(memoryEntry, distributedAnswered: false));
        }

        DistributedLookup<T> lookup = await ReadDistributedAsync<T>(distributed, key, CancellationToken.None).ConfigureAwait(false);
        switch (lookup.Status)
        {
            case DistributedLookupStatus.Fresh:
                return (new FlightOutcome<T>(FlightSource.Distributed, lookup.Value, lookup.Lifetime, stored: false), null);
            case DistributedLookupStatus.Stale:
                return (null, new StaleAnswer<T>(lookup.Value, lookup.Lifetime));
            case DistributedLookupStatus.Unavailable:
                // The second level cannot answer: memory serves alone, even a copy skipped because the backplane was down.
                MemoryRead alone = Memory.Read(key, out T copy, out MemoryEntry? entry);
                return alone is MemoryRead.Hit or MemoryRead.HitRefreshDue
                    ? (new FlightOutcome<T>(FlightSource.Memory, copy, entry!.Lifetime, stored: false), null)
                    : (null, StaleFromMemory<T>(alone == MemoryRead.Stale ? entry : null, distributedAnswered: false));
            default:
                return (null, null);
        }
    }

    /// <summary>Stores the provider's answer unless its factory refused or an invalidation ran since the flight began.</summary>
    private async ValueTask<bool> StoreAnswerAsync<T>(string key, T value, CacheFactoryContext context, EntryPolicy policy, long epoch)
    {
        EndOutage();

        // An invalidation that ran while the provider was answering must not be undone by this store. The value is stored
        // before the callers get it, so that a caller's next read of the key is a hit.
        return !context.StoreRefused && InvalidationEpoch == epoch
            && await WriteAsync(key, value, policy, CancellationToken.None).ConfigureAwait(false);
    }
}

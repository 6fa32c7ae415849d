using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace Caching;

/// <summary>
/// Everything after a memory miss: the second-level read, one provider call per key at a time, the write to both levels
/// and the accounting of faults. A fault of a level never reaches a caller: it is counted, logged and served as a miss.
/// </summary>
internal sealed class CacheEngine
{
    private readonly ILogger _logger;

    public CacheEngine(CacheConfig config, CacheLevels levels, CacheCounters counters, ILogger logger)
    {
        Config = config;
        Levels = levels;
        Counters = counters;
        _logger = logger;
    }

    public CacheConfig Config { get; }

    public CacheLevels Levels { get; }

    public CacheCounters Counters { get; }

    public FlightTable Flights { get; } = new();

    /// <summary>A read after memory had nothing: the second level when there is one. Counts the hit or miss.</summary>
    public async ValueTask<StoreLookup<T>> ReadAfterMemoryAsync<T>(string key, MemoryRead memoryRead, long sample, CancellationToken cancellationToken)
    {
        if (memoryRead is MemoryRead.WrongType or MemoryRead.Unreadable)
        {
            await DropUnreadableAsync<T>(key, memoryRead).ConfigureAwait(false);
            Counters.RecordMiss(sample);
            return StoreLookup<T>.Miss;
        }

        if (Levels.Distributed is not { } distributed)
        {
            Counters.RecordMiss(sample);
            return StoreLookup<T>.Miss;
        }

        (StoreLookup<T> lookup, bool fromMemory) = await ReadDistributedAsync<T>(distributed, key, cancellationToken).ConfigureAwait(false);
        if (lookup.Found && fromMemory)
        {
            Counters.RecordHit(sample);
        }
        else if (lookup.Found)
        {
            Counters.RecordDistributedHit(sample);
        }
        else
        {
            Counters.RecordMiss(sample);
        }

        return lookup;
    }

    /// <summary>A get-or-create after a memory miss: the second level, then the provider.</summary>
    public async ValueTask<T> ReadThenCreateAsync<TState, T>(
        string key,
        MemoryRead memoryRead,
        TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory,
        TimeSpan ttl,
        long sample,
        CacheCallContext? call,
        CancellationToken cancellationToken)
    {
        StoreLookup<T> lookup = await ReadAfterMemoryAsync<T>(key, memoryRead, sample, cancellationToken).ConfigureAwait(false);
        call?.Record(lookup.Found ? CacheOutcome.Hit : CacheOutcome.Miss, key);
        return lookup.Found
            ? lookup.Value
            : await JoinFlightAsync(key, state, factory, ttl, cancellationToken).ConfigureAwait(false);
    }


    /// <summary>The value of a read that completes later.</summary>
    public static async ValueTask<T?> ValueOfAsync<T>(ValueTask<StoreLookup<T>> lookup) => (await lookup.ConfigureAwait(false)).Value;

    /// <summary>Joins the provider call in flight for the key, or starts it.</summary>
    public ValueTask<T> JoinFlightAsync<TState, T>(string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, TimeSpan ttl, CancellationToken cancellationToken)
    {
        Flight<T> flight = Flights.JoinOrStart<Flight<T>>(key, out bool isLeader);
        if (isLeader)
        {
            _ = LeadAsync(key, flight, state, factory, ttl);
        }

        return flight.WaitAsync(cancellationToken);
    }

    /// <summary>Calls the provider without reading the cache; stores the answer unless the mode is <see cref="CacheReadMode.NoStore"/>.</summary>
    public async ValueTask<T> BypassAsync<TState, T>(string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, TimeSpan ttl, CacheReadMode mode, CancellationToken cancellationToken)
    {
        long epoch = Levels.InvalidationEpoch;
        T value = await factory(state, cancellationToken).ConfigureAwait(false);
        if (mode == CacheReadMode.Refresh && Levels.InvalidationEpoch == epoch)
        {
            await StoreAsync(key, value, ttl, CancellationToken.None).ConfigureAwait(false);
        }

        return value;
    }

    /// <summary>Reads both levels without counting a hit or miss; a fault is counted and read as a miss.</summary>
    public async ValueTask<StoreLookup<T>> ReadQuietlyAsync<T>(string key)
    {
        if (Levels.MemoryServes && Levels.Memory.Read(key, out T value) == MemoryRead.Hit)
        {
            return new StoreLookup<T>(value);
        }

        return Levels.Distributed is { } distributed
            ? (await ReadDistributedAsync<T>(distributed, key, CancellationToken.None).ConfigureAwait(false)).Lookup
            : StoreLookup<T>.Miss;
    }

    /// <summary>Stores in every level; a fault is counted and logged, never thrown.</summary>
    public async ValueTask StoreAsync<T>(string key, T value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await Levels.WriteAsync(key, value, ttl, cancellationToken).ConfigureAwait(false);
            Counters.RecordSet(start);
        }
        catch (Exception ex) when (IsFault(ex, cancellationToken))
        {
            RecordFault("write", key, ex);
        }
    }

    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await Levels.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsFault(ex, cancellationToken))
        {
            RecordFault("remove", key, ex);
            return false;
        }
    }

    public async ValueTask<CacheEntry<T>?> GetEntryAsync<T>(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await Levels.GetEntryAsync<T>(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsFault(ex, cancellationToken))
        {
            RecordFault("read", key, ex);
            return null;
        }
    }

    public void RecordFault(string operation, string key, Exception exception)
    {
        Counters.RecordError();
        CacheLog.StoreFault(_logger, operation, key, exception);
    }

    private static bool IsFault(Exception exception, CancellationToken cancellationToken) =>
        !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private async ValueTask<(StoreLookup<T> Lookup, bool FromMemory)> ReadDistributedAsync<T>(IDistributedLevel distributed, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await Levels.ReadDistributedAsync<T>(distributed, key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsFault(ex, cancellationToken))
        {
            RecordFault("read", key, ex);
            return (StoreLookup<T>.Miss, false);
        }
    }

    /// <summary>
    /// A memory entry of another type, or one that no longer deserializes, is a fault: it is deleted from every level (the
    /// second level holds the same value) so that the key can be filled again.
    /// </summary>
    private async ValueTask DropUnreadableAsync<T>(string key, MemoryRead read)
    {
        RecordFault("read", key, MemoryLevel.FaultOf<T>(read, key));
        Levels.Memory.Remove(key);
        if (Levels.Distributed is { } distributed)
        {
            await distributed.RemoveAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the factory for a flight and stores its result. Never throws: the outcome goes to the flight.</summary>
    private async Task LeadAsync<TState, T>(string key, Flight<T> flight, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, TimeSpan ttl)
    {
        long epoch = Levels.InvalidationEpoch;
        try
        {
            // A flight that finished between this caller's miss and its start has already stored the value.
            StoreLookup<T> stored = await ReadQuietlyAsync<T>(key).ConfigureAwait(false);
            if (stored.Found)
            {
                flight.Complete(stored.Value);
                return;
            }

            T value = await factory(state, flight.Token).ConfigureAwait(false);

            // An invalidation that ran while the provider was answering must not be undone by this store. The value is
            // stored before the callers get it, so that a caller's next read of the key is a hit.
            if (Levels.InvalidationEpoch == epoch)
            {
                await StoreAsync(key, value, ttl, CancellationToken.None).ConfigureAwait(false);
            }

            flight.Complete(value);
        }
        catch (Exception ex)
        {
            flight.Fail(ex);
        }
        finally
        {
            Flights.Remove(key, flight);
            flight.Dispose();
        }
    }
}

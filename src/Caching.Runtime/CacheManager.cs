using System;
using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Caching;

/// <summary>
/// The cache: reads, writes, get-or-create with one provider call per key at a time, removal, pattern invalidation,
/// an admin-only clear and statistics. A hit takes no lock and allocates nothing for immutable values. A fault of the
/// store never reaches the caller: it is counted, logged and served as a miss.
/// </summary>
public sealed partial class CacheManager : ICacheManager, IAsyncDisposable, IDisposable
{
    /// <summary>How often a probe tries an unreachable Redis.</summary>
    internal static readonly TimeSpan RedisProbeInterval = TimeSpan.FromMilliseconds(250);

    private readonly CacheConfig _config;
    private readonly ICacheStore _store;

    // The memory store called directly, without exception handling: an interface call of a generic method is a generic
    // virtual call, which costs a hit more than the lookup itself.
    private readonly MemoryCacheStore? _memoryOnly;
    private readonly bool _enabled;
    private readonly CacheCounters _counters;
    private readonly FlightTable _flights = new();
    private readonly ILogger _logger;
    private readonly CacheMeter _meter;
    private readonly byte[]? _adminKeyHash;
    private long _invalidationEpoch;
    private int _disposed;

    private CacheManager(CacheConfig config, ICacheStore store, CacheCounters counters, ILoggerFactory loggerFactory)
    {
        _config = config;
        _store = store;
        _memoryOnly = store as MemoryCacheStore;
        _enabled = config.Enabled;
        _counters = counters;
        _logger = loggerFactory.CreateLogger<CacheManager>();
        _adminKeyHash = config.AdminKey is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(config.AdminKey));
        _meter = new CacheMeter(config.Namespace, GetStats);
        CacheLog.Started(_logger, config);
    }

    /// <summary>The options this manager runs with.</summary>
    public CacheConfig Config => _config;

    /// <summary>Validates <paramref name="config"/> and creates a manager on the configured backend.</summary>
    /// <exception cref="CacheConfigException">The configuration is invalid.</exception>
    /// <remarks>
    /// With Redis, waits up to <see cref="CacheConfig.RedisConnectTimeout"/> for Redis to serve, so that a healthy Redis
    /// holds the very first writes; when it is not there by then, the manager starts on the memory fallback.
    /// </remarks>
    public static async Task<CacheManager> CreateAsync(
        CacheConfig config,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CacheManager manager = Create(config, loggerFactory, timeProvider);
        if (manager._store is FallbackCacheStore fallback && config.RedisConnectTimeout > TimeSpan.Zero)
        {
            try
            {
                await fallback.FirstServed.WaitAsync(config.RedisConnectTimeout, timeProvider ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Redis is not there yet: start on the fallback, as documented; the probe switches over when it appears.
            }
            catch (OperationCanceledException)
            {
                await manager.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return manager;
    }

    /// <summary>Validates <paramref name="config"/> and creates a manager; what <see cref="CreateAsync"/> and DI call.</summary>
    /// <exception cref="CacheConfigException">The configuration is invalid.</exception>
    public static CacheManager Create(CacheConfig config, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        TimeProvider time = timeProvider ?? TimeProvider.System;
        ILoggerFactory loggers = loggerFactory ?? NullLoggerFactory.Instance;
        var counters = new CacheCounters();
        var memory = new MemoryCacheStore(config.MaxSize, new MemoryBudget(config.MaxMemory, Math.Min(config.MaxEntrySize, config.MaxMemory)), config.Ttl, time, counters, JsonSerializerOptions.Default);
        ICacheStore store = memory;
        if (config.Backend == CacheBackend.Redis)
        {
            var connection = new RedisConnection(config.RedisUrl!, config.RedisTimeout);
            var redis = new RedisCacheStore(connection, config.Namespace, config.RedisTimeout, time, JsonSerializerOptions.Default);
            store = new FallbackCacheStore(redis, connection, memory, counters, loggers.CreateLogger<FallbackCacheStore>(), RedisProbeInterval);
        }

        return new CacheManager(config, store, counters, loggers);
    }

    /// <inheritdoc />
    public ValueTask<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_enabled)
        {
            return default;
        }

        long sample = CacheCounters.StartSample();
        if (_memoryOnly is { } memory)
        {
            if (memory.Read(key, out T value) is var read && read == MemoryRead.Hit)
            {
                _counters.RecordHit(sample);
                return new ValueTask<T?>(value);
            }

            MemoryMissed<T>(key, read, sample);
            return default;
        }

        if (!TryStartLookup(key, sample, out ValueTask<StoreLookup<T>> lookup, cancellationToken))
        {
            return default;
        }

        if (lookup.IsCompletedSuccessfully)
        {
            StoreLookup<T> result = lookup.Result;
            return new ValueTask<T?>(Finish(result, sample) ? result.Value : default);
        }

        return AwaitGetAsync(lookup, key, sample, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask SetAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        TimeSpan lifetime = ResolveTtl(ttl);
        if (!_enabled)
        {
            return;
        }

        await StoreAsync(key, value, lifetime, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<T> GetOrCreateAsync<T>(
        string key,
        Func<CancellationToken, ValueTask<T>> factory,
        TimeSpan? ttl = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return GetOrCreateAsync(key, factory, static (f, token) => f(token), ttl, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<T> GetOrCreateAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory,
        TimeSpan? ttl = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(factory);
        TimeSpan lifetime = ResolveTtl(ttl);
        if (!_enabled)
        {
            return factory(state, cancellationToken);
        }

        CacheCallContext? call = CacheCallContext.Current;
        if (call is not null && call.Mode != CacheReadMode.Normal)
        {
            call.Record(CacheOutcome.Bypass, key);
            return BypassAsync(key, state, factory, lifetime, call.Mode, cancellationToken);
        }

        long sample = CacheCounters.StartSample();
        if (_memoryOnly is { } memory)
        {
            if (memory.Read(key, out T value) is var read && read == MemoryRead.Hit)
            {
                _counters.RecordHit(sample);
                call?.Record(CacheOutcome.Hit, key);
                return new ValueTask<T>(value);
            }

            MemoryMissed<T>(key, read, sample);
            call?.Record(CacheOutcome.Miss, key);
            return JoinFlightAsync(key, state, factory, lifetime, cancellationToken);
        }

        if (!TryStartLookup(key, sample, out ValueTask<StoreLookup<T>> lookup, cancellationToken))
        {
            call?.Record(CacheOutcome.Miss, key);
            return JoinFlightAsync(key, state, factory, lifetime, cancellationToken);
        }

        if (lookup.IsCompletedSuccessfully)
        {
            StoreLookup<T> result = lookup.Result;
            bool hit = Finish(result, sample);
            call?.Record(hit ? CacheOutcome.Hit : CacheOutcome.Miss, key);
            return hit
                ? new ValueTask<T>(result.Value)
                : JoinFlightAsync(key, state, factory, lifetime, cancellationToken);
        }

        return AwaitGetOrCreateAsync(lookup, key, state, factory, lifetime, sample, call, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        Interlocked.Increment(ref _invalidationEpoch);
        try
        {
            return await _store.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFault(ex, cancellationToken))
        {
            RecordFault("remove", key, ex);
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask<long> InvalidateAsync(string pattern, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Interlocked.Increment(ref _invalidationEpoch);
        long removed = await _store.InvalidateAsync(new GlobPattern(pattern), cancellationToken).ConfigureAwait(false);
        CacheLog.Invalidated(_logger, removed, pattern);
        return removed;
    }

    /// <inheritdoc />
    public async ValueTask<long> ClearAsync(string? adminKey, CancellationToken cancellationToken = default)
    {
        if (!IsAdminKey(adminKey))
        {
            CacheLog.ClearRefused(_logger);
            throw new UnauthorizedAccessException(_adminKeyHash is null
                ? "A full cache clear needs an admin key, and none is configured."
                : "The admin key is missing or wrong; nothing was cleared.");
        }

        Interlocked.Increment(ref _invalidationEpoch);
        long removed = await _store.ClearAsync(cancellationToken).ConfigureAwait(false);
        CacheLog.Cleared(_logger, removed, _config.Namespace);
        return removed;
    }

    /// <summary>The entry for <paramref name="key"/> with its bookkeeping, or null; does not count as a read.</summary>
    public async ValueTask<CacheEntry<T>?> GetEntryAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            return await _store.GetEntryAsync<T>(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFault(ex, cancellationToken))
        {
            RecordFault("read", key, ex);
            return null;
        }
    }

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void RecordUncacheable() => _counters.RecordUncacheable();

    /// <inheritdoc />
    public CacheStats GetStats() => new()
    {
        Hits = _counters.Hits,
        Misses = _counters.Misses,
        Sets = _counters.Sets,
        Evictions = _store.Evictions,
        Expirations = _counters.Expirations,
        Errors = _counters.Errors,
        Uncacheable = _counters.Uncacheable,
        Oversized = _counters.Oversized,
        FallbackEntriesDiscarded = _counters.FallbackEntriesDiscarded,
        StreamElementsReplayed = _counters.StreamElementsReplayed,
        ActiveStore = _store.ActiveStore,
        RedisErrors = _counters.RedisErrors,
        Fallbacks = _counters.Fallbacks,
        RedisOutages = _counters.CircuitOpenings,
        Entries = _store.Count,
        MemoryUsageBytes = _store.MemoryUsageBytes,
        GetLatencyMeanMicroseconds = _counters.GetLatency.MeanMicroseconds,
        GetLatencyP99Microseconds = _counters.GetLatency.PercentileMicroseconds(99),
        SetLatencyMeanMicroseconds = _counters.SetLatency.MeanMicroseconds,
        SetLatencyP99Microseconds = _counters.SetLatency.PercentileMicroseconds(99),
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _meter.Dispose();
        await _store.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static bool IsStoreFault(Exception exception, CancellationToken cancellationToken) =>
        !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    /// <summary>Counts a memory read that found nothing usable; a wrong type or an unreadable value is also a fault.</summary>
    private void MemoryMissed<T>(string key, MemoryRead read, long sample)
    {
        if (read is MemoryRead.WrongType or MemoryRead.Unreadable)
        {
            RecordFault("read", key, MemoryCacheStore.FaultOf<T>(read, key));
        }

        _counters.RecordMiss(sample);
    }

    /// <summary>Starts a read of a store that may fail; false (counted as a fault and a miss) when it threw at once.</summary>
    private bool TryStartLookup<T>(string key, long sample, out ValueTask<StoreLookup<T>> lookup, CancellationToken cancellationToken)
    {
        try
        {
            lookup = _store.GetAsync<T>(key, cancellationToken);
            return true;
        }
        catch (Exception ex) when (IsStoreFault(ex, cancellationToken))
        {
            RecordFault("read", key, ex);
            _counters.RecordMiss(sample);
            lookup = default;
            return false;
        }
    }

    private bool Finish<T>(StoreLookup<T> result, long sample)
    {
        if (result.Found)
        {
            _counters.RecordHit(sample);
            return true;
        }

        _counters.RecordMiss(sample);
        return false;
    }

    private async ValueTask<T?> AwaitGetAsync<T>(ValueTask<StoreLookup<T>> lookup, string key, long sample, CancellationToken cancellationToken)
    {
        try
        {
            StoreLookup<T> result = await lookup.ConfigureAwait(false);
            return Finish(result, sample) ? result.Value : default;
        }
        catch (Exception ex) when (IsStoreFault(ex, cancellationToken))
        {
            RecordFault("read", key, ex);
            _counters.RecordMiss(sample);
            return default;
        }
    }

    private async ValueTask<T> AwaitGetOrCreateAsync<TState, T>(
        ValueTask<StoreLookup<T>> lookup,
        string key,
        TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory,
        TimeSpan ttl,
        long sample,
        CacheCallContext? call,
        CancellationToken cancellationToken)
    {
        try
        {
            StoreLookup<T> result = await lookup.ConfigureAwait(false);
            if (Finish(result, sample))
            {
                call?.Record(CacheOutcome.Hit, key);
                return result.Value;
            }
        }
        catch (Exception ex) when (IsStoreFault(ex, cancellationToken))
        {
            RecordFault("read", key, ex);
            _counters.RecordMiss(sample);
        }

        call?.Record(CacheOutcome.Miss, key);

        return await JoinFlightAsync(key, state, factory, ttl, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<T> JoinFlightAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory,
        TimeSpan ttl,
        CancellationToken cancellationToken)
    {
        Flight<T> flight = _flights.JoinOrStart<Flight<T>>(key, out bool isLeader);
        if (isLeader)
        {
            _ = LeadAsync(key, flight, state, factory, ttl);
        }

        return flight.WaitAsync(cancellationToken);
    }

    /// <summary>Calls the provider without reading the cache; stores the answer unless the mode is <see cref="CacheReadMode.NoStore"/>.</summary>
    private async ValueTask<T> BypassAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory,
        TimeSpan ttl,
        CacheReadMode mode,
        CancellationToken cancellationToken)
    {
        long epoch = Interlocked.Read(ref _invalidationEpoch);
        T value = await factory(state, cancellationToken).ConfigureAwait(false);
        if (mode == CacheReadMode.Refresh && Interlocked.Read(ref _invalidationEpoch) == epoch)
        {
            await StoreAsync(key, value, ttl, CancellationToken.None).ConfigureAwait(false);
        }

        return value;
    }

    /// <summary>Runs the factory for a flight and stores its result. Never throws: the outcome goes to the flight.</summary>
    private async Task LeadAsync<TState, T>(string key, Flight<T> flight, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, TimeSpan ttl)
    {
        long epoch = Interlocked.Read(ref _invalidationEpoch);
        try
        {
            // A flight that finished between this caller's miss and its start has already stored the value.
            StoreLookup<T> stored = await TryReadQuietlyAsync<T>(key).ConfigureAwait(false);
            if (stored.Found)
            {
                flight.Complete(stored.Value);
                return;
            }

            T value = await factory(state, flight.Token).ConfigureAwait(false);

            // An invalidation that ran while the provider was answering must not be undone by this store. The value is
            // stored before the callers get it, so that a caller's next read of the key is a hit.
            if (Interlocked.Read(ref _invalidationEpoch) == epoch)
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
            _flights.Remove(key, flight);
            flight.Dispose();
        }
    }

    private async ValueTask<StoreLookup<T>> TryReadQuietlyAsync<T>(string key)
    {
        try
        {
            return await _store.GetAsync<T>(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFault(ex, CancellationToken.None))
        {
            RecordFault("read", key, ex);
            return StoreLookup<T>.Miss;
        }
    }

    private async ValueTask StoreAsync<T>(string key, T value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await _store.SetAsync(key, value, ttl, cancellationToken).ConfigureAwait(false);
            _counters.RecordSet(start);
        }
        catch (Exception ex) when (IsStoreFault(ex, cancellationToken))
        {
            RecordFault("write", key, ex);
        }
    }

    private void RecordFault(string operation, string key, Exception exception)
    {
        _counters.RecordError();
        CacheLog.StoreFault(_logger, operation, key, exception);
    }

    private TimeSpan ResolveTtl(TimeSpan? ttl)
    {
        if (ttl is { } value && value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), value, "A time to live must be longer than zero.");
        }

        return ttl ?? _config.Ttl;
    }

    private bool IsAdminKey(string? adminKey)
    {
        if (_adminKeyHash is null || adminKey is null)
        {
            return false;
        }

        // Comparing fixed-length hashes in constant time reveals neither the key nor its length.
        Span<byte> candidate = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(adminKey), candidate);
        return CryptographicOperations.FixedTimeEquals(candidate, _adminKeyHash);
    }
}

using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Caching;

/// <summary>
/// The cache: reads, writes, get-or-create with one provider call per key at a time, removal, pattern invalidation,
/// an admin-only clear and statistics, over a memory level and an optional shared second level (Redis, from the
/// Caching.Redis package). A memory hit takes no lock and allocates nothing for immutable values. A fault of a level
/// never reaches the caller: it is counted, logged and served as a miss.
/// </summary>
public sealed partial class CacheManager : ICacheManager, IAsyncDisposable, IDisposable
{
    private readonly CacheEngine _engine;
    private readonly CacheLevels _levels;

    // The memory level called directly: an interface call of a generic method is a generic virtual call, which costs a
    // hit more than the lookup itself.
    private readonly MemoryLevel _memory;
    private readonly CacheCounters _counters;
    private readonly bool _enabled;
    private readonly ILogger _logger;
    private readonly CacheMeter _meter;
    private readonly AdminKeyCheck _adminKey;
    private int _disposed;

    private CacheManager(CacheConfig config, CacheLevels levels, CacheCounters counters, ILoggerFactory loggerFactory)
    {
        Config = config;
        _levels = levels;
        _memory = levels.Memory;
        _counters = counters;
        _enabled = config.Enabled;
        _logger = loggerFactory.CreateLogger<CacheManager>();
        _engine = new CacheEngine(config, levels, counters, _logger);
        _adminKey = new AdminKeyCheck(config.AdminKey);
        _meter = new CacheMeter(config.Namespace, counters, levels);
        CacheLog.Started(_logger, config);
    }

    /// <summary>The options this manager runs with.</summary>
    public CacheConfig Config { get; }

    /// <summary>Validates <paramref name="config"/> and creates a manager on the configured backend.</summary>
    /// <exception cref="CacheConfigException">The configuration is invalid, or names a backend whose package is missing.</exception>
    /// <remarks>
    /// With a second level, waits up to <see cref="CacheConfig.RedisConnectTimeout"/> for it to serve, so that a healthy
    /// Redis holds the very first writes; when it is not there by then, the manager starts on the memory level alone.
    /// </remarks>
    public static async Task<CacheManager> CreateAsync(
        CacheConfig config,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        DistributedBackend? distributed = null,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CacheManager manager = Create(config, loggerFactory, timeProvider, distributed);
        if (manager._levels.Distributed is { } level && config.RedisConnectTimeout > TimeSpan.Zero)
        {
            try
            {
                await level.FirstServed.WaitAsync(config.RedisConnectTimeout, timeProvider ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Not there yet: start on memory, as documented; the level serves once it recovers.
            }
            catch (OperationCanceledException)
            {
                await manager.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return manager;
    }

    /// <summary>
    /// Validates <paramref name="config"/> and creates a manager; what <see cref="CreateAsync"/> and DI call. The second
    /// level is <paramref name="distributed"/> when given, else the one <see cref="CacheConfig.Backend"/> names.
    /// </summary>
    /// <exception cref="CacheConfigException">The configuration is invalid, or names a backend whose package is missing.</exception>
    public static CacheManager Create(CacheConfig config, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, DistributedBackend? distributed = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        ILoggerFactory loggers = loggerFactory ?? NullLoggerFactory.Instance;
        var counters = new CacheCounters();
        CacheLevels levels = CacheComposition.Compose(config, counters, timeProvider ?? TimeProvider.System, loggers, distributed);
        return new CacheManager(config, levels, counters, loggers);
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
        MemoryRead read = MemoryRead.Miss;
        if (_levels.MemoryServes && (read = _memory.Read(key, out T value)) == MemoryRead.Hit)
        {
            _counters.RecordHit(sample);
            return new ValueTask<T?>(value);
        }

        ValueTask<StoreLookup<T>> lookup = _engine.ReadAfterMemoryAsync<T>(key, read, sample, cancellationToken);
        return lookup.IsCompletedSuccessfully ? new ValueTask<T?>(lookup.Result.Value) : CacheEngine.ValueOfAsync(lookup);
    }

    /// <inheritdoc />
    public async ValueTask SetAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        TimeSpan lifetime = ResolveTtl(ttl);
        if (_enabled)
        {
            await _engine.StoreAsync(key, value, lifetime, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask<T> GetOrCreateAsync<T>(string key, Func<CancellationToken, ValueTask<T>> factory, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
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
            return _engine.BypassAsync(key, state, factory, lifetime, call.Mode, cancellationToken);
        }

        long sample = CacheCounters.StartSample();
        MemoryRead read = MemoryRead.Miss;
        if (_levels.MemoryServes && (read = _memory.Read(key, out T value)) == MemoryRead.Hit)
        {
            _counters.RecordHit(sample);
            call?.Record(CacheOutcome.Hit, key);
            return new ValueTask<T>(value);
        }

        if (read == MemoryRead.Miss && _levels.Distributed is null)
        {
            _counters.RecordMiss(sample);
            call?.Record(CacheOutcome.Miss, key);
            return _engine.JoinFlightAsync(key, state, factory, lifetime, cancellationToken);
        }

        return _engine.ReadThenCreateAsync(key, read, state, factory, lifetime, sample, call, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _engine.RemoveAsync(key, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<long> InvalidateAsync(string pattern, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        long removed = await _levels.InvalidateAsync(new GlobPattern(pattern), cancellationToken).ConfigureAwait(false);
        CacheLog.Invalidated(_logger, removed, pattern);
        return removed;
    }

    /// <inheritdoc />
    public async ValueTask<long> ClearAsync(string? adminKey, CancellationToken cancellationToken = default)
    {
        if (!_adminKey.Accepts(adminKey))
        {
            CacheLog.ClearRefused(_logger);
            throw new UnauthorizedAccessException(_adminKey.IsConfigured
                ? "The admin key is missing or wrong; nothing was cleared."
                : "A full cache clear needs an admin key, and none is configured.");
        }

        long removed = await _levels.ClearAsync(cancellationToken).ConfigureAwait(false);
        CacheLog.Cleared(_logger, removed, Config.Namespace);
        return removed;
    }

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void RecordUncacheable() => _counters.RecordUncacheable();

    /// <inheritdoc />
    public CacheStats GetStats() => StatsSnapshot.Take(_counters, _levels);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _meter.Dispose();
            await _levels.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The entry for <paramref name="key"/> with its bookkeeping, or null; does not count as a read.</summary>
    internal ValueTask<CacheEntry<T>?> GetEntryAsync<T>(string key, CancellationToken cancellationToken = default) =>
        _engine.GetEntryAsync<T>(key, cancellationToken);

    private TimeSpan ResolveTtl(TimeSpan? ttl)
    {
        if (ttl is { } value && value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), value, "A time to live must be longer than zero.");
        }

        return ttl ?? Config.Ttl;
    }
}

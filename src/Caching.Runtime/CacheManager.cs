using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
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
/// never reaches the caller: it is counted, logged and served as a miss. Everything after a memory hit is the
/// pipeline's (<c>Pipeline/CachePipeline.*.cs</c>). Streams and calls with a free text are in <c>CacheManager.Streams.cs</c> and
/// <c>CacheManager.Semantic.cs</c>.
/// </summary>
public sealed partial class CacheManager : ICacheManager, IAsyncDisposable, IDisposable
{
    private readonly CachePipeline _pipeline;

    // The memory level called directly: an interface call of a generic method is a generic virtual call, which costs a
    // hit more than the lookup itself.
    private readonly MemoryLevel _memory;
    private readonly CacheCounters _counters;
    private readonly bool _enabled;
    private readonly ILogger _logger;
    private readonly CacheMeter _meter;
    private readonly AdminKeyCheck _adminKey;
    private int _disposed;

    private CacheManager(CacheConfig config, CachePipeline pipeline, ILogger logger)
    {
        Config = config;
        _pipeline = pipeline;
        _memory = pipeline.Memory;
        _counters = pipeline.Counters;
        _enabled = config.Enabled;
        _logger = logger;
        _adminKey = new AdminKeyCheck(config.AdminKey);
        _meter = new CacheMeter(config.Namespace, _counters, pipeline);
        CacheLog.Started(_logger, config);
    }

    /// <summary>The options this manager runs with.</summary>
    public CacheConfig Config { get; }

    /// <inheritdoc />
    public CacheValueCopiers ValueCopiers => Config.ValueCopiers;

    /// <summary>Whether the levels serve as configured: what a readiness probe reports.</summary>
    public CacheReadiness Readiness => _pipeline.Readiness;

    /// <summary>Validates <paramref name="config"/>, creates a manager on the configured backend and waits until it is ready.</summary>
    /// <exception cref="CacheConfigException">The configuration is invalid, or names a backend whose package is missing.</exception>
    /// <remarks>
    /// With a second level, waits up to <see cref="CacheConfig.RedisConnectTimeout"/> for it to serve (and for the backplane
    /// to prove its subscription), so that a healthy Redis holds the very first writes; when it is not there by then, the
    /// manager starts on the memory level alone.
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
        try
        {
            await manager.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await manager.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return manager;
    }

    /// <summary>
    /// Validates <paramref name="config"/> and creates a manager without waiting for a second level to serve (see
    /// <see cref="WaitUntilReadyAsync"/>). The second level is <paramref name="distributed"/> when given, else the one
    /// <see cref="CacheConfig.Backend"/> names.
    /// </summary>
    /// <exception cref="CacheConfigException">The configuration is invalid, or names a backend whose package is missing.</exception>
    public static CacheManager Create(CacheConfig config, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, DistributedBackend? distributed = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        config.ValidateSemanticLayer();
        ILoggerFactory loggers = loggerFactory ?? NullLoggerFactory.Instance;
        ILogger logger = loggers.CreateLogger<CacheManager>();
        CachePipeline pipeline = CacheComposition.Compose(config, timeProvider ?? TimeProvider.System, loggers, logger, distributed);
        return new CacheManager(config, pipeline, logger);
    }

    /// <summary>
    /// Waits until the second level serves and the backplane is proven, for at most
    /// <see cref="CacheConfig.RedisConnectTimeout"/>; after that the manager serves degraded (memory alone) and says so in
    /// <see cref="Readiness"/>. Hosts call this before they take traffic (the DI registration does it at start-up).
    /// </summary>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken = default) =>
        _pipeline.WaitUntilServingAsync(Config.RedisConnectTimeout, cancellationToken);

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
        if (_pipeline.MemoryServes && (read = _memory.Read(key, out T value, out _)) is MemoryRead.Hit or MemoryRead.HitRefreshDue)
        {
            _counters.RecordHit(sample);
            return new ValueTask<T?>(value);
        }

        return _pipeline.GetAfterMemoryAsync<T>(key, read, sample, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask SetAsync<T>(string key, T value, CacheEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        EntryPolicy policy = _pipeline.PolicyOf(options);
        if (_enabled)
        {
            await _pipeline.SetAsync(key, value, policy, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask<T> GetOrCreateAsync<T>(string key, Func<CancellationToken, ValueTask<T>> factory, CacheEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return GetOrCreateAsync(key, factory, static (f, _, token) => f(token), options, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<T> GetOrCreateAsync<TState, T>(string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, CacheEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return GetOrCreateAsync(key, (State: state, Factory: factory), static (s, _, token) => s.Factory(s.State, token), options, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<T> GetOrCreateAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CacheFactoryContext, CancellationToken, ValueTask<T>> factory,
        CacheEntryOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(factory);
        EntryPolicy policy = _pipeline.PolicyOf(options);
        if (!_enabled)
        {
            return factory(state, new CacheFactoryContext(), cancellationToken);
        }

        CacheCallContext? call = CacheCallContext.Current;
        if (call is not null && call.Mode != CacheReadMode.Normal)
        {
            call.Record(CacheOutcome.Bypass, key);
            _counters.RecordBypass();
            return _pipeline.BypassAsync(key, state, factory, policy, call.Mode, call, cancellationToken);
        }

        long sample = CacheCounters.StartSample();
        MemoryRead read = MemoryRead.Miss;
        if (_pipeline.MemoryServes)
        {
            read = _memory.Read(key, out T value, out MemoryEntry? entry);
            if (read is MemoryRead.Hit or MemoryRead.HitRefreshDue && (call is null || Answers(call, key, entry!)))
            {
                _counters.RecordHit(sample);
                if (CacheActivities.IsOn)
                {
                    CacheActivities.MemoryHit(key);
                }

                if (read == MemoryRead.HitRefreshDue)
                {
                    _pipeline.RefreshInBackground(key, entry!, state, factory, policy);
                }

                return new ValueTask<T>(value);
            }

            if (read is MemoryRead.Hit or MemoryRead.HitRefreshDue)
            {
                // Older than the caller's max-age: the provider's answer replaces it.
                _counters.RecordMiss(sample);
                call!.RecordOlderAnswerSkipped(key);
                return _pipeline.BypassAsync(key, state, factory, policy, CacheReadMode.Refresh, call, cancellationToken);
            }
        }

        return _pipeline.GetOrCreateAfterMemoryAsync(key, read, state, factory, policy, sample, call, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _pipeline.RemoveAsync(key, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<long> InvalidateAsync(string pattern, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        using System.Diagnostics.Activity? activity = CacheActivities.StartInvalidate();
        long removed = await _pipeline.InvalidateAsync(new GlobPattern(pattern), cancellationToken).ConfigureAwait(false);
        activity?.SetTag("cache.removed", removed);
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

        long removed = await _pipeline.ClearAsync(cancellationToken).ConfigureAwait(false);
        CacheLog.Cleared(_logger, removed, Config.Namespace);
        return removed;
    }

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void RecordUncacheable() => _counters.RecordUncacheable();

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void RecordBypass() => _counters.RecordBypass();

    /// <inheritdoc />
    public CacheStats GetStats() => StatsSnapshot.Take(_counters, _pipeline);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _meter.Dispose();
            await _pipeline.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>A memory hit in a call context: recorded with its age, unless it is older than the caller's max-age.</summary>
    private bool Answers(CacheCallContext call, string key, MemoryEntry entry)
    {
        TimeSpan age = _pipeline.Now - entry.Lifetime.Created;
        if (call.Directives.MaxAge is { } maxAge && age > maxAge)
        {
            return false;
        }

        call.RecordHit(key, age);
        return true;
    }
}

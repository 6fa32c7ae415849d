using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;
using Caching.Semantic;
using Microsoft.Extensions.Logging;

namespace Caching;

/// <summary>
/// Everything behind the manager's memory hit, in one place: the second level, one flight per key (one second-level read
/// and at most one provider call however many callers miss together), stale answers in place of failed provider calls,
/// eager refresh, streams, writes to both levels, invalidation, and the backplane's news of other instances' changes.
/// Split by concern into partial files; knows the second level only through <see cref="IDistributedLevel"/>.
/// </summary>
internal sealed partial class CachePipeline : IAsyncDisposable
{
    private readonly IDistributedLevel? _distributed;
    private readonly ICacheBackplane? _backplane;
    private readonly TimeProvider _time;
    private readonly JsonSerializerOptions _json;
    private readonly ILogger _logger;
    private readonly FlightTable _flights = new();
    private readonly EntryPolicy _defaultPolicy;
    private volatile bool _memoryServes = true;

    // Bumped by every local or remote invalidation and by a resynchronization: a provider answer that started before one
    // is not stored, so an invalidation is never undone by a call that was in flight when it ran.
    private long _invalidationEpoch;

    // Bumped by every invalidation, local or remote: a copy read from the second level before one is not kept in memory.
    // (Other instances' writes are told to the reads of their key alone: see FillWatches.)
    private long _fillEpoch;

    public CachePipeline(CacheConfig config, MemoryLevel memory, DistributedBackend? distributed, CacheCounters counters, TimeProvider time, JsonSerializerOptions json, ILogger logger)
    {
        Config = config;
        Memory = memory;
        Counters = counters;
        _distributed = distributed?.Level;
        _backplane = distributed?.Backplane;
        _time = time;
        _json = json;
        _logger = logger;
        _defaultPolicy = EntryPolicy.Of(config, null);
        _semantic = !config.SemanticLayerOn ? null : new SemanticLayer(config, memory.Budget, distributed, counters, time, logger);
        _distributed?.Subscribe(this);
        _backplane?.Subscribe(this);
        OnAvailabilityChanged();
    }

    public CacheConfig Config { get; }

    public MemoryLevel Memory { get; }

    public CacheCounters Counters { get; }

    /// <summary>Whether calls with a free text may be answered semantically (an embedder is configured).</summary>
    public bool HasSemantic => _semantic is not null;

    /// <summary>Whether a shared second level sits behind memory.</summary>
    public bool HasDistributed => _distributed is not null;

    /// <summary>
    /// False while the backplane is disconnected and the second level serves: memory copies may have been invalidated by
    /// another instance unseen, so reads go to the second level. With the second level down, memory serves alone.
    /// </summary>
    public bool MemoryServes => _memoryServes;

    public long InvalidationEpoch => Interlocked.Read(ref _invalidationEpoch);

    /// <summary>The manager's clock.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>"memory", or the second level's name while it serves.</summary>
    public string ActiveStore => _distributed is { IsServing: true } level ? level.Name : "memory";

    /// <summary>"none", "connected" or "disconnected".</summary>
    public string BackplaneState => _backplane is null ? "none" : _backplane.IsConnected ? "connected" : "disconnected";

    public long DistributedErrors => _distributed?.Errors ?? 0;

    public long DistributedOutages => _distributed?.Outages ?? 0;

    /// <summary>Whether the levels serve as configured, only partly (memory alone), or not yet.</summary>
    public CacheReadiness Readiness =>
        _distributed is null ? CacheReadiness.Ready("memory serves")
        : !_distributed.IsServing ? CacheReadiness.Degraded($"{_distributed.Name} is unreachable; memory serves alone")
        : _backplane is { IsConnected: false } ? CacheReadiness.NotReady("the backplane has not proven its subscription yet; memory copies are not served")
        : CacheReadiness.Ready(_backplane is null ? $"{_distributed.Name} serves" : $"{_distributed.Name} serves and the backplane is connected");

    /// <summary>The policy of a call: the configuration's, or the call's options over it.</summary>
    public EntryPolicy PolicyOf(CacheEntryOptions? options) => options is null ? _defaultPolicy : EntryPolicy.Of(Config, options);

    /// <summary>
    /// Waits until the second level serves and, with a backplane, its subscription is proven: at most
    /// <paramref name="timeout"/>, after which the manager serves from what it has (memory alone, degraded).
    /// </summary>
    public async Task WaitUntilServingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_distributed is null || timeout <= TimeSpan.Zero)
        {
            return;
        }

        Task serving = _backplane is null ? _distributed.FirstServed : Task.WhenAll(_distributed.FirstServed, _backplane.FirstConnected);
        try
        {
            await serving.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            CacheLog.StartedDegraded(_logger, timeout, Readiness.Description);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_backplane is not null)
        {
            await _backplane.DisposeAsync().ConfigureAwait(false);
        }

        if (_distributed is not null)
        {
            await _distributed.DisposeAsync().ConfigureAwait(false);
        }

        Memory.Dispose();
    }

    /// <summary>A fault of the cache itself: counted and logged, and the call goes on as a miss.</summary>
    private void RecordFault(string operation, string key, string reason)
    {
        Counters.RecordError();
        CacheLog.Fault(_logger, operation, key, reason);
    }

    private static bool IsFault(Exception exception, CancellationToken cancellationToken) =>
        !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private void BeginInvalidation()
    {
        Interlocked.Increment(ref _invalidationEpoch);
        Interlocked.Increment(ref _fillEpoch);
    }
}

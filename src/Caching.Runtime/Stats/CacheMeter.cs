using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Caching;

/// <summary>
/// Publishes a manager's figures through a <see cref="Meter"/> named "Caching". Every instrument is observable and reads
/// its one figure when a listener collects (a running total, never a walk over the entries), so a scrape reads each
/// figure once and the hot path pays nothing for metrics.
/// </summary>
internal sealed class CacheMeter : IDisposable
{
    public const string MeterName = CacheTelemetry.MeterName;

    private readonly Meter _meter;

    public CacheMeter(string cacheNamespace, CacheCounters counters, CachePipeline pipeline)
    {
        _meter = new Meter(MeterName, typeof(CacheMeter).Assembly.GetName().Version?.ToString());
        KeyValuePair<string, object?>[] tags = [new("cache.namespace", cacheNamespace)];
        Counter("cache.hits", () => counters.Hits + counters.DistributedHits, "{read}", "Reads that found a live entry, in memory or in the second level.");
        Counter("cache.l2.hits", () => counters.DistributedHits, "{read}", "Reads served by the shared second level (Redis).");
        Counter("cache.misses", () => counters.Misses, "{read}", "Reads that found nothing.");
        Counter("cache.sets", () => counters.Sets, "{write}", "Values stored.");
        Counter("cache.evictions", () => pipeline.Memory.Evictions, "{entry}", "Entries evicted to stay within the size bound.");
        Counter("cache.expirations", () => counters.Expirations, "{entry}", "Entries removed when their TTL ran out.");
        Counter("cache.errors", () => counters.Errors, "{error}", "Cache faults served as misses.");
        Counter("cache.bypasses", () => counters.Bypasses, "{call}", "Calls sent to the provider without reading the cache: a caller's directive, or a request whose answer depends on state the provider keeps.");
        Counter("cache.uncacheable", () => counters.Uncacheable, "{call}", "Calls sent to the provider uncached because a value could not be keyed.");
        Counter("cache.oversized", () => counters.Oversized, "{entry}", "Answers and streams served but not stored because they exceed max_entry_size or max_stream_elements.");
        Counter("cache.stream.elements_replayed", () => counters.StreamElementsReplayed, "{element}", "Stream elements replayed from the cache.");
        Counter("cache.stale_served", () => counters.StaleServed, "{call}", "Stale answers served in place of a provider call that failed or was too slow.");
        Counter("cache.eager_refreshes", () => counters.EagerRefreshes, "{refresh}", "Background refreshes started by a hit late in an entry's freshness.");
        Counter("cache.semantic.lookups", () => counters.SemanticLookups, "{lookup}", "Semantic lookups: calls with a free text that no exact entry answered.");
        Counter("cache.semantic.hits", () => counters.SemanticHits, "{call}", "Answers served for another wording of a call's free text (counted apart from hits).");
        Counter("cache.semantic.near_misses", () => counters.SemanticNearMisses, "{lookup}", "Semantic lookups whose best candidate the judge refused.");
        Counter("cache.semantic.embedding_errors", () => counters.SemanticEmbeddingErrors, "{error}", "Embedding calls that failed (the call went on exact-only).");
        _meter.CreateObservableUpDownCounter("cache.semantic.entries", () => new Measurement<long>(pipeline.SemanticEntries, tags), "{entry}", "Texts indexed for semantic lookups.");
        pipeline.UseSimilarityHistogram(_meter.CreateHistogram<double>("cache.semantic.similarity", "1", "The cosine similarity of each semantic lookup's nearest candidate."), tags);
        Counter("cache.fallbacks", () => counters.Fallbacks, "{call}", "Reads and writes the memory level served alone because the second level was unreachable.");
        Counter("cache.l2.errors", () => pipeline.DistributedErrors, "{error}", "Second-level operations that failed or timed out.");
        _meter.CreateObservableUpDownCounter("cache.entries", () => new Measurement<long>(pipeline.Memory.Count, tags), "{entry}", "Entries held in memory.");
        _meter.CreateObservableUpDownCounter("cache.memory.usage", () => new Measurement<long>(pipeline.Memory.MemoryUsageBytes, tags), "By", "Retained bytes held in memory.");
        Gauge("cache.hit_ratio", () => HitRatio(counters), "1", "Hits divided by reads.");
        Gauge("cache.get.duration.mean", () => counters.GetLatency.MeanMicroseconds / 1e6, "s", "Mean read time.");
        Gauge("cache.get.duration.p99", () => counters.GetLatency.PercentileMicroseconds(99) / 1e6, "s", "99th percentile read time.");
        Gauge("cache.set.duration.mean", () => counters.SetLatency.MeanMicroseconds / 1e6, "s", "Mean write time.");
        Gauge("cache.set.duration.p99", () => counters.SetLatency.PercentileMicroseconds(99) / 1e6, "s", "99th percentile write time.");

        void Counter(string name, Func<long> read, string unit, string description) =>
            _meter.CreateObservableCounter(name, () => new Measurement<long>(read(), tags), unit, description);

        void Gauge(string name, Func<double> read, string unit, string description) =>
            _meter.CreateObservableGauge(name, () => new Measurement<double>(read(), tags), unit, description);
    }

    public void Dispose() => _meter.Dispose();

    private static double HitRatio(CacheCounters counters)
    {
        long hits = counters.Hits + counters.DistributedHits;
        long reads = hits + counters.Misses;
        return reads == 0 ? 0 : (double)hits / reads;
    }
}

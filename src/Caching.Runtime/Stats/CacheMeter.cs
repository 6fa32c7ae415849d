using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Caching;

/// <summary>
/// Publishes a manager's figures through a <see cref="Meter"/> named "Caching". Every instrument is observable: it reads
/// the counters when a listener collects, so the hot path pays nothing for metrics.
/// </summary>
internal sealed class CacheMeter : IDisposable
{
    public const string MeterName = "Caching";

    private readonly Meter _meter;

    public CacheMeter(string cacheNamespace, Func<CacheStats> snapshot)
    {
        _meter = new Meter(MeterName, typeof(CacheMeter).Assembly.GetName().Version?.ToString());
        KeyValuePair<string, object?>[] tags = [new("cache.namespace", cacheNamespace)];
        _meter.CreateObservableCounter("cache.hits", () => new Measurement<long>(snapshot().Hits, tags), "{read}", "Reads that found a live entry.");
        _meter.CreateObservableCounter("cache.misses", () => new Measurement<long>(snapshot().Misses, tags), "{read}", "Reads that found nothing.");
        _meter.CreateObservableCounter("cache.sets", () => new Measurement<long>(snapshot().Sets, tags), "{write}", "Values stored.");
        _meter.CreateObservableCounter("cache.evictions", () => new Measurement<long>(snapshot().Evictions, tags), "{entry}", "Entries evicted to stay within the size bound.");
        _meter.CreateObservableCounter("cache.expirations", () => new Measurement<long>(snapshot().Expirations, tags), "{entry}", "Entries removed when their TTL ran out.");
        _meter.CreateObservableCounter("cache.errors", () => new Measurement<long>(snapshot().Errors, tags), "{error}", "Cache faults served as misses.");
        _meter.CreateObservableCounter("cache.uncacheable", () => new Measurement<long>(snapshot().Uncacheable, tags), "{call}", "Calls sent to the provider uncached because a value could not be keyed.");
        _meter.CreateObservableCounter("cache.oversized", () => new Measurement<long>(snapshot().Oversized, tags), "{entry}", "Answers and streams served but not stored because they exceed max_entry_size or max_stream_elements.");
        _meter.CreateObservableCounter("cache.stream.elements_replayed", () => new Measurement<long>(snapshot().StreamElementsReplayed, tags), "{element}", "Stream elements replayed from the cache.");
        _meter.CreateObservableUpDownCounter("cache.entries", () => new Measurement<long>(snapshot().Entries, tags), "{entry}", "Entries held.");
        _meter.CreateObservableUpDownCounter("cache.memory.usage", () => new Measurement<long>(snapshot().MemoryUsageBytes, tags), "By", "Payload bytes held.");
        _meter.CreateObservableGauge("cache.hit_ratio", () => new Measurement<double>(snapshot().HitRate, tags), "1", "Hits divided by reads.");
        _meter.CreateObservableGauge("cache.get.duration.mean", () => new Measurement<double>(snapshot().GetLatencyMeanMicroseconds / 1e6, tags), "s", "Mean read time.");
        _meter.CreateObservableGauge("cache.get.duration.p99", () => new Measurement<double>(snapshot().GetLatencyP99Microseconds / 1e6, tags), "s", "99th percentile read time.");
        _meter.CreateObservableGauge("cache.set.duration.mean", () => new Measurement<double>(snapshot().SetLatencyMeanMicroseconds / 1e6, tags), "s", "Mean write time.");
        _meter.CreateObservableGauge("cache.set.duration.p99", () => new Measurement<double>(snapshot().SetLatencyP99Microseconds / 1e6, tags), "s", "99th percentile write time.");
    }

    public void Dispose() => _meter.Dispose();
}

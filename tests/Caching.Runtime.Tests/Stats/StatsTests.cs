using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Tests.Stats;

public class StatsTests
{
    [Fact]
    public async Task Hits_plus_misses_equal_reads_under_eight_threads_of_mixed_traffic()
    {
        await using CacheManager cache = Caching.Tests.Manager.Managers.Create(c => c.MaxSize = 64);
        const int Threads = 8;
        const int ReadsPerThread = 5000;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task[] workers = Enumerable.Range(0, Threads).Select(t => Task.Run(async () =>
        {
            await start.Task;
            for (int i = 0; i < ReadsPerThread; i++)
            {
                string key = $"k{(i * 7 + t) % 128}";
                if (i % 3 == 0)
                {
                    await cache.GetOrCreateAsync(key, static _ => new ValueTask<int>(1));
                }
                else
                {
                    await cache.GetAsync<int>(key);
                }

                if (i % 10 == 0)
                {
                    await cache.SetAsync(key, i);
                }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(workers);

        CacheStats stats = cache.GetStats();
        Assert.Equal(Threads * ReadsPerThread, stats.Hits + stats.Misses);
        Assert.True(stats.Hits > 0 && stats.Misses > 0);
        Assert.InRange(stats.Entries, 1, 64);
        Assert.Equal(0, stats.Errors);
        Assert.True(stats.GetLatencyMeanMicroseconds > 0);
        Assert.True(stats.GetLatencyP99Microseconds >= stats.GetLatencyMeanMicroseconds / 10);
    }

    [Fact]
    public async Task The_caching_meter_publishes_the_same_figures()
    {
        await using CacheManager cache = Caching.Tests.Manager.Managers.Create(c => c.Namespace = "meter-test");
        await cache.SetAsync("k", "v");
        await cache.GetAsync<string>("k");
        await cache.GetAsync<string>("missing");

        var seen = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Caching")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(1, seen["cache.hits"]);
        Assert.Equal(1, seen["cache.misses"]);
        Assert.Equal(1, seen["cache.sets"]);
        Assert.Equal(1, seen["cache.entries"]);
        Assert.Equal(cache.GetStats().MemoryUsageBytes, seen["cache.memory.usage"]);
        Assert.Equal(2 + 22 + 2 + MemoryLevel.EntryOverheadBytes, seen["cache.memory.usage"]);
        Assert.Equal(0.5, seen["cache.hit_ratio"]);

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "cache.namespace" && (string?)tag.Value == "meter-test")
                {
                    seen[instrument.Name] = value;
                }
            }
        }
    }

    [Fact]
    public void Histogram_buckets_are_exact_for_small_values_and_bounded_for_large_ones()
    {
        for (long ticks = 0; ticks < 16; ticks++)
        {
            Assert.Equal(ticks, LatencyHistogram.UpperBoundOf(LatencyHistogram.BucketOf(ticks)));
        }

        foreach (long ticks in new long[] { 17, 100, 1000, 123_456, 10_000_000_000 })
        {
            double upper = LatencyHistogram.UpperBoundOf(LatencyHistogram.BucketOf(ticks));
            Assert.InRange(upper, ticks, ticks * 1.13);
        }
    }

    [Fact]
    public void Latencies_shorter_than_a_timespan_tick_are_reported_not_rounded_to_zero()
    {
        var histogram = new LatencyHistogram();
        long fortyNanoseconds = Math.Max(1, System.Diagnostics.Stopwatch.Frequency * 40 / 1_000_000_000);
        for (int i = 0; i < 100; i++)
        {
            histogram.Record(fortyNanoseconds);
        }

        Assert.InRange(histogram.MeanMicroseconds, 0.001, 0.1);
        Assert.InRange(histogram.PercentileMicroseconds(99), 0.001, 0.1);
    }

    [Fact]
    public void Percentile_of_recorded_values_is_close()
    {
        var histogram = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++)
        {
            histogram.Record(i * 100);
        }

        double p99Ticks = histogram.PercentileMicroseconds(99) * System.Diagnostics.Stopwatch.Frequency / 1_000_000d;
        Assert.InRange(p99Ticks, 99_000 * 0.99, 99_000 * 1.13);
    }
}

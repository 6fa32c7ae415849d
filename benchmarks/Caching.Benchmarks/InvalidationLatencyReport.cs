using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace Caching.Benchmarks;

/// <summary>
/// 11. Cross-instance invalidation: two instances share one redis-server; the reader holds a warm memory copy; the time
/// from the writer's call to the reader's first miss, over 1,000 trials. The reader polls on a thread of its own, yielding
/// between reads, so that polling never competes with the Redis client for thread-pool threads.
/// </summary>
public static class InvalidationLatencyReport
{
    private const int Trials = 1000;

    public static async Task<string> RunAsync()
    {
        await using RedisProcess redis = await RedisProcess.StartAsync();
        var report = new StringBuilder("| operation | p50 | p99 | max |\n|---|---:|---:|---:|\n");

        CacheConfig Config() => new() { Backend = CacheBackend.Redis, RedisUrl = redis.Endpoint, RedisTimeout = TimeSpan.FromSeconds(1), Namespace = "latency", MaxSize = 10_000 };
        await using CacheManager writer = await ServingAsync(Config());
        await using CacheManager reader = await ServingAsync(Config());
        report.Append(Row("ours: RemoveAsync(key)", await MeasureAsync(
            async key => await writer.SetAsync(key, "v"),
            key => reader.GetAsync<string>(key).AsTask(),
            () => reader.GetStats().L1Hits,
            async key => await writer.RemoveAsync(key))));
        report.Append(Row("ours: InvalidateAsync(pattern)", await MeasureAsync(
            async key => await writer.SetAsync(key, "v"),
            key => reader.GetAsync<string>(key).AsTask(),
            () => reader.GetStats().L1Hits,
            async key => await writer.InvalidateAsync(key[..^1] + "*"))));

        using FusionCache fusionWriter = Fusion(redis.Endpoint);
        using FusionCache fusionReader = Fusion(redis.Endpoint);
        long fusionReads = 0;
        report.Append(Row("FusionCache + Redis backplane: RemoveAsync(key)", await MeasureAsync(
            async key => await fusionWriter.SetAsync(key, "v"),
            async key =>
            {
                Interlocked.Increment(ref fusionReads);
                MaybeValue<string> value = await fusionReader.TryGetAsync<string>(key);
                return value.HasValue ? value.Value : null;
            },
            null,
            async key => await fusionWriter.RemoveAsync(key))));
        return report.ToString();
    }

    private static FusionCache Fusion(string endpoint)
    {
        var cache = new FusionCache(new FusionCacheOptions { CacheName = "latency" });
        cache.SetupSerializer(new FusionCacheSystemTextJsonSerializer());
        cache.SetupDistributedCache(new RedisCache(new RedisCacheOptions { Configuration = endpoint, InstanceName = "fusion-latency:" }));
        cache.SetupBackplane(new RedisBackplane(new RedisBackplaneOptions { Configuration = endpoint }));
        return cache;
    }

    private static async Task<CacheManager> ServingAsync(CacheConfig config)
    {
        CacheManager manager = await CacheManager.CreateAsync(config);
        while (manager.GetStats() is not { ActiveStore: "redis", Backplane: "connected" })
        {
            await Task.Delay(20);
        }

        return manager;
    }

    private static async Task<List<double>> MeasureAsync(Func<string, Task> set, Func<string, Task<string?>> read, Func<long>? memoryHits, Func<string, Task> invalidate)
    {
        var latencies = new List<double>(Trials);
        for (int i = 0; i < Trials; i++)
        {
            string key = string.Create(CultureInfo.InvariantCulture, $"chat:m{i}:x");
            await set(key);
            await WarmAsync(key, read, memoryHits);

            using var go = new ManualResetEventSlim();
            long seenAt = 0;
            var poller = new Thread(() =>
            {
                go.Wait();
                while (read(key).GetAwaiter().GetResult() is not null)
                {
                    // On 2 cores a poller that never yields takes a core from the Redis client delivering the message.
                    Thread.Yield();
                }

                seenAt = Stopwatch.GetTimestamp();
            });
            poller.Start();
            long start = Stopwatch.GetTimestamp();
            go.Set();
            await invalidate(key);
            poller.Join();
            latencies.Add(Stopwatch.GetElapsedTime(start, seenAt).TotalMicroseconds);
        }

        latencies.Sort();
        return latencies;
    }

    /// <summary>Reads until the reader serves the key from memory (for ours, counted; for FusionCache, two reads suffice).</summary>
    private static async Task WarmAsync(string key, Func<string, Task<string?>> read, Func<long>? memoryHits)
    {
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            long before = memoryHits?.Invoke() ?? 0;
            if (await read(key) is not null && (memoryHits is null ? attempt > 0 : memoryHits() > before))
            {
                return;
            }

            await Task.Delay(1);
        }

        throw new InvalidOperationException($"{key} never reached the reader's memory.");
    }

    private static string Row(string operation, List<double> latencies) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {operation} | {latencies[latencies.Count / 2]:F0} us | {latencies[(int)(latencies.Count * 0.99) - 1]:F0} us | {latencies[^1]:F0} us |\n");
}

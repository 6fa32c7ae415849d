using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Caching;

// A provider call that costs time, cached by CacheManager: the first call misses, the second hits.
CacheConfig config = CacheConfig.FromToml("""
    [cache]
    backend = "memory"
    ttl = "10m"
    max_size = 1000
    namespace = "quickstart"
    """);
await using CacheManager cache = await CacheManager.CreateAsync(config);

int providerCalls = 0;
string model = "gpt-4o";
string key = CacheKeyBuilder.ChatCompletionKey(model, CacheKeyBuilder.HashContent("user: What is a cache?"));

for (int attempt = 1; attempt <= 2; attempt++)
{
    long start = Stopwatch.GetTimestamp();
    int callsBefore = providerCalls;
    string answer = await cache.GetOrCreateAsync(key, async cancellationToken =>
    {
        Interlocked.Increment(ref providerCalls);
        await Task.Delay(200, cancellationToken);
        return "A cache keeps answers so that repeats cost nothing.";
    });
    string outcome = providerCalls > callsBefore ? "MISS" : "HIT";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcome,-4} {Stopwatch.GetElapsedTime(start).TotalMilliseconds,8:F3} ms  {key}  -> {answer}"));
}

CacheStats stats = cache.GetStats();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"stats: hits={stats.Hits} misses={stats.Misses} hit_rate={stats.HitRate:P0} entries={stats.Entries} memory={stats.MemoryUsageBytes} B provider_calls={providerCalls}"));

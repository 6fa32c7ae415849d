using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace Caching.Benchmarks;

/// <summary>
/// 10. A hit with Redis as the second level and the memory copy warm, key given, against the memory-only hit and the
/// other two-level caches (FusionCache with its Redis backplane, HybridCache over RedisCache), all on one redis-server.
/// </summary>
[MemoryDiagnoser]
public class TwoLevelHitBenchmarks
{
    private const string Key = "chat:gpt-4o:9e1e538ba1abb3f0c02f789218ffddae1e67419a7589f19fa543842823d4760b";
    private RedisProcess _redis = null!;
    private CacheManager _memoryOnly = null!;
    private CacheManager _twoLevel = null!;
    private FusionCache _fusion = null!;
    private HybridCache _hybrid = null!;
    private RedisCache _hybridRedis = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        ChatResponse response = Workload.ChatResponse;
        _redis = await RedisProcess.StartAsync();
        _memoryOnly = await CacheManager.CreateAsync(new CacheConfig { MaxSize = 10_000 });
        await _memoryOnly.SetAsync(Key, response);

        _twoLevel = await CacheManager.CreateAsync(new CacheConfig { MaxSize = 10_000, Backend = CacheBackend.Redis, RedisUrl = _redis.Endpoint, RedisTimeout = TimeSpan.FromSeconds(1), Namespace = "bench" });
        while (_twoLevel.GetStats() is not { ActiveStore: "redis", Backplane: "connected" })
        {
            await Task.Delay(20);
        }

        await _twoLevel.SetAsync(Key, response);
        if (await _twoLevel.GetAsync<ChatResponse>(Key) is null || _twoLevel.GetStats().L1Hits != 1)
        {
            throw new InvalidOperationException("The two-level manager did not serve its memory copy: " + _twoLevel.GetStats());
        }

        _fusion = new FusionCache(new FusionCacheOptions { CacheName = "bench" });
        _fusion.SetupSerializer(new FusionCacheSystemTextJsonSerializer());
        _fusion.SetupDistributedCache(new RedisCache(new RedisCacheOptions { Configuration = _redis.Endpoint, InstanceName = "fusion:" }));
        _fusion.SetupBackplane(new RedisBackplane(new RedisBackplaneOptions { Configuration = _redis.Endpoint }));
        await _fusion.SetAsync(Key, response);

        _hybridRedis = new RedisCache(new RedisCacheOptions { Configuration = _redis.Endpoint, InstanceName = "hybrid:" });
        _hybrid = Contenders.CreateHybridCache(_hybridRedis);
        await _hybrid.SetAsync(Key, response);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _memoryOnly.DisposeAsync();
        await _twoLevel.DisposeAsync();
        _fusion.Dispose();
        _hybridRedis.Dispose();
        await _redis.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "ours: memory only")]
    public ValueTask<ChatResponse?> MemoryOnly() => _memoryOnly.GetAsync<ChatResponse>(Key);

    [Benchmark(Description = "ours: Redis + memory copy (backplane on)")]
    public ValueTask<ChatResponse?> TwoLevel() => _twoLevel.GetAsync<ChatResponse>(Key);

    [Benchmark(Description = "FusionCache: Redis + memory + backplane")]
    public ValueTask<MaybeValue<ChatResponse>> Fusion() => _fusion.TryGetAsync<ChatResponse>(Key);

    [Benchmark(Description = "HybridCache: RedisCache + memory (immutable type)")]
    public ValueTask<ChatResponse> Hybrid() => _hybrid.GetOrCreateAsync<ChatResponse>(Key, static _ => ValueTask.FromResult<ChatResponse>(null!));
}

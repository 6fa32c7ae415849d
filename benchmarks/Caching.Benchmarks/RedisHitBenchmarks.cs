using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using Caching.Distributed;
using Caching.Redis;
using Microsoft.Extensions.Logging.Abstractions;

namespace Caching.Benchmarks;

/// <summary>
/// 3. A Redis hit that memory does not answer, against a redis-server the benchmark starts on a free loopback port. Ours
/// runs with a backplane that never connects, so the memory copy each read leaves is never served: every read is a Redis
/// GET, a decode and the memory fill a second-level hit pays.
/// </summary>
[MemoryDiagnoser]
public class RedisHitBenchmarks
{
    private const string Key = "chat:gpt-4o:9e1e538ba1abb3f0c02f789218ffddae1e67419a7589f19fa543842823d4760b";
    private RedisProcess _redis = null!;
    private ConnectionMultiplexer _raw = null!;
    private IDatabase _database = null!;
    private CacheManager _manager = null!;
    private HybridCache _hybrid = null!;
    private RedisCache _redisCache = null!;
    private IChatClient _meai = null!;
    private List<AiChatMessage> _meaiMessages = null!;
    private ChatOptions _meaiOptions = null!;
    private WorkloadProvider _provider = null!;
    private ChatRequest _request = null!;
    private readonly HybridCacheEntryOptions _l2Only = new() { Flags = HybridCacheEntryFlags.DisableLocalCache };

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _redis = await RedisProcess.StartAsync();
        ChatResponse response = Workload.ChatResponse;
        _request = Workload.ChatRequest;
        _provider = new WorkloadProvider(response);

        _raw = await ConnectionMultiplexer.ConnectAsync(_redis.Endpoint);
        _database = _raw.GetDatabase();
        await _database.StringSetAsync("raw:" + Key, JsonSerializer.SerializeToUtf8Bytes(response));

        var config = new CacheConfig { Backend = CacheBackend.Redis, RedisUrl = _redis.Endpoint, RedisTimeout = TimeSpan.FromSeconds(1), Namespace = "bench", Backplane = false };
        DistributedBackend redis = new RedisBackendFactory().Create(config, TimeProvider.System, NullLoggerFactory.Instance);
        _manager = await CacheManager.CreateAsync(config, distributed: redis with { Backplane = new NeverConnectedBackplane() });
        while (_manager.GetStats().ActiveStore != "redis")
        {
            await Task.Delay(50);
        }

        await _manager.SetAsync(Key, response);

        _redisCache = new RedisCache(new RedisCacheOptions { Configuration = _redis.Endpoint, InstanceName = "hybrid:" });
        _hybrid = Contenders.CreateHybridCache(_redisCache);
        await _hybrid.SetAsync(Key, response, _l2Only);

        (_meai, _meaiMessages, _meaiOptions) = Contenders.CreateMeaiClient(new RedisCache(new RedisCacheOptions { Configuration = _redis.Endpoint, InstanceName = "meai:" }), _request, response);
        await _meai.GetResponseAsync(_meaiMessages, _meaiOptions);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _manager.DisposeAsync();
        await _raw.DisposeAsync();
        _redisCache.Dispose();
        await _redis.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "raw StackExchange.Redis GET + System.Text.Json")]
    public async Task<ChatResponse?> Raw()
    {
        RedisValue value = await _database.StringGetAsync("raw:" + Key);
        return JsonSerializer.Deserialize<ChatResponse>(((ReadOnlyMemory<byte>)value).Span);
    }

    [Benchmark(Description = "ours: CacheManager.GetAsync (Redis level, memory copy not served)")]
    public ValueTask<ChatResponse?> Ours() => _manager.GetAsync<ChatResponse>(Key);

    [Benchmark(Description = "HybridCache, Redis L2 only")]
    public ValueTask<ChatResponse> Hybrid() => _hybrid.GetOrCreateAsync<ChatResponse>(Key, static _ => ValueTask.FromResult<ChatResponse>(null!), _l2Only);

    [Benchmark(Description = "MEAI DistributedCachingChatClient (RedisCache)")]
    public Task<Microsoft.Extensions.AI.ChatResponse> Meai() => _meai.GetResponseAsync(_meaiMessages, _meaiOptions);
}

/// <summary>A backplane that is never connected: the manager then never serves its memory copies while Redis serves.</summary>
internal sealed class NeverConnectedBackplane : ICacheBackplane
{
    public bool IsConnected => false;

    public Task FirstConnected { get; } = new TaskCompletionSource().Task;

    public void Publish(CacheChange change)
    {
    }

    public void Subscribe(ILocalLevelEvents events)
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion;

namespace Caching.Benchmarks;

/// <summary>5. Throughput: 32 concurrent tasks, 90 % hits on 100 warm keys and 10 % misses on fresh keys.</summary>
[MemoryDiagnoser]
public class ThroughputBenchmarks
{
    private const int Tasks = 32;
    private const int OperationsPerTask = 100;
    private const int Operations = Tasks * OperationsPerTask;
    private static readonly string[] WarmKeys = Enumerable.Range(0, 100).Select(i => $"chat:gpt-4o:warm-{i:D4}").ToArray();
    private readonly HybridCacheEntryOptions _l2Only = new() { Flags = HybridCacheEntryFlags.DisableLocalCache };
    private RedisProcess? _redis;
    private CacheManager _manager = null!;
    private HybridCache _hybrid = null!;
    private FusionCache? _fusion;
    private ChatResponse _response = null!;
    private int _missSequence;

    [Params("memory", "redis")]
    public string Store { get; set; } = "memory";

    /// <summary>Benchmarks that do not apply to a store are left out of its run.</summary>
    public static bool AppliesTo(string method, string store) => !(method == nameof(Fusion) && store == "redis");

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _response = Workload.ChatResponse;
        var config = new CacheConfig { MaxSize = 100_000, Namespace = "tput" };
        if (Store == "redis")
        {
            _redis = await RedisProcess.StartAsync();
            config.Backend = CacheBackend.Redis;
            config.RedisUrl = _redis.Endpoint;
            config.RedisTimeout = TimeSpan.FromSeconds(1);
            _hybrid = Contenders.CreateHybridCache(new RedisCache(new RedisCacheOptions { Configuration = _redis.Endpoint, InstanceName = "hybrid:" }));
        }
        else
        {
            _hybrid = Contenders.CreateHybridCache();
            _fusion = Contenders.CreateFusionCache();
        }

        _manager = await CacheManager.CreateAsync(config);
        while (Store == "redis" && _manager.GetStats().ActiveStore != "redis")
        {
            await Task.Delay(50);
        }

        foreach (string key in WarmKeys)
        {
            await _manager.SetAsync(key, _response);
            await _hybrid.SetAsync(key, _response, Store == "redis" ? _l2Only : null);
            if (_fusion is not null)
            {
                await _fusion.SetAsync(key, _response);
            }
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _manager.DisposeAsync();
        _fusion?.Dispose();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations, Description = "ours: CacheManager.GetOrCreateAsync")]
    public Task Ours() => RunAsync(key => _manager.GetOrCreateAsync(key, _response, static (r, _) => ValueTask.FromResult(r)));

    [Benchmark(OperationsPerInvoke = Operations, Description = "HybridCache")]
    public Task Hybrid() => RunAsync(key => _hybrid.GetOrCreateAsync(key, _response, static (r, _) => ValueTask.FromResult(r), Store == "redis" ? _l2Only : null));

    /// <summary>FusionCache only on memory: its Redis setup (distributed cache plus backplane) is not the same work.</summary>
    [Benchmark(OperationsPerInvoke = Operations, Description = "FusionCache")]
    public Task Fusion() => RunAsync(key => _fusion!.GetOrSetAsync<ChatResponse>(key, _ => Task.FromResult(_response)));

    private Task RunAsync(Func<string, ValueTask<ChatResponse>> get) =>
        Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            for (int i = 0; i < OperationsPerTask; i++)
            {
                string key = i % 10 == 9
                    ? $"chat:gpt-4o:miss-{Interlocked.Increment(ref _missSequence)}"
                    : WarmKeys[((t * 31) + i) % WarmKeys.Length];
                await get(key);
            }
        })));
}

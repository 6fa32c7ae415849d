using System.Collections.Concurrent;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BitFaster.Caching.Lru;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using ZiggyCreatures.Caching.Fusion;

namespace Caching.Benchmarks;

/// <summary>2. A memory hit with the key given: the cost of the cache itself.</summary>
[MemoryDiagnoser]
public class KeyGivenHitBenchmarks
{
    private const string Key = "chat:gpt-4o:9e1e538ba1abb3f0c02f789218ffddae1e67419a7589f19fa543842823d4760b";
    private readonly ConcurrentDictionary<string, ChatResponse> _dictionary = new();
    private readonly ConcurrentLru<string, ChatResponse> _lru = new(10_000);
    private readonly MemoryCache _memoryCache = new(new MemoryCacheOptions());
    private CacheManager _manager = null!;
    private HybridCache _hybrid = null!;
    private FusionCache _fusion = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        ChatResponse response = Workload.ChatResponse;
        _manager = await CacheManager.CreateAsync(new CacheConfig { MaxSize = 10_000 });
        await _manager.SetAsync(Key, response);
        _dictionary[Key] = response;
        _lru.AddOrUpdate(Key, response);
        _memoryCache.Set(Key, response);
        _hybrid = Contenders.CreateHybridCache();
        await _hybrid.SetAsync(Key, response);
        _fusion = Contenders.CreateFusionCache();
        await _fusion.SetAsync(Key, response);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _manager.DisposeAsync();
        _memoryCache.Dispose();
        _fusion.Dispose();
    }

    [Benchmark(Baseline = true)]
    public ChatResponse? ConcurrentDictionary() => _dictionary.TryGetValue(Key, out ChatResponse? value) ? value : null;

    [Benchmark(Description = "ours: CacheManager.GetAsync")]
    public ValueTask<ChatResponse?> Ours() => _manager.GetAsync<ChatResponse>(Key);

    [Benchmark(Description = "BitFaster ConcurrentLru")]
    public ChatResponse? BitFaster() => _lru.TryGet(Key, out ChatResponse? value) ? value : null;

    [Benchmark(Description = "IMemoryCache")]
    public ChatResponse? MemoryCache() => _memoryCache.TryGetValue(Key, out ChatResponse? value) ? value : null;

    [Benchmark(Description = "HybridCache (immutable type)")]
    public ValueTask<ChatResponse> Hybrid() => _hybrid.GetOrCreateAsync<ChatResponse>(Key, static _ => ValueTask.FromResult<ChatResponse>(null!));

    [Benchmark(Description = "FusionCache")]
    public ValueTask<ChatResponse?> Fusion() => _fusion.GetOrDefaultAsync<ChatResponse>(Key);
}

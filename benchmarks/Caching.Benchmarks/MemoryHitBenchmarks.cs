using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ZiggyCreatures.Caching.Fusion;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Caching.Benchmarks;

/// <summary>1. A memory hit, end to end from the request object (the 3.5 KB workload).</summary>
[MemoryDiagnoser]
public class MemoryHitBenchmarks
{
    private ChatRequest _request = null!;
    private byte[] _requestBytes = null!;
    private CacheManager _manager = null!;
    private CachedChatProvider _ours = null!;
    private WorkloadProvider _provider = null!;
    private HybridCache _hybrid = null!;
    private FusionCache _fusion = null!;
    private IChatClient _meai = null!;
    private List<AiChatMessage> _meaiMessages = null!;
    private ChatOptions _meaiOptions = null!;
    private readonly ConcurrentDictionary<string, ChatResponse> _floor = new();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _request = Workload.ChatRequest;
        _requestBytes = Workload.ChatRequestBytes;
        ChatResponse response = Workload.ChatResponse;
        _provider = new WorkloadProvider(response);
        _manager = await CacheManager.CreateAsync(new CacheConfig { MaxSize = 10_000 });
        _ours = new CachedChatProvider(_provider, _manager);
        _hybrid = Contenders.CreateHybridCache();
        _fusion = Contenders.CreateFusionCache();
        (_meai, _meaiMessages, _meaiOptions) = Contenders.CreateMeaiClient(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())), _request, response);
        _floor[Convert.ToHexStringLower(SHA256.HashData(_requestBytes))] = response;

        await _ours.CompleteAsync(_request);
        await Contenders.HybridAsync(_hybrid, _provider, _request);
        await Contenders.FusionAsync(_fusion, _provider, _request);
        await _meai.GetResponseAsync(_meaiMessages, _meaiOptions);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _manager.DisposeAsync();

    [Benchmark(Baseline = true, Description = "floor: SHA-256 of request bytes + ConcurrentDictionary")]
    public ChatResponse? Floor() => Contenders.Floor(_floor, _requestBytes);

    [Benchmark(Description = "ours: generated decorator + CacheManager (memory)")]
    public ValueTask<ChatResponse> Ours() => _ours.CompleteAsync(_request);

    [Benchmark(Description = "part of ours: the generated key method alone")]
    public string? KeyOnly() => CachedChatProvider.CompleteAsyncKey(_request);

    [Benchmark(Description = "part of any: SHA-256 of 3,600 B (our encoding's size)")]
    public byte[] Sha3600() => SHA256.HashData(_requestBytes.AsSpan(0, 3600));

    [Benchmark(Description = "HybridCache + JSON + SHA-256 (hand-written)")]
    public ValueTask<ChatResponse> Hybrid() => Contenders.HybridAsync(_hybrid, _provider, _request);

    [Benchmark(Description = "FusionCache + JSON + SHA-256 (hand-written)")]
    public ValueTask<ChatResponse> Fusion() => Contenders.FusionAsync(_fusion, _provider, _request);

    [Benchmark(Description = "MEAI DistributedCachingChatClient (memory)")]
    public Task<Microsoft.Extensions.AI.ChatResponse> Meai() => _meai.GetResponseAsync(_meaiMessages, _meaiOptions);
}

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatResponse = Microsoft.Extensions.AI.ChatResponse;

namespace Caching.Benchmarks;

/// <summary>
/// Microsoft.Extensions.AI pipelines on the reference request mapped to MEAI messages: a hit through our UseCaching()
/// beside MEAI's own UseDistributedCache() over a memory IDistributedCache, and an embeddings batch of 100 inputs of
/// which 90 are cached.
/// </summary>
[MemoryDiagnoser]
public class MeaiHitBenchmarks
{
    private CacheManager _cache = null!;
    private IChatClient _ours = null!;
    private global::Caching.Extensions.AI.KeyedCachingChatClient _keyed = null!;
    private IChatClient _theirs = null!;
    private List<AiChatMessage> _messages = null!;
    private ChatOptions _options = null!;
    private IEmbeddingGenerator<string, Embedding<float>> _ourEmbeddings = null!;
    private IEmbeddingGenerator<string, Embedding<float>> _theirEmbeddings = null!;
    private string[] _batch = null!;
    private int _round;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _cache = await CacheManager.CreateAsync(new CacheConfig { MaxSize = 1_000_000 });
        var distributed = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        (_theirs, _messages, _options) = Contenders.CreateMeaiClient(distributed, Workload.ChatRequest, Workload.ChatResponse);
        _ours = new Contenders.WorkloadChatClient(Workload.ChatResponse.Choices[0].Message.Content, default).AsBuilder().UseCaching(_cache).Build();
        await _ours.GetResponseAsync(_messages, _options);
        _keyed = (global::Caching.Extensions.AI.KeyedCachingChatClient)_ours;
        await _theirs.GetResponseAsync(_messages, _options);

        _batch = [.. Enumerable.Range(0, 100).Select(i => $"input {i}: " + new string('x', 300))];
        _ourEmbeddings = new EmbeddingGeneratorBuilder<string, Embedding<float>>(new FixedEmbeddings()).UseCaching(_cache).Build();
        _theirEmbeddings = new EmbeddingGeneratorBuilder<string, Embedding<float>>(new FixedEmbeddings()).UseDistributedCache(distributed).Build();
        string[] cached = [.. _batch.Take(90)];
        await _ourEmbeddings.GenerateAsync(cached);
        await _theirEmbeddings.GenerateAsync(cached);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _cache.DisposeAsync();

    [Benchmark(Baseline = true, Description = "MEAI UseDistributedCache() hit (memory IDistributedCache)")]
    public Task<AiChatResponse> TheirsHit() => _theirs.GetResponseAsync(_messages, _options);

    [Benchmark(Description = "ours: UseCaching() hit (CacheManager, memory)")]
    public Task<AiChatResponse> OursHit() => _ours.GetResponseAsync(_messages, _options);

    [Benchmark(Description = "part of ours: the key of the request alone")]
    public string? OursKeyOnly() => _keyed.ResponseKey(_messages, _options);

    [Benchmark(Description = "MEAI UseDistributedCache() embeddings, 100 inputs, 90 cached")]
    public Task<GeneratedEmbeddings<Embedding<float>>> TheirsEmbeddings() => _theirEmbeddings.GenerateAsync(Batch());

    [Benchmark(Description = "ours: UseCaching() embeddings, 100 inputs, 90 cached")]
    public Task<GeneratedEmbeddings<Embedding<float>>> OursEmbeddings() => _ourEmbeddings.GenerateAsync(Batch());

    /// <summary>The 90 cached inputs and 10 never seen before, so that every run has the same 90 % hits.</summary>
    private string[] Batch()
    {
        int round = Interlocked.Increment(ref _round);
        string[] batch = [.. _batch];
        for (int i = 90; i < 100; i++)
        {
            batch[i] = $"round {round} input {i}";
        }

        return batch;
    }

    private sealed class FixedEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(_ => new Embedding<float>(new float[1536]))));

        public object? GetService(System.Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}

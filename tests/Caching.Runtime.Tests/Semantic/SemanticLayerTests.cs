using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Caching.Tests.Semantic;

/// <summary>
/// The semantic layer of the manager, with a deterministic embedder and the cosine judge: an answer cached for one wording
/// serves another within the same partition only, exact hits never embed, every fault leaves the call exact-only, and
/// removal, invalidation and clear take the vectors with the entries.
/// </summary>
public sealed class SemanticLayerTests : IDisposable
{
    private const string Question = "how do i learn to play the guitar quickly at home";
    private const string Paraphrase = "how do i learn to play the guitar fast at home";
    private const string TwoWordsOff = "how do i learn to play the violin fast at home";
    private const string Unrelated = "what is the capital city of france";
    private const string Partition = "chat:gpt-4o:partition-a";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly WordEmbedder _embedder = new();
    private int _providerCalls;

    public SemanticLayerTests()
    {
        Assert.InRange(WordEmbedder.Cosine(Question, Paraphrase), 0.88, 0.99);
        Assert.InRange(WordEmbedder.Cosine(Question, TwoWordsOff), 0.75, 0.87);
        Assert.InRange(WordEmbedder.Cosine(Question, Unrelated), -0.5, 0.5);
    }

    public void Dispose() => _embedder.Dispose();

    private CacheManager Create(Action<CacheConfig>? configure = null)
    {
        var config = new CacheConfig { Ttl = TimeSpan.FromMinutes(10), SemanticEmbedder = _embedder, SemanticThreshold = 0.87 };
        configure?.Invoke(config);
        return CacheManager.Create(config, timeProvider: _time);
    }

    private ValueTask<string> Ask(CacheManager cache, string key, string text, string partition = Partition) =>
        cache.GetOrCreateAsync(key, new SemanticQuery(partition, text), text, (t, _, _) =>
        {
            Interlocked.Increment(ref _providerCalls);
            return new ValueTask<string>("answer to " + t);
        });

    // Indexing follows the store; with the vector at hand and no shared store it is done before the caller resumes.
    private static void AssertIndexed(CacheManager cache, long entries) => Assert.Equal(entries, cache.GetStats().SemanticEntries);

    [Fact]
    public async Task A_paraphrase_in_the_same_partition_is_answered_from_the_cache_and_marked_semantic()
    {
        await using CacheManager cache = Create();
        await Ask(cache, "k1", Question);
        AssertIndexed(cache, 1);

        using CacheCallContext call = CacheCallContext.Begin();
        string answer = await Ask(cache, "k2", Paraphrase);

        Assert.Equal("answer to " + Question, answer);
        Assert.Equal(1, _providerCalls);
        Assert.Equal(CacheOutcome.SemanticHit, call.Outcome);
        Assert.Equal("k1", call.MatchedKey);
        Assert.Equal(WordEmbedder.Cosine(Question, Paraphrase), call.Similarity!.Value, 2);
        Assert.Equal(TimeSpan.Zero, call.Age);
        CacheStats stats = cache.GetStats();
        Assert.Equal((1L, 2L, 0L, 2L), (stats.SemanticHits, stats.SemanticLookups, stats.Hits, stats.Misses));
    }

    [Fact]
    public async Task The_same_text_in_another_partition_is_never_a_semantic_hit()
    {
        await using CacheManager cache = Create();
        await Ask(cache, "k1", Question);
        AssertIndexed(cache, 1);

        using CacheCallContext call = CacheCallContext.Begin();
        await Ask(cache, "k2", Question, partition: "chat:gpt-4o:partition-b");

        Assert.Equal(2, _providerCalls);
        Assert.Equal(CacheOutcome.Miss, call.Outcome);
        Assert.Equal(0, cache.GetStats().SemanticHits);
    }

    [Fact]
    public async Task A_text_under_the_threshold_is_a_miss_and_a_near_miss_when_the_judge_scored_it()
    {
        await using CacheManager cache = Create();
        await Ask(cache, "k1", Question);
        AssertIndexed(cache, 1);

        await Ask(cache, "k2", TwoWordsOff);
        await Ask(cache, "k3", Unrelated);

        Assert.Equal(3, _providerCalls);
        CacheStats stats = cache.GetStats();
        Assert.Equal((0L, 1L), (stats.SemanticHits, stats.SemanticNearMisses));
    }

    [Fact]
    public async Task An_exact_hit_is_served_without_an_embedding_call()
    {
        await using CacheManager cache = Create();
        await Ask(cache, "k1", Question);
        AssertIndexed(cache, 1);
        int embeddings = _embedder.Calls;

        using CacheCallContext call = CacheCallContext.Begin();
        await Ask(cache, "k1", Question);

        Assert.Equal(embeddings, _embedder.Calls);
        Assert.Equal(CacheOutcome.Hit, call.Outcome);
    }

    [Fact]
    public async Task A_call_that_asks_for_exact_answers_only_goes_to_the_provider_and_its_answer_is_indexed()
    {
        await using CacheManager cache = Create();
        await Ask(cache, "k1", Question);
        AssertIndexed(cache, 1);

        using (CacheCallContext exactOnly = CacheCallContext.Begin(new CacheDirectives { ExactOnly = true }))
        {
            await Ask(cache, "k2", Paraphrase);
            Assert.Equal(CacheOutcome.Miss, exactOnly.Outcome);
        }

        AssertIndexed(cache, 2);
        Assert.Equal(2, _providerCalls);
        Assert.Equal(0, cache.GetStats().SemanticHits);
    }

    [Fact]
    public async Task A_semantic_answer_older_than_the_callers_max_age_is_not_served()
    {
        await using CacheManager cache = Create();
        await Ask(cache, "k1", Question);
        AssertIndexed(cache, 1);
        _time.Advance(TimeSpan.FromMinutes(5));

        using CacheCallContext call = CacheCallContext.Begin(new CacheDirectives { MaxAge = TimeSpan.FromMinutes(1) });
        await Ask(cache, "k2", Paraphrase);

        Assert.Equal(CacheOutcome.Miss, call.Outcome);
        Assert.Equal(2, _providerCalls);
    }

    [Fact]
    public async Task An_entry_past_its_freshness_is_not_a_semantic_hit_and_its_vector_goes()
    {
        await using CacheManager cache = Create();
        await Ask(cache, "k1", Question);
        AssertIndexed(cache, 1);
        _time.Advance(TimeSpan.FromMinutes(11));

        await Ask(cache, "k2", Paraphrase);

        Assert.Equal(2, _providerCalls);
        AssertIndexed(cache, 1);
    }

    [Fact]
    public async Task Removing_an_entry_removes_its_vector()
    {
        await using CacheManager cache = Create();
        await Ask(cache, "k1", Question);
        AssertIndexed(cache, 1);

        await cache.RemoveAsync("k1");
        await Ask(cache, "k2", Paraphrase);

        Assert.Equal(2, _providerCalls);
    }

    [Fact]
    public async Task Invalidation_removes_the_vectors_of_the_matching_entries_only()
    {
        await using CacheManager cache = Create();
        await Ask(cache, "chat:a:1", Question);
        await Ask(cache, "chat:b:1", Unrelated);
        AssertIndexed(cache, 2);

        await cache.InvalidateAsync("chat:a:*");

        Assert.Equal(1, cache.GetStats().SemanticEntries);
        await Ask(cache, "chat:a:2", Paraphrase);
        Assert.Equal(3, _providerCalls);
    }

    [Fact]
    public async Task A_clear_removes_every_vector()
    {
        await using CacheManager cache = Create(c => c.AdminKey = "secret");
        await Ask(cache, "k1", Question);
        AssertIndexed(cache, 1);

        await cache.ClearAsync("secret");

        Assert.Equal(0, cache.GetStats().SemanticEntries);
    }

    [Fact]
    public async Task A_failing_embedder_leaves_calls_exact_only_and_is_counted()
    {
        _embedder.Failure = new InvalidOperationException("embeddings endpoint down");
        await using CacheManager cache = Create();

        await Ask(cache, "k1", Question);
        await Ask(cache, "k2", Paraphrase);
        await Ask(cache, "k1", Question);

        Assert.Equal(2, _providerCalls);
        CacheStats stats = cache.GetStats();
        Assert.True(stats.SemanticEmbeddingErrors >= 2);
        Assert.Equal((0L, 0L, 1L), (stats.SemanticHits, stats.SemanticEntries, stats.Hits));
    }

    [Fact]
    public async Task An_embedder_slower_than_its_timeout_leaves_the_call_exact_only()
    {
        _embedder.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using CacheManager cache = Create(c => c.SemanticEmbeddingTimeout = TimeSpan.FromSeconds(2));

        Task<string> asking = Ask(cache, "k1", Question).AsTask();
        while (_embedder.Calls == 0)
        {
            await Task.Yield();
        }

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("answer to " + Question, await asking);
        Assert.Equal(1, cache.GetStats().SemanticEmbeddingErrors);
        _embedder.Gate.SetResult();
    }

    [Fact]
    public async Task Concurrent_calls_with_one_text_embed_it_once()
    {
        await using CacheManager cache = Create();
        _embedder.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<string>[] callers = [.. Enumerable.Range(0, 8).Select(_ => Ask(cache, "k1", Question).AsTask())];
        while (_embedder.Calls == 0)
        {
            await Task.Yield();
        }

        _embedder.Gate.SetResult();
        await Task.WhenAll(callers);

        Assert.Equal(1, _embedder.Calls);
        Assert.Equal(1, _providerCalls);
    }

    [Fact]
    public async Task An_embedder_that_answers_at_once_leaves_no_call_behind()
    {
        var config = new CacheConfig { SemanticEmbedder = _embedder };
        var layer = new Caching.Semantic.SemanticLayer(config, new MemoryBudget(1 << 20, 1 << 20), distributed: null, new CacheCounters(), _time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        float[]? vector = await layer.EmbedAsync(Question, default);

        Assert.NotNull(vector);
        Assert.Equal(0, layer.EmbeddingsInFlight);
    }

    [Fact]
    public async Task A_stream_is_replayed_for_a_paraphrase()
    {
        await using CacheManager cache = Create();
        static async IAsyncEnumerable<string> Tokens(string text)
        {
            foreach (string word in text.Split(' '))
            {
                await Task.Yield();
                yield return word;
            }
        }

        string[] first = await cache.GetOrCreateStreamAsync("s1", new SemanticQuery(Partition, Question), Question, (t, _) => Tokens(t)).ToArrayAsync();
        AssertIndexed(cache, 1);

        using CacheCallContext call = CacheCallContext.Begin();
        string[] second = await cache.GetOrCreateStreamAsync("s2", new SemanticQuery(Partition, Paraphrase), Paraphrase, (t, _) => Tokens("not " + t)).ToArrayAsync();

        Assert.Equal(first, second);
        Assert.Equal(CacheOutcome.SemanticHit, call.Outcome);
        Assert.Equal("s1", call.MatchedKey);
    }

    [Fact]
    public async Task Without_an_embedder_a_call_with_a_text_is_exact()
    {
        await using CacheManager cache = CacheManager.Create(new CacheConfig(), timeProvider: _time);
        await Ask(cache, "k1", Question);

        using CacheCallContext call = CacheCallContext.Begin();
        await Ask(cache, "k2", Paraphrase);

        Assert.Equal(CacheOutcome.Miss, call.Outcome);
        Assert.Equal(0, cache.GetStats().SemanticLookups);
    }

    [Fact]
    public async Task The_index_stays_within_its_share_of_max_memory_dropping_the_oldest_vectors()
    {
        await using CacheManager cache = Create(c =>
        {
            c.MaxMemory = 64 * 1024;
            c.SemanticMemoryShare = 0.1;
            c.MaxSize = 10_000;
        });

        for (int i = 0; i < 200; i++)
        {
            await Ask(cache, "key-" + i, "question number " + i + " about topic " + (i * 7));
        }

        long entries = cache.GetStats().SemanticEntries;
        Assert.InRange(entries, 1, 200);
        long perEntry = WordEmbedder.Dimensions + 16 + 4 + 48 + 22 + (2 * "key-100".Length);
        Assert.True(entries * perEntry <= 64 * 1024 / 10, $"{entries} vectors of about {perEntry} bytes exceed a tenth of 64 KB");
        Assert.True(cache.GetStats().MemoryUsageBytes <= 64 * 1024);
    }
}

using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Tests.Support;
using Caching.Tests.Redis;

namespace Caching.Tests.Semantic;

/// <summary>
/// The semantic layer shared through a real RESP server (redis-server, and Garnet in CI's second pass): an instance finds
/// an answer another stored, hears of later ones by the backplane, and invalidation, clear and gone entries take the shared
/// vectors too.
/// </summary>
[Collection(RedisTestGroup.Name)]
public sealed class RedisSemanticTests : IAsyncLifetime, IDisposable
{
    private const string Question = "how do i learn to play the guitar quickly at home";
    private const string Paraphrase = "how do i learn to play the guitar fast at home";
    private const string Other = "what is the capital city of france";
    private const string Partition = "chat:gpt-4o:partition-a";
    private const string PartitionHash = "gw|semantic|" + Partition;

    private readonly WordEmbedder _embedder = new();
    private RespServer _redis = null!;
    private int _providerCalls;

    public async Task InitializeAsync() => _redis = await RespServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    public void Dispose() => _embedder.Dispose();

    private async Task<CacheManager> InstanceAsync()
    {
        CacheManager manager = await CacheManager.CreateAsync(Configure(RedisManagers.Config(_redis.Endpoint)));
        await RespServer.WaitUntilAsync(() => Task.FromResult(manager.GetStats() is { ActiveStore: "redis", Backplane: "connected" }), TimeSpan.FromSeconds(20), "Redis to serve");
        return manager;
    }

    private CacheConfig Configure(CacheConfig config)
    {
        config.SemanticEmbedder = _embedder;
        config.SemanticThreshold = 0.87;
        return config;
    }

    private ValueTask<string> Ask(CacheManager cache, string key, string text) =>
        cache.GetOrCreateAsync(key, new SemanticQuery(Partition, text), text, (t, _, _) =>
        {
            Interlocked.Increment(ref _providerCalls);
            return new ValueTask<string>("answer to " + t);
        });

    /// <summary>Asks without side effects (only-if-cached: no provider call, nothing stored): whether the cache answers.</summary>
    private async Task<bool> AnswersFromCache(CacheManager cache, string key, string text)
    {
        using CacheCallContext call = CacheCallContext.Begin(new CacheDirectives { OnlyIfCached = true });
        try
        {
            await Ask(cache, key, text);
            return true;
        }
        catch (NotCachedException)
        {
            return false;
        }
    }

    private async Task<long> FieldsAsync() => long.Parse(await _redis.CommandAsync("HLEN", PartitionHash), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_instance_answers_a_paraphrase_from_an_answer_another_instance_stored()
    {
        await using CacheManager a = await InstanceAsync();
        await using CacheManager b = await InstanceAsync();
        await Ask(a, "chat:k1", Question);
        await RespServer.WaitUntilAsync(async () => await FieldsAsync() == 1, TimeSpan.FromSeconds(10), "the vector in Redis");

        using CacheCallContext call = CacheCallContext.Begin();
        string answer = await Ask(b, "chat:k2", Paraphrase);

        Assert.Equal("answer to " + Question, answer);
        Assert.Equal(CacheOutcome.SemanticHit, call.Outcome);
        Assert.Equal("chat:k1", call.MatchedKey);
        Assert.Equal(1, _providerCalls);
    }

    [Fact]
    public async Task An_instance_that_read_a_partition_hears_of_texts_indexed_there_later()
    {
        await using CacheManager a = await InstanceAsync();
        await using CacheManager b = await InstanceAsync();
        await Ask(b, "chat:k0", Other);
        await Ask(a, "chat:k1", Question);

        await RespServer.WaitUntilAsync(() => AnswersFromCache(b, "chat:k2", Paraphrase), TimeSpan.FromSeconds(10), "b to hear of a's text");

        Assert.Equal(2, _providerCalls);
        Assert.Equal(2, b.GetStats().SemanticEntries);
    }

    [Fact]
    public async Task Invalidation_on_one_instance_removes_the_vectors_from_redis_and_from_the_others()
    {
        await using CacheManager a = await InstanceAsync();
        await using CacheManager b = await InstanceAsync();
        await Ask(a, "chat:k1", Question);
        await RespServer.WaitUntilAsync(async () => await FieldsAsync() == 1, TimeSpan.FromSeconds(10), "the vector in Redis");
        Assert.True(await AnswersFromCache(b, "chat:k2", Paraphrase));

        long removed = await a.InvalidateAsync("chat:*");

        Assert.Equal(1, removed);
        Assert.Equal(0, await FieldsAsync());
        await RespServer.WaitUntilAsync(() => Task.FromResult(b.GetStats().SemanticEntries == 0), TimeSpan.FromSeconds(10), "b to drop the vector");
        Assert.False(await AnswersFromCache(b, "chat:k2", Paraphrase));
    }

    [Fact]
    public async Task A_clear_removes_every_partition_from_redis()
    {
        await using CacheManager a = await InstanceAsync();
        await Ask(a, "chat:k1", Question);
        await RespServer.WaitUntilAsync(async () => await FieldsAsync() == 1, TimeSpan.FromSeconds(10), "the vector in Redis");

        await a.ClearAsync("admin");

        Assert.Equal("0", await _redis.CommandAsync("EXISTS", PartitionHash));
        Assert.Equal(0, a.GetStats().SemanticEntries);
    }

    [Fact]
    public async Task A_shared_vector_whose_entry_is_gone_is_removed_when_a_lookup_finds_it()
    {
        await using CacheManager a = await InstanceAsync();
        await Ask(a, "chat:k1", Question);
        await RespServer.WaitUntilAsync(async () => await FieldsAsync() == 1, TimeSpan.FromSeconds(10), "the vector in Redis");
        await _redis.CommandAsync("DEL", "gw:chat:k1");
        await using CacheManager b = await InstanceAsync();

        Assert.False(await AnswersFromCache(b, "chat:k2", Paraphrase));

        await RespServer.WaitUntilAsync(async () => await FieldsAsync() == 0, TimeSpan.FromSeconds(10), "the orphan vector to go");
    }

    [Fact]
    public async Task A_partition_hash_lives_as_long_as_its_longest_kept_entry()
    {
        await using CacheManager a = await InstanceAsync();
        await a.GetOrCreateAsync("chat:k1", new SemanticQuery(Partition, Question), 0, (_, _, _) => new ValueTask<string>("a"), TimeSpan.FromHours(2));
        await a.GetOrCreateAsync("chat:k2", new SemanticQuery(Partition, Other), 0, (_, _, _) => new ValueTask<string>("b"), TimeSpan.FromMinutes(1));
        await RespServer.WaitUntilAsync(async () => await FieldsAsync() == 2, TimeSpan.FromSeconds(10), "both vectors in Redis");

        long ttl = long.Parse(await _redis.CommandAsync("PTTL", PartitionHash), System.Globalization.CultureInfo.InvariantCulture);

        Assert.InRange(ttl, (long)TimeSpan.FromMinutes(110).TotalMilliseconds, (long)TimeSpan.FromHours(2).TotalMilliseconds);
    }
}

using System;
using System.Linq;
using System.Threading.Tasks;
using Caching.Tests.Support;

namespace Caching.Generators.Tests.Behaviour;

/// <summary>
/// Generated semantic methods: the partition is the exact key without the free text, so a paraphrase is served only when
/// every other input is equal; exact keys are what they would be without Semantic.
/// </summary>
public sealed class SemanticBehaviourTests : IAsyncLifetime, IDisposable
{
    private const string Question = "how do i learn to play the guitar quickly at home";
    private const string Paraphrase = "how do i learn to play the guitar fast at home";

    private readonly WordEmbedder _embedder = new();
    private readonly EchoingSemanticProvider _provider = new();
    private CacheManager _cache = null!;
    private CachedSemanticProvider _cached = null!;

    public Task InitializeAsync()
    {
        _cache = CacheManager.Create(new CacheConfig { SemanticEmbedder = _embedder, SemanticThreshold = 0.87 });
        _cached = new CachedSemanticProvider(_provider, _cache);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cache.DisposeAsync();

    public void Dispose() => _embedder.Dispose();

    private static QuestionRequest Request(string question) => new("gpt-4o", "be brief", [new ChatMessage("user", "hi"), new ChatMessage("assistant", "hello")], question, 0.2, [new ToolSpec("search", new System.Collections.Generic.Dictionary<string, string> { ["q"] = "string" })]);

    [Fact]
    public async Task A_paraphrase_as_a_parameter_is_answered_from_the_cache_and_marked_semantic()
    {
        ChatResponse first = await _cached.AskAsync("gpt-4o", "be brief", Question, 0.2);

        using CacheCallContext call = CacheCallContext.Begin();
        ChatResponse second = await _cached.AskAsync("gpt-4o", "be brief", Paraphrase, 0.2);

        Assert.Same(first, second);
        Assert.Equal(CacheOutcome.SemanticHit, call.Outcome);
        Assert.Equal(1, _provider.Calls);
    }

    [Fact]
    public async Task A_paraphrase_as_a_request_property_is_answered_from_the_cache()
    {
        ChatResponse first = await _cached.AnswerAsync(Request(Question));

        using CacheCallContext call = CacheCallContext.Begin();
        ChatResponse second = await _cached.AnswerAsync(Request(Paraphrase));

        Assert.Same(first, second);
        Assert.Equal(CacheOutcome.SemanticHit, call.Outcome);
    }

    public static TheoryData<string, Func<QuestionRequest, QuestionRequest>> EveryOtherInput => new()
    {
        { "model", r => r with { Model = "gpt-4o-mini" } },
        { "system prompt", r => r with { SystemPrompt = "be thorough" } },
        { "an earlier turn", r => r with { EarlierTurns = [new ChatMessage("user", "hi"), new ChatMessage("assistant", "hello there")] } },
        { "one turn fewer", r => r with { EarlierTurns = [new ChatMessage("user", "hi")] } },
        { "temperature", r => r with { Temperature = 0.3 } },
        { "no temperature", r => r with { Temperature = null } },
        { "a tool", r => r with { Tools = [new ToolSpec("search", new System.Collections.Generic.Dictionary<string, string> { ["q"] = "number" })] } },
        { "no tools", r => r with { Tools = null } },
    };

    [Theory]
    [MemberData(nameof(EveryOtherInput))]
    public async Task Any_other_input_changed_is_never_a_semantic_hit_even_for_the_same_words(string changed, Func<QuestionRequest, QuestionRequest> change)
    {
        await _cached.AnswerAsync(Request(Question));

        using CacheCallContext call = CacheCallContext.Begin();
        await _cached.AnswerAsync(change(Request(Paraphrase)));

        Assert.True(call.Outcome == CacheOutcome.Miss, changed);
        Assert.Equal(0, _cache.GetStats().SemanticHits);
        Assert.Equal(2, _provider.Calls);
        Assert.NotEqual(CachedSemanticProvider.AnswerAsyncKeyPartition(Request(Question)), CachedSemanticProvider.AnswerAsyncKeyPartition(change(Request(Question))));
    }

    [Theory]
    [InlineData("gpt-4o-mini", "be brief", 0.2, null)]
    [InlineData("gpt-4o", "be thorough", 0.2, null)]
    [InlineData("gpt-4o", "be brief", 0.7, null)]
    [InlineData("gpt-4o", "be brief", 0.2, "tenant-b")]
    public async Task A_changed_parameter_or_scope_is_never_a_semantic_hit(string model, string system, double temperature, string? scope)
    {
        await _cached.AskAsync("gpt-4o", "be brief", Question, 0.2);

        await _cached.AskAsync(model, system, Paraphrase, temperature, scope);

        Assert.Equal(2, _provider.Calls);
        Assert.Equal(0, _cache.GetStats().SemanticHits);
    }

    [Fact]
    public void The_partition_is_the_key_without_the_text_and_never_a_key()
    {
        string? partition = CachedSemanticProvider.AnswerAsyncKeyPartition(Request(Question));

        Assert.Equal(partition, CachedSemanticProvider.AnswerAsyncKeyPartition(Request("something else entirely")));
        Assert.NotEqual(CachedSemanticProvider.AnswerAsyncKey(Request(Question)), CachedSemanticProvider.AnswerAsyncKey(Request(Paraphrase)));
        Assert.NotEqual(partition, CachedSemanticProvider.AnswerAsyncKey(Request(Question)));
        Assert.StartsWith("chat:gpt-4o:", partition, StringComparison.Ordinal);
        Assert.Equal(
            CachedSemanticProvider.AskAsyncKeyPartition("gpt-4o", "be brief", "one question", 0.2, "tenant-a"),
            CachedSemanticProvider.AskAsyncKeyPartition("gpt-4o", "be brief", "another question", 0.2, "tenant-a"));
        Assert.StartsWith("scope:tenant-a:chat:gpt-4o:", CachedSemanticProvider.AskAsyncKeyPartition("gpt-4o", "be brief", "q", 0.2, "tenant-a"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_is_replayed_for_a_paraphrase()
    {
        string[] first = await _cached.StreamAsync("gpt-4o", Question).ToArrayAsync();

        using CacheCallContext call = CacheCallContext.Begin();
        string[] second = await _cached.StreamAsync("gpt-4o", Paraphrase).ToArrayAsync();

        Assert.Equal(first, second);
        Assert.Equal(CacheOutcome.SemanticHit, call.Outcome);
        Assert.Equal(1, _provider.Calls);
    }

    [Fact]
    public async Task A_method_without_semantic_is_exact_even_with_a_semantic_layer()
    {
        await _cached.ExactAsync("gpt-4o", Question);

        await _cached.ExactAsync("gpt-4o", Paraphrase);

        Assert.Equal(2, _provider.Calls);
        Assert.Equal(0, _cache.GetStats().SemanticLookups);
    }

    [Fact]
    public async Task An_empty_text_is_exact_only()
    {
        await _cached.AskAsync("gpt-4o", "be brief", string.Empty, 0.2);
        await _cached.AskAsync("gpt-4o", "be brief", string.Empty, 0.2);

        Assert.Equal(1, _provider.Calls);
        Assert.Equal(0, _cache.GetStats().SemanticLookups);
    }
}

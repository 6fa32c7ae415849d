using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Caching.Tests.Support;
using Microsoft.Extensions.AI;

namespace Caching.Extensions.AI.Tests;

/// <summary>
/// UseCaching(o => o.Semantic = true): a reworded last user message is answered from the cache when everything else is
/// equal, never across earlier turns, options or scopes, and never for a message that is not plain user text.
/// </summary>
public sealed class SemanticTests : IAsyncLifetime, IDisposable
{
    private const string Question = "how do i learn to play the guitar quickly at home";
    private const string Paraphrase = "how do i learn to play the guitar fast at home";

    private readonly WordEmbedder _embedder = new();
    private readonly CountingChatClient _inner = new();
    private CacheManager _cache = null!;
    private IChatClient _client = null!;

    public Task InitializeAsync()
    {
        _cache = CacheManager.Create(new CacheConfig { SemanticEmbedder = _embedder, SemanticThreshold = 0.87 });
        _client = _inner.AsBuilder().UseCaching(_cache, options => options.Semantic = true).Build();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cache.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _inner.Dispose();
        _embedder.Dispose();
    }

    private static List<ChatMessage> Conversation(string question, string earlierAnswer = "hello") =>
        [new(ChatRole.System, "be brief"), new(ChatRole.User, "hi"), new(ChatRole.Assistant, earlierAnswer), new(ChatRole.User, question)];

    [Fact]
    public async Task A_reworded_last_user_message_is_answered_from_the_cache_and_marked_semantic()
    {
        ChatResponse first = await _client.GetResponseAsync(Conversation(Question));

        using CacheCallContext call = CacheCallContext.Begin();
        ChatResponse second = await _client.GetResponseAsync(Conversation(Paraphrase));

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(CacheOutcome.SemanticHit, call.Outcome);
        Assert.Equal(1, _inner.Calls);
    }

    [Fact]
    public async Task Another_earlier_turn_is_never_a_semantic_hit()
    {
        await _client.GetResponseAsync(Conversation(Question));

        await _client.GetResponseAsync(Conversation(Paraphrase, earlierAnswer: "hello, how can I help?"));

        Assert.Equal(2, _inner.Calls);
        Assert.Equal(0, _cache.GetStats().SemanticHits);
    }

    public static TheoryData<string> ChangedOptions => new() { "temperature", "model", "tools", "instructions" };

    [Theory]
    [MemberData(nameof(ChangedOptions))]
    public async Task Another_option_is_never_a_semantic_hit(string changed)
    {
        var options = new ChatOptions { Temperature = 0.2f, ModelId = "gpt-4o" };
        await _client.GetResponseAsync(Conversation(Question), options);

        ChatOptions other = options.Clone();
        switch (changed)
        {
            case "temperature":
                other.Temperature = 0.3f;
                break;
            case "model":
                other.ModelId = "gpt-4o-mini";
                break;
            case "tools":
                other.Tools = [AIFunctionFactory.Create(() => "x", "lookup")];
                break;
            default:
                other.Instructions = "answer in French";
                break;
        }

        await _client.GetResponseAsync(Conversation(Paraphrase), other);

        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public async Task A_last_message_that_is_not_plain_user_text_is_exact_only()
    {
        List<ChatMessage> withImage = Conversation(Question);
        withImage[^1] = new ChatMessage(ChatRole.User, [new TextContent(Question), new UriContent("https://example.com/a.png", "image/png")]);
        await _client.GetResponseAsync(Conversation(Question));

        await _client.GetResponseAsync(withImage);
        await _client.GetResponseAsync([.. Conversation(Paraphrase).Take(3), new ChatMessage(ChatRole.Tool, Paraphrase)]);

        Assert.Equal(3, _inner.Calls);
        Assert.Equal(1, _cache.GetStats().SemanticLookups);
    }

    [Fact]
    public async Task A_request_with_a_conversation_id_is_never_answered_from_the_cache()
    {
        await _client.GetResponseAsync(Conversation(Question), new ChatOptions { ConversationId = "conv-1" });

        await _client.GetResponseAsync(Conversation(Question), new ChatOptions { ConversationId = "conv-1" });
        await _client.GetResponseAsync(Conversation(Paraphrase), new ChatOptions { ConversationId = "conv-1" });

        Assert.Equal(3, _inner.Calls);
        Assert.Equal(0, _cache.GetStats().SemanticLookups);
        Assert.Equal(3, _cache.GetStats().Bypasses);
    }

    [Fact]
    public async Task A_reworded_streamed_request_replays_the_recorded_stream()
    {
        string first = string.Concat(await _client.GetStreamingResponseAsync(Conversation(Question)).Select(u => u.Text).ToArrayAsync());

        using CacheCallContext call = CacheCallContext.Begin();
        string second = string.Concat(await _client.GetStreamingResponseAsync(Conversation(Paraphrase)).Select(u => u.Text).ToArrayAsync());

        Assert.Equal(first, second);
        Assert.Equal(CacheOutcome.SemanticHit, call.Outcome);
    }

    [Fact]
    public async Task Semantic_is_off_unless_asked_for()
    {
        using IChatClient exact = _inner.AsBuilder().UseCaching(_cache).Build();
        await exact.GetResponseAsync(Conversation(Question));

        await exact.GetResponseAsync(Conversation(Paraphrase));

        Assert.Equal(2, _inner.Calls);
        Assert.Equal(0, _cache.GetStats().SemanticLookups);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Caching.Extensions.AI.Tests;

public sealed class KeyedCachingChatClientTests : IAsyncLifetime, IDisposable
{
    private readonly CountingChatClient _inner = new();
    private CacheManager _cache = null!;
    private Caching.Extensions.AI.KeyedCachingChatClient _client = null!;

    public Task InitializeAsync()
    {
        _cache = CacheManager.Create(new CacheConfig { MaxSize = 10_000 });
        _client = new Caching.Extensions.AI.KeyedCachingChatClient(_inner, _cache);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cache.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _inner.Dispose();
    }

    private static List<ChatMessage> Messages() =>
    [
        new(ChatRole.System, "Be brief."),
        new(ChatRole.User, "What is the weather in Paris?") { AuthorName = "alice" },
        new(ChatRole.Assistant, [new FunctionCallContent("call-1", "weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
        new(ChatRole.Tool, [new FunctionResultContent("call-1", "sunny")]),
    ];

    private static SchemaTool Tool(string parameterType = "string") => new(parameterType);

    private static ChatOptions Options() => new()
    {
        ModelId = "gpt-4o",
        Temperature = 0.2f,
        TopP = 0.9f,
        MaxOutputTokens = 256,
        StopSequences = ["END"],
        Instructions = "Answer in French.",
        ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}""").RootElement, "answer"),
        ToolMode = ChatToolMode.Auto,
        Tools = [Tool()],
        AdditionalProperties = new AdditionalPropertiesDictionary { ["reasoning_effort"] = "low" },
    };

    private string Key(List<ChatMessage> messages, ChatOptions? options) => _client.ResponseKey(messages, options)!;

    public static TheoryData<string, Action<List<ChatMessage>, ChatOptions>> KeyRelevantChanges => new()
    {
        { "one word of a message", (m, _) => m[1] = new ChatMessage(ChatRole.User, "What is the weather in Lyon?") { AuthorName = "alice" } },
        { "author name", (m, _) => m[1].AuthorName = "bob" },
        { "role", (m, _) => m[0] = new ChatMessage(ChatRole.User, "Be brief.") },
        { "same text as reasoning instead of text", (m, _) => m[0] = new ChatMessage(ChatRole.System, [new TextReasoningContent("Be brief.")]) },
        { "function call arguments", (m, _) => m[2] = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", "weather", new Dictionary<string, object?> { ["city"] = "Lyon" })]) },
        { "function call id", (m, _) => m[2] = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-2", "weather", new Dictionary<string, object?> { ["city"] = "Paris" })]) },
        { "function result", (m, _) => m[3] = new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call-1", "rainy")]) },
        { "data content media type", (m, _) => m.Add(new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1, 2, 3 }, "image/png")])) },
        { "model id", (_, o) => o.ModelId = "gpt-4o-mini" },
        { "temperature", (_, o) => o.Temperature = 0.3f },
        { "top-p", (_, o) => o.TopP = 0.8f },
        { "top-k", (_, o) => o.TopK = 5 },
        { "max output tokens", (_, o) => o.MaxOutputTokens = 257 },
        { "frequency penalty", (_, o) => o.FrequencyPenalty = 0.1f },
        { "presence penalty", (_, o) => o.PresencePenalty = 0.1f },
        { "seed", (_, o) => o.Seed = 7 },
        { "stop sequences", (_, o) => o.StopSequences = ["STOP"] },
        { "instructions", (_, o) => o.Instructions = "Answer in German." },
        { "response format schema order", (_, o) => o.ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object","properties":{"b":{"type":"integer"},"a":{"type":"string"}}}""").RootElement, "answer") },
        { "response format kind", (_, o) => o.ResponseFormat = ChatResponseFormat.Json },
        { "tool mode", (_, o) => o.ToolMode = ChatToolMode.RequireAny },
        { "tool schema property", (_, o) => o.Tools = [Tool("integer")] },
        { "no tools", (_, o) => o.Tools = null },
        { "additional property value", (_, o) => o.AdditionalProperties = new AdditionalPropertiesDictionary { ["reasoning_effort"] = "high" } },
    };

    [Theory]
    [MemberData(nameof(KeyRelevantChanges))]
    public async Task A_key_relevant_difference_misses(string change, Action<List<ChatMessage>, ChatOptions> mutate)
    {
        List<ChatMessage> messages = Messages();
        ChatOptions options = Options();
        mutate(messages, options);

        Assert.NotEqual(Key(Messages(), Options()), Key(messages, options));
        await _client.GetResponseAsync(Messages(), Options());
        await _client.GetResponseAsync(messages, options);
        Assert.True(_inner.Calls == 2, change);
    }

    [Fact]
    public async Task A_request_with_a_conversation_id_is_never_cached_and_is_counted_as_a_bypass()
    {
        var options = new ChatOptions { ModelId = "gpt-4o", ConversationId = "conv-1" };

        await _client.GetResponseAsync(Messages(), options);
        await _client.GetResponseAsync(Messages(), options);
        await foreach (ChatResponseUpdate update in _client.GetStreamingResponseAsync(Messages(), options))
        {
            _ = update;
        }

        CacheStats stats = _cache.GetStats();
        Assert.Equal(0, stats.Hits + stats.Misses);
        Assert.Equal(3, stats.Bypasses);
        Assert.Equal(0, stats.Entries);
    }

    [Fact]
    public async Task Identical_requests_hit_and_raw_representations_are_not_keyed()
    {
        ChatOptions withRaw = Options();
        withRaw.RawRepresentationFactory = _ => new object();
        List<ChatMessage> messages = Messages();
        messages[0].RawRepresentation = new object();

        ChatResponse first = await _client.GetResponseAsync(Messages(), Options());
        ChatResponse second = await _client.GetResponseAsync(messages, withRaw);

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(1, _inner.Calls);
        Assert.StartsWith("chat:gpt-4o:", Key(Messages(), Options()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_model_id_the_inner_clients_default_model_is_the_key_model()
    {
        await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.StartsWith("chat:fake-model:", Key([new ChatMessage(ChatRole.User, "hi")], null), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thousand_concurrent_identical_misses_make_one_inner_call()
    {
        _inner.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<ChatResponse>[] calls = [.. Enumerable.Range(0, 1000).Select(_ => Task.Run(() => _client.GetResponseAsync(Messages(), Options())))];
        while (_inner.Calls == 0)
        {
            await Task.Yield();
        }

        _inner.Gate.SetResult();
        ChatResponse[] responses = await Task.WhenAll(calls);

        Assert.Equal(1, _inner.Calls);
        Assert.All(responses, r => Assert.Equal("answer 1", r.Text));
    }

    [Fact]
    public async Task A_caller_changing_a_returned_response_never_changes_the_next_hit()
    {
        await _client.GetResponseAsync(Messages(), Options());
        ChatResponse hit = await _client.GetResponseAsync(Messages(), Options());
        hit.Messages[0].Contents.Clear();
        hit.Messages.Add(new ChatMessage(ChatRole.Assistant, "tampered"));

        ChatResponse next = await _client.GetResponseAsync(Messages(), Options());

        Assert.Equal("answer 1", next.Text);
        Assert.Single(next.Messages);
    }

    [Fact]
    public async Task Streaming_is_replayed_update_by_update()
    {
        async Task<List<string>> StreamAsync()
        {
            var texts = new List<string>();
            await foreach (ChatResponseUpdate update in _client.GetStreamingResponseAsync(Messages(), Options()))
            {
                texts.Add(update.Text);
            }

            return texts;
        }

        List<string> first = await StreamAsync();
        List<string> second = await StreamAsync();

        Assert.Equal(first, second);
        Assert.Equal(["answer ", "in ", "pieces 1", ""], first);
        Assert.Equal(1, _inner.Calls);
    }

    [Fact]
    public async Task A_content_filtered_answer_is_returned_but_not_stored()
    {
        _inner.FinishReason = ChatFinishReason.ContentFilter;

        ChatResponse first = await _client.GetResponseAsync(Messages(), Options());
        ChatResponse second = await _client.GetResponseAsync(Messages(), Options());

        Assert.Equal(ChatFinishReason.ContentFilter, first.FinishReason);
        Assert.Equal("answer 2", second.Text);
        Assert.Equal(0, _cache.GetStats().Sets);
    }

    [Fact]
    public async Task Tool_calls_are_cached_unless_the_option_says_otherwise()
    {
        _inner.AnswerWithToolCall = true;
        _inner.FinishReason = ChatFinishReason.ToolCalls;
        await _client.GetResponseAsync(Messages(), Options());
        await _client.GetResponseAsync(Messages(), Options());
        Assert.Equal(1, _inner.Calls);

        var noTools = new Caching.Extensions.AI.KeyedCachingChatClient(_inner, _cache, new CachingChatClientOptions { CacheToolCalls = false });
        List<ChatMessage> other = [new(ChatRole.User, "another question")];
        await noTools.GetResponseAsync(other, Options());
        await noTools.GetResponseAsync(other, Options());
        Assert.Equal(3, _inner.Calls);
    }

    [Fact]
    public async Task Scopes_never_share_an_entry()
    {
        var scoped = new Caching.Extensions.AI.KeyedCachingChatClient(_inner, _cache, new CachingChatClientOptions
        {
            CacheScope = (_, options) => options?.AdditionalProperties?["tenant"] as string,
        });
        ChatOptions alice = Options();
        alice.AdditionalProperties = new AdditionalPropertiesDictionary { ["tenant"] = "alice" };
        ChatOptions bob = Options();
        bob.AdditionalProperties = new AdditionalPropertiesDictionary { ["tenant"] = "bob" };

        await scoped.GetResponseAsync(Messages(), alice);
        await scoped.GetResponseAsync(Messages(), bob);
        await scoped.GetResponseAsync(Messages(), alice);

        Assert.Equal(2, _inner.Calls);
        Assert.StartsWith("scope:alice:chat:gpt-4o:", scoped.ResponseKey(Messages(), alice), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Use_caching_takes_the_cache_manager_from_the_services()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ICacheManager>(_cache);
        using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient client = new ChatClientBuilder(_inner).UseCaching().Build(provider);

        await client.GetResponseAsync(Messages(), Options());
        await client.GetResponseAsync(Messages(), Options());

        Assert.Equal(1, _inner.Calls);
        Assert.IsType<Caching.Extensions.AI.KeyedCachingChatClient>(client);
    }

    /// <summary>A function declaration whose one parameter has the given JSON type.</summary>
    private sealed class SchemaTool(string parameterType) : AIFunctionDeclaration
    {
        public override string Name => "weather";

        public override string Description => "Weather by city";

        public override JsonElement JsonSchema { get; } = JsonDocument.Parse("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"" + parameterType + "\"}}}").RootElement;
    }
}

using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Caching.Generators.Tests.Behaviour;

public sealed class DecoratorBehaviourTests : IAsyncLifetime
{
    private readonly CountingChatProvider _provider = new();
    private CacheManager _cache = null!;
    private CachedChatProvider _cached = null!;

    public Task InitializeAsync()
    {
        _cache = CacheManager.Create(new CacheConfig { AdminKey = "admin" });
        _cached = new CachedChatProvider(_provider, _cache);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cache.DisposeAsync();

    private static ChatRequest Request(double? temperature = 0.2, string last = "How are you?") => new(
        "gpt-4o",
        [new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hello"), new ChatMessage("user", last)],
        temperature,
        MaxTokens: 512,
        Metadata: new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
        Tools: [new ToolSpec("lookup", new Dictionary<string, string> { ["q"] = "string" })]);

    [Fact]
    public async Task A_second_identical_call_is_a_hit()
    {
        ChatResponse first = await _cached.CompleteAsync(Request());
        ChatResponse second = await _cached.CompleteAsync(Request());

        Assert.Equal(1, _provider.Completions);
        Assert.Same(first, second);
        Assert.Equal(1, _cache.GetStats().Hits);
    }

    public static TheoryData<string, Func<ChatRequest, ChatRequest>> KeyRelevantChanges => new()
    {
        { "temperature", r => r with { Temperature = 0.3 } },
        { "temperature removed", r => r with { Temperature = null } },
        { "max tokens", r => r with { MaxTokens = 513 } },
        { "one character of one message", r => r with { Messages = [r.Messages[0], r.Messages[1], new ChatMessage("user", "How are you!")] } },
        { "message order", r => r with { Messages = [r.Messages[1], r.Messages[0], r.Messages[2]] } },
        { "nested property", r => r with { Messages = [r.Messages[0] with { Name = "bot" }, r.Messages[1], r.Messages[2]] } },
        { "dictionary entry", r => r with { Metadata = new Dictionary<string, string> { ["a"] = "1", ["b"] = "3" } } },
        { "dictionary key", r => r with { Metadata = new Dictionary<string, string> { ["a"] = "1", ["c"] = "2" } } },
        { "enum", r => r with { Format = ResponseFormat.Json } },
        { "tool parameter", r => r with { Tools = [new ToolSpec("lookup", new Dictionary<string, string> { ["q"] = "number" })] } },
        { "model", r => r with { Model = "gpt-4o-mini" } },
    };

    [Theory]
    [MemberData(nameof(KeyRelevantChanges))]
    public async Task Changing_a_key_relevant_value_misses(string change, Func<ChatRequest, ChatRequest> mutate)
    {
        await _cached.CompleteAsync(Request());
        await _cached.CompleteAsync(mutate(Request()));

        Assert.True(_provider.Completions == 2, $"changing the {change} should have missed");
    }

    [Fact]
    public async Task Dictionary_insertion_order_does_not_matter()
    {
        await _cached.CompleteAsync(Request() with { Metadata = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } });
        await _cached.CompleteAsync(Request() with { Metadata = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" } });

        Assert.Equal(1, _provider.Completions);
    }

    [Fact]
    public async Task Changing_a_not_cache_key_value_hits()
    {
        await _cached.CompleteAsync(Request() with { User = "alice" });
        await _cached.CompleteAsync(Request() with { User = "bob" });

        Assert.Equal(1, _provider.Completions);
    }

    [Fact]
    public async Task Another_scope_misses_and_one_pattern_removes_a_scope()
    {
        await _cached.GenerateImageAsync("dall-e-3", "a cat", 512, 512, "acme");
        await _cached.GenerateImageAsync("dall-e-3", "a cat", 512, 512, "globex");
        await _cached.GenerateImageAsync("dall-e-3", "a cat", 512, 512, "acme");
        Assert.Equal(2, _provider.Images);

        Assert.Equal(1, await _cache.InvalidateAsync("scope:" + CacheKeyBuilder.EscapePattern("acme") + ":*"));
        await _cached.GenerateImageAsync("dall-e-3", "a cat", 512, 512, "globex");
        await _cached.GenerateImageAsync("dall-e-3", "a cat", 512, 512, "acme");
        Assert.Equal(3, _provider.Images);
    }

    [Fact]
    public void Stored_keys_have_the_documented_layout()
    {
        Assert.Matches(new Regex("^chat:gpt-4o:[0-9a-f]{64}$"), CachedChatProvider.CompleteAsyncKey(Request()));
        Assert.Matches(new Regex("^embedding:text-embedding-3-small:[0-9a-f]{64}$"), CachedChatProvider.EmbedAsyncKey("text-embedding-3-small", "hi"));
        Assert.Matches(new Regex("^scope:acme:image:dall-e-3:[0-9a-f]{64}$"), CachedChatProvider.GenerateImageAsyncKey("dall-e-3", "a cat", 1, 1, "acme"));
    }

    [Fact]
    public async Task The_key_the_decorator_stores_is_the_key_method_result()
    {
        ChatResponse answer = await _cached.CompleteAsync(Request());

        Assert.Same(answer, await _cache.GetAsync<ChatResponse>(CachedChatProvider.CompleteAsyncKey(Request())!));
    }

    [Fact]
    public async Task A_provider_exception_propagates_and_caches_nothing()
    {
        _provider.FailWith = new InvalidOperationException("rate limited");

        await Assert.ThrowsAsync<InvalidOperationException>(() => _cached.CompleteAsync(Request()));
        _provider.FailWith = null;
        await _cached.CompleteAsync(Request());

        Assert.Equal(2, _provider.Completions);
    }

    [Fact]
    public async Task Embeddings_hit_and_callers_get_their_own_copy()
    {
        float[] first = await _cached.EmbedAsync("text-embedding-3-small", "hello");
        first[0] = 999f;
        float[] second = await _cached.EmbedAsync("text-embedding-3-small", "hello");

        Assert.Equal(1, _provider.Embeddings);
        Assert.Equal(5f, second[0]);
    }

    [Fact]
    public async Task Unannotated_members_are_forwarded_uncached()
    {
        IChatProvider provider = _cached;
        await provider.ListModelsAsync();
        await provider.ListModelsAsync();

        Assert.Equal(2, _provider.Listings);
    }

    [Fact]
    public async Task Per_method_ttl_from_the_attribute_is_applied()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using CacheManager cache = CacheManager.Create(new CacheConfig(), timeProvider: time);
        var cached = new CachedChatProvider(_provider, cache);
        await cached.CompleteAsync(Request());

        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        await cached.CompleteAsync(Request());
        Assert.Equal(1, _provider.Completions);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await cached.CompleteAsync(Request());
        Assert.Equal(2, _provider.Completions);
    }

    [Fact]
    public async Task The_generated_registration_decorates_the_existing_one()
    {
        var provider = new CountingChatProvider();
        var services = new ServiceCollection();
        services.AddCaching(new CacheConfig());
        services.AddSingleton<IChatProvider>(provider);
        services.AddCachedChatProvider();

        await using ServiceProvider container = services.BuildServiceProvider();
        IChatProvider chat = container.GetRequiredService<IChatProvider>();
        await chat.CompleteAsync(Request());
        await chat.CompleteAsync(Request());

        Assert.IsType<CachedChatProvider>(chat);
        Assert.Equal(1, provider.Completions);
    }

    [Fact]
    public void Building_a_key_from_lists_of_records_allocates_only_the_key_string()
    {
        var request = new ChatRequest("gpt-4o", [new ChatMessage("system", new string('s', 300)), new ChatMessage("user", new string('u', 3000))], 0.2, 512);
        string key = CachedChatProvider.CompleteAsyncKey(request)!;
        for (int i = 0; i < 10; i++)
        {
            CachedChatProvider.CompleteAsyncKey(request); // warm: a one-time allocation (a pool's first rent) is not per key
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            CachedChatProvider.CompleteAsyncKey(request);
        }

        long perKey = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        Assert.InRange(perKey, 0, 24 + (2 * key.Length));
    }

    [Fact]
    public async Task A_derived_request_type_is_not_cached_rather_than_keyed_wrongly()
    {
        var echo = new EchoPromptProvider();
        var cached = new CachedPromptProvider(echo, _cache);

        await cached.AskAsync(new DerivedPrompt("gpt-4o", "hi", "extra-1"));
        await cached.AskAsync(new DerivedPrompt("gpt-4o", "hi", "extra-2"));
        await cached.AskAsync(new Prompt("gpt-4o", "hi"));
        await cached.AskAsync(new Prompt("gpt-4o", "hi"));

        Assert.Null(CachedPromptProvider.AskAsyncKey(new DerivedPrompt("gpt-4o", "hi", "x")));
        Assert.Equal(3, echo.Calls);
    }
}

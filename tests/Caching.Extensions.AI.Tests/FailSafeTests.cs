using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Caching.Extensions.AI.Tests;

/// <summary>The chat client's StaleIfError: an inner client that fails is answered from a stale response, never one that answers.</summary>
public sealed class FailSafeTests : IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly CountingChatClient _inner = new();
    private CacheManager _cache = null!;
    private IChatClient _client = null!;

    public Task InitializeAsync()
    {
        _cache = CacheManager.Create(new CacheConfig(), timeProvider: _time);
        _client = _inner.AsBuilder().UseCaching(_cache, options =>
        {
            options.Ttl = TimeSpan.FromMinutes(10);
            options.StaleIfError = TimeSpan.FromDays(1);
        }).Build();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cache.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _inner.Dispose();
    }

    private static List<ChatMessage> Messages() => [new(ChatRole.User, "What is the capital of France?")];

    [Fact]
    public async Task A_failing_inner_client_is_answered_from_the_stale_response()
    {
        ChatResponse first = await _client.GetResponseAsync(Messages());
        _time.Advance(TimeSpan.FromHours(1));
        _inner.Failure = new InvalidOperationException("the provider is down");

        ChatResponse stale = await _client.GetResponseAsync(Messages());

        Assert.Equal(first.Text, stale.Text);
        Assert.Equal(1, _cache.GetStats().StaleServed);
    }

    [Fact]
    public async Task A_stale_response_is_never_served_while_the_inner_client_answers()
    {
        await _client.GetResponseAsync(Messages());
        _time.Advance(TimeSpan.FromHours(1));

        ChatResponse fresh = await _client.GetResponseAsync(Messages());

        Assert.Equal("answer 2", fresh.Text);
        Assert.Equal(0, _cache.GetStats().StaleServed);
    }

    [Fact]
    public async Task A_stream_refused_by_a_failing_inner_client_is_replayed_from_its_stale_recording()
    {
        var first = new System.Text.StringBuilder();
        await foreach (ChatResponseUpdate update in _client.GetStreamingResponseAsync(Messages()))
        {
            first.Append(update.Text);
        }

        _time.Advance(TimeSpan.FromHours(1));
        await using var failing = new FailingStreamClient();
        using IChatClient client = failing.AsBuilder().UseCaching(_cache, options => options.StaleIfError = TimeSpan.FromDays(1)).Build();
        var replayed = new System.Text.StringBuilder();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Messages()))
        {
            replayed.Append(update.Text);
        }

        Assert.Equal(first.ToString(), replayed.ToString());
    }

    private sealed class FailingStreamClient : IChatClient, IAsyncDisposable
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, System.Threading.CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("down");

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] System.Threading.CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            throw new InvalidOperationException("down");
#pragma warning disable CS0162 // an iterator needs a yield to be one
            yield break;
#pragma warning restore CS0162
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("fake", null, "fake-model") : null;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

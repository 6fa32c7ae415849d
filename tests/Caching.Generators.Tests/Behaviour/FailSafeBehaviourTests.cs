using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Caching.Generators.Tests.Behaviour;

/// <summary>The attributes' StaleIfError and SoftTimeout reach the cache through the generated decorator.</summary>
public sealed class FailSafeBehaviourTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FlakyProvider _provider = new();
    private CacheManager _cache = null!;
    private CachedFlakyProvider _cached = null!;

    public Task InitializeAsync()
    {
        // The configuration keeps nothing stale: what is kept comes from the attributes alone.
        _cache = CacheManager.Create(new CacheConfig(), timeProvider: _time);
        _cached = new CachedFlakyProvider(_provider, _cache);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cache.DisposeAsync();

    private static ChatRequest Request(string text) => new("gpt-4o", [new ChatMessage("user", text)]);

    [Fact]
    public async Task A_method_with_stale_if_error_answers_a_failing_provider_with_its_stale_answer()
    {
        ChatResponse first = await _cached.CompleteAsync(Request("hello"));
        _time.Advance(TimeSpan.FromHours(2));
        _provider.Answer = _ => Task.FromException<ChatResponse>(new TimeoutException("upstream timed out"));

        ChatResponse stale = await _cached.CompleteAsync(Request("hello"));

        Assert.Same(first, stale);
        Assert.Equal(1, _cache.GetStats().StaleServed);
    }

    [Fact]
    public async Task A_method_with_a_soft_timeout_answers_a_slow_provider_stale_at_that_time()
    {
        await _cached.CompleteSlowlyAsync(Request("slow"));
        _time.Advance(TimeSpan.FromMinutes(11));
        var slow = new TaskCompletionSource<ChatResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.Answer = _ => slow.Task;

        Task<ChatResponse> call = _cached.CompleteSlowlyAsync(Request("slow"));
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal("slow", (await call).Content);
        slow.SetResult(new ChatResponse("late", "late"));
    }

    [Fact]
    public void Two_methods_never_share_a_key_whatever_their_settings()
    {
        Assert.NotEqual(CachedFlakyProvider.CompleteAsyncKey(Request("x")), CachedFlakyProvider.CompleteSlowlyAsyncKey(Request("x")));
    }
}

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Caching.Tests.FailSafe;

/// <summary>
/// With a stale answer to fall back on, a provider slower than the soft timeout is answered stale at once while its call
/// goes on to refresh the entry; past the hard timeout the call is cancelled and counts as failed. Without a stale answer
/// neither timeout applies.
/// </summary>
public sealed class ProviderTimeoutTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private CacheManager Create(TimeSpan soft, TimeSpan hard) => CacheManager.Create(
        new CacheConfig { Ttl = TimeSpan.FromMinutes(10), StaleIfError = TimeSpan.FromDays(1), ProviderSoftTimeout = soft, ProviderHardTimeout = hard },
        timeProvider: _time);

    private async Task<CacheManager> WithStaleEntryAsync(TimeSpan soft, TimeSpan hard)
    {
        CacheManager cache = Create(soft, hard);
        await cache.GetOrCreateAsync("k", _ => new ValueTask<string>("stale"));
        _time.Advance(TimeSpan.FromMinutes(11));
        return cache;
    }

    [Fact]
    public async Task A_provider_slower_than_the_soft_timeout_is_answered_stale_and_its_late_answer_refreshes_the_entry()
    {
        await using CacheManager cache = await WithStaleEntryAsync(TimeSpan.FromMilliseconds(50), TimeSpan.Zero);
        var slow = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        ValueTask<string> call = cache.GetOrCreateAsync("k", async _ => await slow.Task);
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal("stale", await call);

        // While the call goes on, another caller is answered stale at once.
        Assert.Equal("stale", await cache.GetOrCreateAsync("k", _ => new ValueTask<string>("never asked")));
        slow.SetResult("fresh");
        await WaitUntilAsync(() => cache.GetStats().Sets == 2);

        Assert.Equal("fresh", await cache.GetAsync<string>("k"));
        Assert.Equal(2, cache.GetStats().StaleServed);
    }

    [Fact]
    public async Task A_caller_that_refuses_the_stale_answer_waits_for_the_call_that_goes_on()
    {
        await using CacheManager cache = await WithStaleEntryAsync(TimeSpan.FromMilliseconds(50), TimeSpan.Zero);
        var slow = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        using CacheCallContext call = CacheCallContext.Begin(new CacheDirectives { StaleIfError = TimeSpan.Zero });
        ValueTask<string> refusing = cache.GetOrCreateAsync("k", async _ => await slow.Task);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.False(refusing.IsCompleted);
        slow.SetResult("fresh");

        Assert.Equal("fresh", await refusing);
        Assert.Equal(CacheOutcome.Miss, call.Outcome);
        Assert.Equal(0, cache.GetStats().StaleServed);
    }

    [Fact]
    public async Task A_provider_past_the_hard_timeout_is_cancelled_and_answered_stale()
    {
        await using CacheManager cache = await WithStaleEntryAsync(TimeSpan.Zero, TimeSpan.FromSeconds(2));
        CancellationToken seen = default;

        ValueTask<string> call = cache.GetOrCreateAsync("k", async token =>
        {
            seen = token;
            await Task.Delay(Timeout.Infinite, token);
            return "never";
        });
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("stale", await call);
        Assert.True(seen.IsCancellationRequested);
    }

    [Fact]
    public async Task A_provider_that_ignores_cancellation_is_still_answered_stale_at_the_hard_timeout()
    {
        await using CacheManager cache = await WithStaleEntryAsync(TimeSpan.Zero, TimeSpan.FromSeconds(2));
        var never = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        ValueTask<string> call = cache.GetOrCreateAsync("k", async _ => await never.Task);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("stale", await call);
        never.SetException(new InvalidOperationException("late failure, observed and ignored"));
    }

    [Fact]
    public async Task A_call_that_goes_on_past_the_hard_timeout_is_cancelled_and_never_stored()
    {
        await using CacheManager cache = await WithStaleEntryAsync(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2));
        CancellationToken seen = default;
        var answered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        ValueTask<string> call = cache.GetOrCreateAsync("k", async token =>
        {
            seen = token;
            return await answered.Task.WaitAsync(token);
        });
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal("stale", await call);
        _time.Advance(TimeSpan.FromSeconds(2));
        await WaitUntilAsync(() => seen.IsCancellationRequested);
        answered.SetResult("too late");

        Assert.Equal(1, cache.GetStats().Sets);
        Assert.Null(await cache.GetAsync<string>("k"));
    }

    [Fact]
    public async Task Without_a_stale_answer_the_timeouts_do_not_apply()
    {
        await using CacheManager cache = Create(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2));
        var slow = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        ValueTask<string> call = cache.GetOrCreateAsync("cold", async _ => await slow.Task);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(call.IsCompleted);
        slow.SetResult("fresh");

        Assert.Equal("fresh", await call);
    }

    [Fact]
    public async Task A_provider_that_answers_within_the_soft_timeout_is_served_fresh()
    {
        await using CacheManager cache = await WithStaleEntryAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        Assert.Equal("fresh", await cache.GetOrCreateAsync("k", _ => new ValueTask<string>("fresh")));
        Assert.Equal(0, cache.GetStats().StaleServed);
    }

    /// <summary>Waits for work the test has already released to finish on the thread pool (not for time to pass).</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Yield();
            limit.Token.ThrowIfCancellationRequested();
        }
    }
}

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Caching.Tests.FailSafe;

/// <summary>
/// A hit late in an entry's freshness starts one background refresh of its key (coalesced with any flight), so a key under
/// traffic never turns into a miss. Off by default.
/// </summary>
public sealed class EagerRefreshTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private CacheManager Create(double eagerRefresh) =>
        CacheManager.Create(new CacheConfig { Ttl = TimeSpan.FromMinutes(10), EagerRefresh = eagerRefresh }, timeProvider: _time);

    [Fact]
    public async Task A_hit_in_the_last_part_of_the_freshness_refreshes_the_key_once_in_the_background()
    {
        await using CacheManager cache = Create(0.9);
        int calls = 0;
        var refreshing = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        async ValueTask<string> Provider(CancellationToken _) =>
            Interlocked.Increment(ref calls) == 1 ? "answer 1" : await refreshing.Task;

        await cache.GetOrCreateAsync("k", Provider);
        _time.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal("answer 1", await cache.GetOrCreateAsync("k", Provider));
        Assert.Equal(1, calls);

        // Late in its freshness: every hit is answered at once; the first starts the one refresh.
        _time.Advance(TimeSpan.FromMinutes(1));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("answer 1", await cache.GetOrCreateAsync("k", Provider));
        }

        refreshing.SetResult("answer 2");
        await WaitForAsync(() => cache.GetStats().Sets == 2);

        // Past the old entry's TTL the key is still a hit: the refresh replaced it.
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("answer 2", await cache.GetOrCreateAsync("k", Provider));
        CacheStats stats = cache.GetStats();
        Assert.Equal((2, 1L, 1L), (calls, stats.EagerRefreshes, stats.Misses));
    }

    [Fact]
    public async Task Eager_refresh_is_off_by_default()
    {
        await using CacheManager cache = Create(0);
        int calls = 0;
        await cache.GetOrCreateAsync("k", _ => new ValueTask<string>($"answer {Interlocked.Increment(ref calls)}"));
        _time.Advance(TimeSpan.FromMinutes(9.9));

        await cache.GetOrCreateAsync("k", _ => new ValueTask<string>($"answer {Interlocked.Increment(ref calls)}"));

        Assert.Equal(1, calls);
        Assert.Equal(0, cache.GetStats().EagerRefreshes);
    }

    [Fact]
    public async Task A_call_can_turn_eager_refresh_on_for_itself()
    {
        await using CacheManager cache = Create(0);
        var options = new CacheEntryOptions { EagerRefresh = 0.5 };
        await cache.GetOrCreateAsync("k", _ => new ValueTask<string>("first"), options);
        _time.Advance(TimeSpan.FromMinutes(6));

        await cache.GetOrCreateAsync("k", _ => new ValueTask<string>("second"), options);
        await WaitForAsync(() => cache.GetStats().Sets == 2);

        Assert.Equal("second", await cache.GetAsync<string>("k"));
        Assert.Equal(1, cache.GetStats().EagerRefreshes);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    public async Task An_eager_refresh_outside_zero_to_one_is_refused(double fraction)
    {
        await using CacheManager cache = Create(0);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await cache.GetOrCreateAsync("k", _ => new ValueTask<string>("x"), new CacheEntryOptions { EagerRefresh = fraction }));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Yield();
            limit.Token.ThrowIfCancellationRequested();
        }
    }
}

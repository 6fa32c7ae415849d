using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Tests.Redis;
using Microsoft.Extensions.Time.Testing;

namespace Caching.Tests.FailSafe;

/// <summary>
/// An entry is fresh for its TTL, then kept stale for stale_if_error: a stale answer is served only in place of a failed
/// provider call, never while the provider answers; it is counted apart, marked to the caller, and logged once an outage.
/// </summary>
public sealed class StaleIfErrorTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private CacheManager Create(TimeSpan staleIfError, Action<CacheConfig>? configure = null, Microsoft.Extensions.Logging.ILoggerFactory? loggers = null)
    {
        var config = new CacheConfig { Ttl = TimeSpan.FromMinutes(10), StaleIfError = staleIfError };
        configure?.Invoke(config);
        return CacheManager.Create(config, loggers, _time);
    }

    private static ValueTask<string> Answer(string text) => new(text);

    private static ValueTask<string> Fail(CancellationToken _) => ValueTask.FromException<string>(new InvalidOperationException("the provider is down"));

    [Fact]
    public async Task A_stale_entry_is_never_served_while_the_provider_answers()
    {
        await using CacheManager cache = Create(TimeSpan.FromDays(1));
        await cache.GetOrCreateAsync("k", _ => Answer("first"));
        _time.Advance(TimeSpan.FromMinutes(10));

        string answer = await cache.GetOrCreateAsync("k", _ => Answer("second"));

        Assert.Equal("second", answer);
        Assert.Equal(0, cache.GetStats().StaleServed);
    }

    [Fact]
    public async Task A_failed_provider_call_is_answered_from_the_stale_entry_and_counted_apart()
    {
        await using CacheManager cache = Create(TimeSpan.FromDays(1));
        await cache.GetOrCreateAsync("k", _ => Answer("first"));
        _time.Advance(TimeSpan.FromHours(5));

        using CacheCallContext call = CacheCallContext.Begin();
        string answer = await cache.GetOrCreateAsync("k", Fail);

        Assert.Equal("first", answer);
        CacheStats stats = cache.GetStats();
        Assert.Equal((1L, 0L, 2L), (stats.StaleServed, stats.Hits, stats.Misses));
        Assert.Equal(CacheOutcome.Stale, call.Outcome);
        Assert.Equal(TimeSpan.FromHours(5), call.Age);
    }

    [Fact]
    public async Task Every_caller_of_a_failed_flight_gets_the_stale_answer()
    {
        await using CacheManager cache = Create(TimeSpan.FromDays(1));
        await cache.GetOrCreateAsync("k", _ => Answer("first"));
        _time.Advance(TimeSpan.FromMinutes(11));
        var failing = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0;

        Task<string>[] callers = [.. Enumerable.Range(0, 10).Select(_ => cache.GetOrCreateAsync("k", async _ =>
        {
            Interlocked.Increment(ref calls);
            return await failing.Task;
        }).AsTask())];
        failing.SetException(new TimeoutException("upstream timed out"));

        Assert.All(await Task.WhenAll(callers), answer => Assert.Equal("first", answer));
        Assert.Equal(1, calls);
        Assert.Equal(10, cache.GetStats().StaleServed);
    }

    [Fact]
    public async Task Past_its_stale_time_an_entry_is_gone_and_the_failure_reaches_the_caller()
    {
        await using CacheManager cache = Create(TimeSpan.FromHours(1));
        await cache.GetOrCreateAsync("k", _ => Answer("first"));
        _time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromHours(1));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await cache.GetOrCreateAsync("k", Fail));
        Assert.Equal(0, cache.GetStats().StaleServed);
    }

    [Fact]
    public async Task Without_stale_if_error_nothing_is_kept_stale()
    {
        await using CacheManager cache = Create(TimeSpan.Zero);
        await cache.GetOrCreateAsync("k", _ => Answer("first"));
        _time.Advance(TimeSpan.FromMinutes(10));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await cache.GetOrCreateAsync("k", Fail));
        Assert.Equal(0, cache.GetStats().Entries);
    }

    [Fact]
    public async Task A_call_can_ask_for_stale_if_error_its_own_way()
    {
        await using CacheManager cache = Create(TimeSpan.Zero);
        await cache.GetOrCreateAsync("k", _ => Answer("first"), new CacheEntryOptions { StaleIfError = TimeSpan.FromDays(1) });
        _time.Advance(TimeSpan.FromHours(2));

        Assert.Equal("first", await cache.GetOrCreateAsync("k", Fail));
    }

    [Fact]
    public async Task A_caller_refuses_an_answer_staler_than_its_own_stale_if_error()
    {
        await using CacheManager cache = Create(TimeSpan.FromDays(1));
        await cache.GetOrCreateAsync("k", _ => Answer("first"));
        _time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromMinutes(5));

        using (CacheCallContext.Begin(new CacheDirectives { StaleIfError = TimeSpan.FromMinutes(10) }))
        {
            Assert.Equal("first", await cache.GetOrCreateAsync("k", Fail));
        }

        using (CacheCallContext.Begin(new CacheDirectives { StaleIfError = TimeSpan.FromMinutes(1) }))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await cache.GetOrCreateAsync("k", Fail));
        }

        using (CacheCallContext.Begin(new CacheDirectives { StaleIfError = TimeSpan.Zero }))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await cache.GetOrCreateAsync("k", Fail));
        }
    }

    [Fact]
    public async Task Removal_invalidation_and_clear_remove_stale_entries_too()
    {
        await using CacheManager cache = Create(TimeSpan.FromDays(1), c => c.AdminKey = "admin");
        foreach (string key in new[] { "removed", "chat:invalidated", "cleared" })
        {
            await cache.GetOrCreateAsync(key, _ => Answer(key));
        }

        _time.Advance(TimeSpan.FromMinutes(30));
        await cache.RemoveAsync("removed");
        await cache.InvalidateAsync("chat:*");

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await cache.GetOrCreateAsync("removed", Fail));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await cache.GetOrCreateAsync("chat:invalidated", Fail));
        Assert.Equal("cleared", await cache.GetOrCreateAsync("cleared", Fail));
        await cache.ClearAsync("admin");
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await cache.GetOrCreateAsync("cleared", Fail));
    }

    [Fact]
    public async Task A_stale_entry_is_not_a_hit_for_a_plain_read()
    {
        await using CacheManager cache = Create(TimeSpan.FromDays(1));
        await cache.SetAsync("k", "value");
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Null(await cache.GetAsync<string>("k"));
        Assert.Equal(1, cache.GetStats().Entries);
    }

    [Fact]
    public async Task A_failure_the_configuration_excludes_is_never_answered_stale()
    {
        await using CacheManager cache = Create(TimeSpan.FromDays(1), c => c.ServeStaleWhen = failure => failure is not ArgumentException);
        await cache.GetOrCreateAsync("k", _ => Answer("first"));
        _time.Advance(TimeSpan.FromMinutes(11));

        await Assert.ThrowsAsync<ArgumentException>(async () => await cache.GetOrCreateAsync<string>("k", _ => throw new ArgumentException("a client mistake")));
        Assert.Equal("first", await cache.GetOrCreateAsync("k", Fail));
    }

    [Fact]
    public async Task An_outage_is_logged_at_warning_once_and_its_end_once()
    {
        using var logs = new ListLoggerProvider();
        await using CacheManager cache = Create(TimeSpan.FromDays(1), loggers: logs);
        foreach (string key in new[] { "a", "b", "c" })
        {
            await cache.GetOrCreateAsync(key, _ => Answer(key));
        }

        _time.Advance(TimeSpan.FromMinutes(11));
        foreach (string key in new[] { "a", "b", "c", "a", "b" })
        {
            await cache.GetOrCreateAsync(key, Fail);
        }

        await cache.GetOrCreateAsync("c", _ => Answer("back"));

        Assert.Single(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("stale answers are served", StringComparison.Ordinal));
        Assert.Single(logs.Lines, line => line.Contains("answers again; 5 stale answers were served", StringComparison.Ordinal));
    }
}

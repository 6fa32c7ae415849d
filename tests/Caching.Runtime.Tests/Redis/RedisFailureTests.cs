using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace Caching.Tests.Redis;

[Collection(RedisTestGroup.Name)]
public sealed class RedisFailureTests
{
    private static Task WaitForStoreAsync(CacheManager cache, string store) =>
        RespServer.WaitUntilAsync(() => Task.FromResult(cache.GetStats().ActiveStore == store), TimeSpan.FromSeconds(20), $"the {store} store to serve");

    [Fact]
    public async Task Start_up_with_redis_unreachable_serves_from_memory_then_switches_to_redis_when_it_appears()
    {
        int port = RespServer.FreePort();
        var stopwatch = Stopwatch.StartNew();
        CacheConfig config = RedisManagers.Config($"127.0.0.1:{port}");
        config.RedisConnectTimeout = TimeSpan.FromMilliseconds(300);
        await using CacheManager cache = await CacheManager.CreateAsync(config);
        // The connection attempt may take its ConnectTimeout (5 s here); start-up waits only redis_connect_timeout for it.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"start-up took {stopwatch.Elapsed}");

        await cache.SetAsync("k", "from memory");
        Assert.Equal("from memory", await cache.GetAsync<string>("k"));
        Assert.Equal("memory", cache.GetStats().ActiveStore);

        await using RespServer redis = await RespServer.StartOnAsync(port);
        await WaitForStoreAsync(cache, "redis");
        await cache.SetAsync("k", "from redis");
        Assert.Equal("1", await redis.CommandAsync("EXISTS", "gw:k"));
    }

    [Fact]
    public async Task A_value_set_right_after_CreateAsync_with_redis_up_is_in_redis()
    {
        await using RespServer redis = await RespServer.StartAsync();
        CacheConfig config = RedisManagers.Config(redis.Endpoint);
        config.RedisConnectTimeout = TimeSpan.FromSeconds(20);

        await using CacheManager cache = await CacheManager.CreateAsync(config);
        await cache.SetAsync("first", "written at once");

        Assert.Equal("redis", cache.GetStats().ActiveStore);
        Assert.Equal("1", await redis.CommandAsync("EXISTS", "gw:first"));
        Assert.Equal(0, cache.GetStats().Fallbacks);
    }

    [Fact]
    public async Task Redis_killed_mid_test_callers_see_no_exceptions_and_fallback_is_counted()
    {
        await using RespServer redis = await RespServer.StartAsync();
        await using CacheManager cache = await RedisManagers.CreateServingAsync(redis.Endpoint);
        int calls = 0;
        await cache.GetOrCreateAsync("chat:m:a", _ => new ValueTask<string>($"call {++calls}"));

        redis.Kill();
        for (int i = 0; i < 20; i++)
        {
            string answer = await cache.GetOrCreateAsync("chat:m:b", _ => new ValueTask<string>($"call {++calls}"));
            Assert.Equal("call 2", answer);
            await cache.SetAsync($"k{i}", i);
            Assert.Equal(i, await cache.GetAsync<int>($"k{i}"));
            await cache.RemoveAsync($"k{i}");
            await cache.InvalidateAsync("nothing:*");
        }

        CacheStats stats = cache.GetStats();
        Assert.Equal("memory", stats.ActiveStore);
        Assert.True(stats.Fallbacks > 0);
        Assert.True(stats.RedisOutages >= 1);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Redis_paused_every_call_returns_within_the_timeout()
    {
        await using RespServer redis = await RespServer.StartAsync();
        await using CacheManager cache = await RedisManagers.CreateServingAsync(redis.Endpoint, timeout: TimeSpan.FromMilliseconds(100));
        await cache.SetAsync("k", "v");

        redis.Pause();
        try
        {
            TimeSpan slowest = TimeSpan.Zero;
            for (int i = 0; i < 10; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                await cache.GetAsync<string>("k");
                await cache.SetAsync("k2", i);
                await cache.GetOrCreateAsync("k3", _ => new ValueTask<int>(3));
                slowest = stopwatch.Elapsed > slowest ? stopwatch.Elapsed : slowest;
            }

            // Three calls, each bounded by the 100 ms timeout, with room for a loaded CI machine's scheduling; a call that
            // waited on the hung server would never return at all.
            Assert.True(slowest < TimeSpan.FromMilliseconds(1500), $"the slowest round of three calls took {slowest}");
            Assert.True(cache.GetStats().RedisErrors >= 1);
            Assert.Equal("memory", cache.GetStats().ActiveStore);
        }
        finally
        {
            redis.Resume();
        }
    }

    [Fact]
    public async Task Redis_restarted_the_manager_switches_back()
    {
        await using RespServer redis = await RespServer.StartAsync();
        await using CacheManager cache = await RedisManagers.CreateServingAsync(redis.Endpoint);
        await cache.SetAsync("kept", "v");

        redis.Kill();
        await cache.GetAsync<string>("kept");
        await WaitForStoreAsync(cache, "memory");
        await redis.RestartAsync();
        await WaitForStoreAsync(cache, "redis");

        Assert.Equal("v", await cache.GetAsync<string>("kept"));
    }

    [Theory]
    [InlineData("remove")]
    [InlineData("invalidate")]
    [InlineData("clear")]
    public async Task An_invalidation_made_during_an_outage_is_not_undone_when_redis_returns(string operation)
    {
        await using RespServer redis = await RespServer.StartAsync();
        await using CacheManager cache = await RedisManagers.CreateServingAsync(redis.Endpoint);
        await cache.SetAsync("chat:m:stale", "stale answer");
        await cache.SetAsync("chat:m:other", "other");

        redis.Kill();
        await cache.GetAsync<string>("chat:m:stale");
        await WaitForStoreAsync(cache, "memory");
        _ = operation switch
        {
            "remove" => await cache.RemoveAsync("chat:m:stale") ? 1 : 0,
            "invalidate" => await cache.InvalidateAsync("chat:m:st*"),
            _ => await cache.ClearAsync("admin"),
        };

        // The restarted server reloads its data: the stale entry is back in Redis until the replay removes it.
        await redis.RestartAsync();
        await WaitForStoreAsync(cache, "redis");

        Assert.Null(await cache.GetAsync<string>("chat:m:stale"));
        Assert.Equal("0", await redis.CommandAsync("EXISTS", "gw:chat:m:stale"));
        Assert.Equal(operation == "clear" ? null : "other", await cache.GetAsync<string>("chat:m:other"));
    }

    [Fact]
    public async Task An_invalidation_while_redis_is_paused_is_replayed_after_it_resumes()
    {
        await using RespServer redis = await RespServer.StartAsync();
        await using CacheManager cache = await RedisManagers.CreateServingAsync(redis.Endpoint, timeout: TimeSpan.FromMilliseconds(100));
        await cache.SetAsync("chat:m:stale", "stale answer");

        redis.Pause();
        try
        {
            await cache.RemoveAsync("chat:m:stale");
        }
        finally
        {
            redis.Resume();
        }

        await WaitForStoreAsync(cache, "redis");
        Assert.Null(await cache.GetAsync<string>("chat:m:stale"));
    }

    [Fact]
    public async Task Values_stored_in_memory_during_an_outage_are_dropped_when_redis_returns()
    {
        await using RespServer redis = await RespServer.StartAsync();
        await using CacheManager cache = await RedisManagers.CreateServingAsync(redis.Endpoint);

        redis.Kill();
        await cache.GetAsync<string>("x");
        await WaitForStoreAsync(cache, "memory");
        await cache.SetAsync("outage", "memory only");
        Assert.Equal(1, cache.GetStats().Entries);

        await redis.RestartAsync();
        await WaitForStoreAsync(cache, "redis");

        Assert.Equal(0, cache.GetStats().Entries);
        Assert.Equal(1, cache.GetStats().FallbackEntriesDiscarded);
    }

    [Fact]
    public async Task The_redis_password_never_appears_in_logs_stats_or_config_text()
    {
        const string Password = "hunter2-very-secret";
        await using RespServer redis = await RespServer.StartAsync(new RespServerOptions(Password: Password));
        var logs = new ListLoggerProvider();

        await using (CacheManager cache = await RedisManagers.CreateServingAsync(redis.Endpoint, logs, $"password={Password}"))
        {
            await cache.SetAsync("k", "v");
            Assert.Equal("v", await cache.GetAsync<string>("k"));
            Assert.DoesNotContain(Password, cache.GetStats().ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Password, cache.Config.ToString(), StringComparison.Ordinal);
            redis.Kill();
            for (int i = 0; i < 5; i++)
            {
                await cache.GetAsync<string>("k");
                await cache.SetAsync("k", "v");
            }
        }

        await using (CacheManager wrong = await CacheManager.CreateAsync(RedisManagers.Config(redis.Endpoint, "password=wrong-" + Password), logs))
        {
            await redis.RestartAsync();
            for (int i = 0; i < 5; i++)
            {
                await wrong.GetAsync<string>("k");
            }
        }

        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, line => line.Contains("Redis", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_redis_timeout_runs_on_the_managers_time_provider()
    {
        await using RespServer redis = await RespServer.StartAsync();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        CacheConfig config = RedisManagers.Config(redis.Endpoint, timeout: TimeSpan.FromHours(1));
        await using CacheManager cache = await CacheManager.CreateAsync(config, timeProvider: time);
        await WaitForStoreAsync(cache, "redis");

        redis.Pause();
        try
        {
            ValueTask<string?> read = cache.GetAsync<string>("never-stored");

            // An hour on the real clock; the fake clock's hour passes at once, and so does the call.
            time.Advance(TimeSpan.FromHours(1));
            Assert.Null(await read.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(1, cache.GetStats().RedisErrors);
        }
        finally
        {
            redis.Resume();
        }
    }
}

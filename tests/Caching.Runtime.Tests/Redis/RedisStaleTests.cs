using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Caching.Tests.Redis;

/// <summary>Redis keeps an entry through its stale time, so that any instance can answer a failing provider with it.</summary>
[Collection(RedisTestGroup.Name)]
public sealed class RedisStaleTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private RespServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RespServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private async Task<CacheManager> CreateAsync()
    {
        CacheConfig config = RedisManagers.Config(_redis.Endpoint);
        config.Ttl = TimeSpan.FromMinutes(10);
        config.StaleIfError = TimeSpan.FromDays(1);
        CacheManager manager = await CacheManager.CreateAsync(config, timeProvider: _time);
        Assert.Equal(CacheReadinessStatus.Ready, manager.Readiness.Status);
        return manager;
    }

    [Fact]
    public async Task Another_instance_answers_a_failing_provider_with_the_stale_entry_it_reads_from_redis()
    {
        await using CacheManager a = await CreateAsync();
        await a.GetOrCreateAsync("chat:m:stale", _ => new ValueTask<string>("from a"));
        await using CacheManager b = await CreateAsync();
        _time.Advance(TimeSpan.FromMinutes(30));

        string answer = await b.GetOrCreateAsync<string>("chat:m:stale", _ => throw new TimeoutException("the provider timed out"));

        Assert.Equal("from a", answer);
        Assert.Equal(1, b.GetStats().StaleServed);
        long pttl = long.Parse(await _redis.CommandAsync("PTTL", "gw:chat:m:stale"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pttl > TimeSpan.FromDays(1).TotalMilliseconds, $"PTTL {pttl}");
    }

    [Fact]
    public async Task A_stale_entry_in_redis_is_never_served_while_the_provider_answers()
    {
        await using CacheManager a = await CreateAsync();
        await a.GetOrCreateAsync("chat:m:fresh", _ => new ValueTask<string>("old"));
        await using CacheManager b = await CreateAsync();
        _time.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal("new", await b.GetOrCreateAsync("chat:m:fresh", _ => new ValueTask<string>("new")));
        Assert.Equal(0, b.GetStats().StaleServed);
    }
}

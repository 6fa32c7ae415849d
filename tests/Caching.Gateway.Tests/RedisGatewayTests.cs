using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Caching.Tests.Redis;

namespace Caching.Gateway.Tests;

/// <summary>The same suite with backend = "redis" against a real redis-server, plus what only sharing can show.</summary>
[Collection("redis")]
public sealed class RedisGatewayTests : GatewaySuite
{
    private RespServer _redis = null!;

    private protected override string CacheNamespace => "gw-redis";

    public override async Task InitializeAsync()
    {
        _redis = await RespServer.StartAsync();
        await base.InitializeAsync();
        await WaitForRedisAsync(Gateway);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private protected override Task<IDictionary<string, string?>> BackendSettingsAsync() =>
        Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Cache:Backend"] = "redis",
            ["Cache:Namespace"] = CacheNamespace,
            ["Cache:RedisUrl"] = _redis.Endpoint,
            ["Cache:RedisTimeout"] = "2s",
        });

    private static Task WaitForRedisAsync(GatewayHost gateway) =>
        RespServer.WaitUntilAsync(
            async () => await gateway.StatsAsync() is var stats
                && stats.GetProperty("activeStore").GetString() == "redis"
                && stats.GetProperty("backplane").GetString() == "connected",
            TimeSpan.FromSeconds(20),
            "Redis and the backplane to serve the gateway");

    [Fact]
    public async Task Two_gateway_instances_sharing_one_redis_serve_each_others_entries()
    {
        await using GatewayHost second = await GatewayHost.StartAsync(Upstream, await BackendSettingsAsync());
        await WaitForRedisAsync(second);

        using HttpResponseMessage fromFirst = await Gateway.PostAsync("/v1/chat/completions", Chat());
        using HttpResponseMessage fromSecond = await second.PostAsync("/v1/chat/completions", Chat());

        Assert.Equal("MISS", fromFirst.CacheHeader());
        Assert.Equal("HIT", fromSecond.CacheHeader());
        Assert.Equal(1, Upstream.Calls("chat"));
    }

    [Fact]
    public async Task Entries_live_in_redis_under_the_namespace()
    {
        using HttpResponseMessage response = await Gateway.PostAsync("/v1/chat/completions", Chat());

        Assert.Equal("1", await _redis.CommandAsync("EXISTS", CacheNamespace + ":" + response.CacheKey()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

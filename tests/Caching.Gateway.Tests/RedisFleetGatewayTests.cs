using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Caching.Tests.Redis;

namespace Caching.Gateway.Tests;

/// <summary>
/// Gateways of one fleet on one fresh RESP server (redis-server or Garnet): each is ready before it serves, so two started
/// together share from the first answer; an invalidation on one reaches the other's memory within 100 ms; with the
/// server paused an instance serves its own copies.
/// </summary>
[Collection("redis")]
public sealed class RedisFleetGatewayTests : IAsyncLifetime
{
    private RespServer _redis = null!;
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _redis = await RespServer.StartAsync();
        _upstream = await FakeUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private Dictionary<string, string?> Settings(string? redisUrl = null, string? connectTimeout = null) => new()
    {
        ["Cache:Backend"] = "redis",
        ["Cache:Namespace"] = "gw-fleet",
        ["Cache:RedisUrl"] = redisUrl ?? _redis.Endpoint,
        ["Cache:RedisTimeout"] = "2s",
        ["Cache:RedisConnectTimeout"] = connectTimeout ?? "10s",
    };

    private static string Chat(string content) => "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";

    private static async Task<(HttpStatusCode Status, string Health)> ReadyAsync(GatewayHost gateway)
    {
        using HttpResponseMessage response = await gateway.Client.GetAsync("/readyz");
        return (response.StatusCode, (await response.JsonAsync()).GetProperty("status").GetString()!);
    }

    [Fact]
    public async Task Two_gateways_started_together_share_from_the_first_answer()
    {
        GatewayHost[] gateways = await Task.WhenAll(GatewayHost.StartAsync(_upstream, Settings()), GatewayHost.StartAsync(_upstream, Settings()));
        await using GatewayHost a = gateways[0];
        await using GatewayHost b = gateways[1];

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadyAsync(a));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadyAsync(b));
        var sinceReady = Stopwatch.StartNew();
        using HttpResponseMessage first = await a.PostRawAsync("/v1/chat/completions", Chat("fleet"));
        using HttpResponseMessage second = await b.PostRawAsync("/v1/chat/completions", Chat("fleet"));
        using HttpResponseMessage third = await b.PostRawAsync("/v1/chat/completions", Chat("fleet"));
        TimeSpan elapsed = sinceReady.Elapsed;

        Assert.Equal(["MISS", "HIT", "HIT"], [first.CacheHeader(), second.CacheHeader(), third.CacheHeader()]);
        Assert.Equal(1, _upstream.Calls("chat"));
        Assert.Equal(0, (await a.StatsAsync()).GetProperty("fallbackEntriesDiscarded").GetInt64());
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"the three requests took {elapsed}");
    }

    [Fact]
    public async Task An_invalidation_on_one_gateway_reaches_the_others_memory_within_100_ms()
    {
        GatewayHost[] gateways = await Task.WhenAll(GatewayHost.StartAsync(_upstream, Settings()), GatewayHost.StartAsync(_upstream, Settings()));
        await using GatewayHost a = gateways[0];
        await using GatewayHost b = gateways[1];
        (await a.PostRawAsync("/v1/chat/completions", Chat("to invalidate"))).Dispose();
        (await b.PostRawAsync("/v1/chat/completions", Chat("to invalidate"))).Dispose();
        using (HttpResponseMessage warm = await b.PostRawAsync("/v1/chat/completions", Chat("to invalidate")))
        {
            Assert.Equal("HIT", warm.CacheHeader());
        }

        using (HttpResponseMessage invalidated = await a.AdminAsync(HttpMethod.Post, "/admin/cache/invalidate", body: new { pattern = "chat:*" }))
        {
            Assert.Equal(HttpStatusCode.OK, invalidated.StatusCode);
        }

        var since = Stopwatch.StartNew();
        string outcome;
        do
        {
            using HttpResponseMessage response = await b.PostRawAsync("/v1/chat/completions", Chat("to invalidate"));
            outcome = response.CacheHeader();
        }
        while (outcome == "HIT" && since.Elapsed < TimeSpan.FromSeconds(5));

        Assert.Equal("MISS", outcome);
        Assert.True(since.Elapsed < TimeSpan.FromMilliseconds(100), $"the invalidation reached the other gateway after {since.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task With_redis_paused_a_gateway_serves_its_own_copy()
    {
        await using GatewayHost gateway = await GatewayHost.StartAsync(_upstream, Settings());
        (await gateway.PostRawAsync("/v1/chat/completions", Chat("paused"))).Dispose();

        _redis.Pause();
        try
        {
            using HttpResponseMessage response = await gateway.PostRawAsync("/v1/chat/completions", Chat("paused"));

            Assert.Equal((HttpStatusCode.OK, "HIT"), (response.StatusCode, response.CacheHeader()));
        }
        finally
        {
            _redis.Resume();
        }
    }

    [Fact]
    public async Task Without_redis_the_gateway_starts_degraded_and_ready_on_memory_alone()
    {
        int closed = RespServer.FreePort();
        await using GatewayHost gateway = await GatewayHost.StartAsync(_upstream, Settings($"127.0.0.1:{closed}", connectTimeout: "300ms"));

        using HttpResponseMessage live = await gateway.Client.GetAsync("/healthz");
        (HttpStatusCode status, string health) = await ReadyAsync(gateway);
        using HttpResponseMessage served = await gateway.PostRawAsync("/v1/chat/completions", Chat("degraded"));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "Degraded"), (status, health));
        Assert.Equal((HttpStatusCode.OK, "MISS"), (served.StatusCode, served.CacheHeader()));
    }

    [Fact]
    public async Task The_readiness_report_names_the_cache_check()
    {
        await using GatewayHost gateway = await GatewayHost.StartAsync(_upstream, Settings());

        using HttpResponseMessage response = await gateway.Client.GetAsync("/readyz");
        JsonElement cache = (await response.JsonAsync()).GetProperty("checks").GetProperty("cache");

        Assert.Equal("Healthy", cache.GetProperty("status").GetString());
        Assert.Contains("backplane is connected", cache.GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}

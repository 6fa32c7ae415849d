using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Caching.Gateway.Tests.Http;

/// <summary>
/// The gateway's caching rules, each a setting with a documented default: sampled requests are cached (or not), end users
/// share answers (or are keyed apart), and a request that asks the provider to store it bypasses the cache.
/// </summary>
public sealed class CachingRuleTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private const string Chat = "/v1/chat/completions";

    private static string Request(string extra) => "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"rules\"}]" + extra + "}";

    private Task<GatewayHost> StartAsync(string ns, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["Cache:Namespace"] = ns };
        foreach ((string key, string value) in settings)
        {
            values[key] = value;
        }

        return GatewayHost.StartAsync(_upstream, values);
    }

    private static async Task<string[]> TwiceAsync(GatewayHost gateway, string first, string second)
    {
        using HttpResponseMessage a = await gateway.PostRawAsync(Chat, first);
        using HttpResponseMessage b = await gateway.PostRawAsync(Chat, second);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (a.StatusCode, b.StatusCode));
        return [a.CacheHeader(), b.CacheHeader(), b.CacheStatus() ?? string.Empty];
    }

    [Fact]
    public async Task Sampled_requests_are_cached_by_default()
    {
        await using GatewayHost gateway = await StartAsync("gw-rules-sampled-default");

        Assert.Equal(["MISS", "HIT", "gateway; hit"], await TwiceAsync(gateway, Request(",\"temperature\":0.7"), Request(",\"temperature\":0.7")));
        Assert.Equal(["MISS", "HIT", "gateway; hit"], await TwiceAsync(gateway, Request(string.Empty), Request(string.Empty)));
    }

    [Fact]
    public async Task With_sampled_requests_uncached_only_greedy_ones_are_cached()
    {
        await using GatewayHost gateway = await StartAsync("gw-rules-sampled-off", ("Gateway:CacheSampledRequests", "false"));

        Assert.Equal(["BYPASS", "BYPASS", "gateway; fwd=bypass"], await TwiceAsync(gateway, Request(",\"temperature\":0.7"), Request(",\"temperature\":0.7")));
        Assert.Equal(["BYPASS", "BYPASS", "gateway; fwd=bypass"], await TwiceAsync(gateway, Request(string.Empty), Request(string.Empty)));
        Assert.Equal(["MISS", "HIT", "gateway; hit"], await TwiceAsync(gateway, Request(",\"temperature\":0"), Request(",\"temperature\":0")));
        Assert.Equal(["MISS", "HIT", "gateway; hit"], await TwiceAsync(gateway, Request(",\"top_p\":0,\"temperature\":1"), Request(",\"top_p\":0,\"temperature\":1")));
        Assert.Equal(6, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task End_users_share_answers_by_default()
    {
        await using GatewayHost gateway = await StartAsync("gw-rules-users-shared");

        Assert.Equal(["MISS", "HIT", "gateway; hit"], await TwiceAsync(gateway, Request(",\"user\":\"alice\""), Request(",\"user\":\"bob\"")));
    }

    [Fact]
    public async Task Keyed_by_end_user_each_user_has_answers_of_their_own()
    {
        await using GatewayHost gateway = await StartAsync("gw-rules-users-apart", ("Gateway:KeyByEndUser", "true"));

        Assert.Equal(["MISS", "MISS", "gateway; fwd=miss; stored"], await TwiceAsync(gateway, Request(",\"user\":\"alice\""), Request(",\"user\":\"bob\"")));
        Assert.Equal(["HIT", "HIT", "gateway; hit"], await TwiceAsync(gateway, Request(",\"user\":\"alice\""), Request(",\"safety_identifier\":\"alice\"")));
        using HttpResponseMessage alice = await gateway.PostRawAsync(Chat, Request(",\"user\":\"alice\""));
        Assert.StartsWith("scope:user%3Aalice:chat:gpt-4o:", alice.CacheKey(), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_to_be_stored_by_the_provider_bypasses_the_cache()
    {
        await using GatewayHost gateway = await StartAsync("gw-rules-store");

        Assert.Equal(["BYPASS", "BYPASS", "gateway; fwd=bypass"], await TwiceAsync(gateway, Request(",\"store\":true"), Request(",\"store\":true")));
        Assert.Equal(2, _upstream.Calls("chat"));
        Assert.Contains("\"store\":true", _upstream.LastBody("chat"), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stored_requests_are_cached_when_the_setting_says_so()
    {
        await using GatewayHost gateway = await StartAsync("gw-rules-store-cached", ("Gateway:BypassCacheWhenStored", "false"));

        Assert.Equal(["MISS", "HIT", "gateway; hit"], await TwiceAsync(gateway, Request(",\"store\":true"), Request(",\"store\":true")));
    }

    [Theory]
    [InlineData("Gateway:CacheSampledRequests", "maybe")]
    [InlineData("Gateway:KeyByEndUser", "1")]
    [InlineData("Gateway:MaxResponseBytes", "lots")]
    public void A_bad_rule_setting_stops_start_up_naming_it(string key, string value)
    {
        CacheConfigException error = Assert.Throws<CacheConfigException>(() =>
            global::Gateway.Hosting.GatewayApp.Build([], c => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(c, new Dictionary<string, string?> { [key] = value })));

        Assert.Contains(key, error.Message, System.StringComparison.Ordinal);
    }
}

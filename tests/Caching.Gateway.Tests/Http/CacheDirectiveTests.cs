using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Caching.Gateway.Tests.Http;

/// <summary>
/// The request's Cache-Control is read as RFC 9111 directives, not substrings: no-store, no-cache, max-age, only-if-cached,
/// and Pragma: no-cache without Cache-Control; every answer says what the cache did in x-cache and an RFC 9211
/// Cache-Status, and a cached one its Age. The clock is a fake one: ages are set, never waited for.
/// </summary>
public sealed class CacheDirectiveTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private FakeUpstream _upstream = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Cache:Namespace"] = "gw-directives" }, time: _time);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private const string Chat = "/v1/chat/completions";

    private static string Request(string content = "directives") =>
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}],\"temperature\":0}";

    private static string Streamed(string content) =>
        "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";

    private static async Task<string> AnswerAsync(HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

    [Fact]
    public async Task A_miss_is_stored_and_a_hit_says_so_with_its_age()
    {
        using HttpResponseMessage miss = await _gateway.PostRawAsync(Chat, Request());
        _time.Advance(TimeSpan.FromSeconds(42));
        using HttpResponseMessage hit = await _gateway.PostRawAsync(Chat, Request());

        Assert.Equal(("MISS", "gateway; fwd=miss; stored", null), (miss.CacheHeader(), miss.CacheStatus(), miss.AgeSeconds()));
        Assert.Equal(("HIT", "gateway; hit", 42L), (hit.CacheHeader(), hit.CacheStatus(), hit.AgeSeconds()));
    }

    [Fact]
    public async Task No_store_skips_the_read_and_the_write()
    {
        (await _gateway.PostRawAsync(Chat, Request())).Dispose();
        using HttpResponseMessage bypass = await _gateway.PostRawAsync(Chat, Request(), "no-store");
        using HttpResponseMessage unstored = await _gateway.PostRawAsync(Chat, Request("fresh"), "no-store");
        using HttpResponseMessage next = await _gateway.PostRawAsync(Chat, Request("fresh"));

        Assert.Equal(("BYPASS", "gateway; fwd=request"), (bypass.CacheHeader(), bypass.CacheStatus()));
        Assert.Equal("MISS", next.CacheHeader());
        Assert.Equal(4, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task No_cache_asks_the_provider_and_its_answer_replaces_the_cached_one()
    {
        (await _gateway.PostRawAsync(Chat, Request())).Dispose();
        using HttpResponseMessage refreshed = await _gateway.PostRawAsync(Chat, Request(), "no-cache");
        using HttpResponseMessage after = await _gateway.PostRawAsync(Chat, Request());

        Assert.Equal(("BYPASS", "gateway; fwd=request; stored"), (refreshed.CacheHeader(), refreshed.CacheStatus()));
        Assert.Equal("HIT", after.CacheHeader());
        Assert.Equal(await AnswerAsync(refreshed), await AnswerAsync(after));
        Assert.Equal(2, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task Max_age_serves_an_answer_young_enough_and_replaces_an_older_one()
    {
        using HttpResponseMessage first = await _gateway.PostRawAsync(Chat, Request());
        _time.Advance(TimeSpan.FromSeconds(30));
        using HttpResponseMessage young = await _gateway.PostRawAsync(Chat, Request(), "max-age=60");
        _time.Advance(TimeSpan.FromSeconds(31));
        using HttpResponseMessage old = await _gateway.PostRawAsync(Chat, Request(), "max-age=60");
        using HttpResponseMessage after = await _gateway.PostRawAsync(Chat, Request());

        Assert.Equal(("HIT", 30L), (young.CacheHeader(), young.AgeSeconds()));
        Assert.Equal(("MISS", "gateway; fwd=stale; stored"), (old.CacheHeader(), old.CacheStatus()));
        Assert.NotEqual(await AnswerAsync(first), await AnswerAsync(old));
        Assert.Equal(("HIT", 0L), (after.CacheHeader(), after.AgeSeconds()));
        Assert.Equal(await AnswerAsync(old), await AnswerAsync(after));
        Assert.Equal(2, _upstream.Calls("chat"));
    }

    [Theory]
    [InlineData("max-age=0")]
    [InlineData("MAX-AGE=0")]
    [InlineData("max-age=\"0\"")]
    public async Task Max_age_zero_refreshes(string header)
    {
        (await _gateway.PostRawAsync(Chat, Request())).Dispose();
        using HttpResponseMessage refreshed = await _gateway.PostRawAsync(Chat, Request(), header);

        Assert.Equal("BYPASS", refreshed.CacheHeader());
        Assert.Equal(2, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task Only_if_cached_on_a_cold_key_is_a_504_with_an_openai_error_and_no_provider_call()
    {
        using HttpResponseMessage cold = await _gateway.PostRawAsync(Chat, Request("cold"), "only-if-cached");
        (await _gateway.PostRawAsync(Chat, Request("cold"))).Dispose();
        using HttpResponseMessage warm = await _gateway.PostRawAsync(Chat, Request("cold"), "only-if-cached");

        Assert.Equal(HttpStatusCode.GatewayTimeout, cold.StatusCode);
        Assert.Equal("not_cached", (await cold.JsonAsync()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("gateway; fwd=miss; detail=only-if-cached", cold.CacheStatus());
        Assert.Equal("HIT", warm.CacheHeader());
        Assert.Equal(1, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task Only_if_cached_with_no_cache_can_never_be_answered()
    {
        (await _gateway.PostRawAsync(Chat, Request())).Dispose();

        using HttpResponseMessage response = await _gateway.PostRawAsync(Chat, Request(), "only-if-cached, no-cache");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(1, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task Only_if_cached_applies_to_streams()
    {
        using HttpResponseMessage cold = await _gateway.PostRawAsync(Chat, Streamed("cold stream"), "only-if-cached");

        Assert.Equal(HttpStatusCode.GatewayTimeout, cold.StatusCode);
        Assert.Equal(0, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task A_streamed_hit_says_its_age()
    {
        using (HttpResponseMessage miss = await _gateway.PostRawAsync(Chat, Streamed("aged stream")))
        {
            await miss.Content.ReadAsStringAsync();
        }

        _time.Advance(TimeSpan.FromSeconds(7));
        using HttpResponseMessage hit = await _gateway.PostRawAsync(Chat, Streamed("aged stream"));
        await hit.Content.ReadAsStringAsync();

        Assert.Equal(("HIT", "gateway; hit", 7L), (hit.CacheHeader(), hit.CacheStatus(), hit.AgeSeconds()));
    }

    [Fact]
    public async Task Pragma_no_cache_refreshes_when_there_is_no_cache_control()
    {
        (await _gateway.PostRawAsync(Chat, Request())).Dispose();
        using HttpResponseMessage pragma = await _gateway.PostRawAsync(Chat, Request(), null, ("Pragma", "no-cache"));
        using HttpResponseMessage overridden = await _gateway.PostRawAsync(Chat, Request(), "max-age=3600", ("Pragma", "no-cache"));

        Assert.Equal("BYPASS", pragma.CacheHeader());
        Assert.Equal("HIT", overridden.CacheHeader());
        Assert.Equal(2, _upstream.Calls("chat"));
    }

    [Theory]
    [InlineData("x-no-store-please")]
    [InlineData("no-storey")]
    [InlineData("max-age=abc")]
    [InlineData("private, stale-while-revalidate=5")]
    public async Task A_directive_is_matched_by_name_not_by_substring(string header)
    {
        (await _gateway.PostRawAsync(Chat, Request())).Dispose();
        using HttpResponseMessage response = await _gateway.PostRawAsync(Chat, Request(), header);

        Assert.Equal("HIT", response.CacheHeader());
    }

    [Fact]
    public async Task Directives_on_several_header_lines_all_count()
    {
        (await _gateway.PostRawAsync(Chat, Request())).Dispose();
        using HttpResponseMessage response = await _gateway.PostRawAsync(Chat, Request(), "max-age=60", ("Cache-Control", "No-Store"));

        Assert.Equal(("BYPASS", "gateway; fwd=request"), (response.CacheHeader(), response.CacheStatus()));
    }

    [Fact]
    public async Task The_stricter_of_two_max_ages_wins()
    {
        (await _gateway.PostRawAsync(Chat, Request())).Dispose();
        _time.Advance(TimeSpan.FromSeconds(20));
        using HttpResponseMessage response = await _gateway.PostRawAsync(Chat, Request(), "max-age=60, max-age=10");

        Assert.Equal("MISS", response.CacheHeader());
    }
}

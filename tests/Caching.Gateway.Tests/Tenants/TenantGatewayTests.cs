using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Caching.Gateway.Tests.Tenants;

/// <summary>
/// Virtual keys: with Gateway:Tenants configured every /v1/ route needs a tenant's key (an OpenAI 401 otherwise, before
/// the provider or the cache), each tenant's answers are its own unless both share, a tenant invalidates only its own,
/// and a key removed by a configuration reload stops working.
/// </summary>
public sealed class TenantGatewayTests : IAsyncLifetime
{
    private const string AcmeKey = "sk-acme-0001";
    private const string AcmeSecondKey = "sk-acme-0002";
    private const string GlobexKey = "sk-globex-0001";
    private const string InitechKey = "sk-initech-0001";
    private const string UmbrellaKey = "sk-umbrella-0001";

    private FakeUpstream _upstream = null!;
    private GatewayHost _gateway = null!;
    private IConfigurationRoot _configuration = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayHost.StartAsync(
            _upstream,
            new Dictionary<string, string?>
            {
                ["Gateway:Tenants:acme:ApiKey:0"] = AcmeKey,
                ["Gateway:Tenants:acme:ApiKey:1"] = AcmeSecondKey,
                ["Gateway:Tenants:globex:ApiKeyHash"] = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(GlobexKey))),
                ["Gateway:Tenants:initech:ApiKey"] = InitechKey,
                ["Gateway:Tenants:initech:SharedCache"] = "true",
                ["Gateway:Tenants:umbrella:ApiKey"] = UmbrellaKey,
                ["Gateway:Tenants:umbrella:SharedCache"] = "true",
            },
            app => _configuration = (IConfigurationRoot)app.Configuration);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private static object Chat(string content = "Hello") => new { model = "gpt-4o", temperature = 0, messages = new[] { new { role = "user", content } } };

    private Task<HttpResponseMessage> ChatAs(string? key, object? body = null, string path = "/v1/chat/completions")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body ?? Chat()), Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return _gateway.Client.SendAsync(request);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk-nobody")]
    [InlineData(FakeUpstream.ApiKey)]
    public async Task A_missing_or_unknown_key_is_an_OpenAI_401_before_the_provider(string? key)
    {
        using HttpResponseMessage response = await ChatAs(key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        JsonElement error = (await response.JsonAsync()).GetProperty("error");
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(0, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task Every_v1_route_needs_a_key()
    {
        using HttpResponseMessage embeddings = await ChatAs(null, new { model = "text-embedding-3-small", input = "x" }, "/v1/embeddings");
        using HttpResponseMessage images = await ChatAs(null, new { model = "dall-e-3", prompt = "x" }, "/v1/images/generations");
        using HttpResponseMessage invalidate = await ChatAs(null, new { pattern = "*" }, "/v1/cache/invalidate");

        Assert.Equal(HttpStatusCode.Unauthorized, embeddings.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, images.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, invalidate.StatusCode);
    }

    [Fact]
    public async Task Each_key_of_a_tenant_and_a_hashed_key_are_accepted_and_the_upstream_gets_its_own_key()
    {
        using HttpResponseMessage first = await ChatAs(AcmeKey);
        using HttpResponseMessage second = await ChatAs(AcmeSecondKey);
        using HttpResponseMessage hashed = await ChatAs(GlobexKey);

        // The fake upstream answers only its own key: a 200 miss proves the client's key was not forwarded.
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("MISS", first.CacheHeader());
        Assert.Equal("HIT", second.CacheHeader());
        Assert.Equal("MISS", hashed.CacheHeader());
    }

    [Fact]
    public async Task Two_tenants_asking_the_same_are_two_provider_calls_and_each_is_answered_from_its_own_entry()
    {
        using HttpResponseMessage acme = await ChatAs(AcmeKey);
        using HttpResponseMessage globex = await ChatAs(GlobexKey);
        using HttpResponseMessage acmeAgain = await ChatAs(AcmeKey);
        using HttpResponseMessage globexAgain = await ChatAs(GlobexKey);

        Assert.Equal(2, _upstream.Calls("chat"));
        Assert.Equal(("MISS", "MISS", "HIT", "HIT"), (acme.CacheHeader(), globex.CacheHeader(), acmeAgain.CacheHeader(), globexAgain.CacheHeader()));
        Assert.StartsWith("scope:tenant%3Aacme:chat:gpt-4o:", acme.CacheKey(), StringComparison.Ordinal);
        Assert.StartsWith("scope:tenant%3Aglobex:chat:gpt-4o:", globex.CacheKey(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tenants_that_share_the_cache_share_one_entry()
    {
        using HttpResponseMessage initech = await ChatAs(InitechKey);
        using HttpResponseMessage umbrella = await ChatAs(UmbrellaKey);

        Assert.Equal(1, _upstream.Calls("chat"));
        Assert.Equal(("MISS", "HIT"), (initech.CacheHeader(), umbrella.CacheHeader()));
        Assert.StartsWith("scope:shared:chat:", umbrella.CacheKey(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_invalidates_its_own_entries_and_never_another_tenants()
    {
        (await ChatAs(AcmeKey)).Dispose();
        (await ChatAs(GlobexKey)).Dispose();

        // The widest pattern a tenant can send still stops at its own pool.
        using HttpResponseMessage invalidated = await ChatAs(AcmeKey, new { pattern = "*" }, "/v1/cache/invalidate");
        Assert.Equal(HttpStatusCode.OK, invalidated.StatusCode);
        Assert.Equal(1, (await invalidated.JsonAsync()).GetProperty("removed").GetInt64());

        using HttpResponseMessage acme = await ChatAs(AcmeKey);
        using HttpResponseMessage globex = await ChatAs(GlobexKey);
        Assert.Equal("MISS", acme.CacheHeader());
        Assert.Equal("HIT", globex.CacheHeader());
    }

    [Fact]
    public async Task A_tenant_invalidation_without_a_pattern_is_a_400_naming_it()
    {
        using HttpResponseMessage response = await ChatAs(AcmeKey, new { }, "/v1/cache/invalidate");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("pattern", (await response.JsonAsync()).GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task The_admin_key_still_invalidates_every_tenants_entries()
    {
        (await ChatAs(AcmeKey)).Dispose();
        (await ChatAs(GlobexKey)).Dispose();

        using HttpResponseMessage invalidated = await _gateway.AdminAsync(HttpMethod.Post, "/admin/cache/invalidate", body: new { pattern = "scope:*" });

        Assert.Equal(2, (await invalidated.JsonAsync()).GetProperty("removed").GetInt64());
    }

    [Fact]
    public async Task A_key_removed_from_the_configuration_stops_working_on_reload()
    {
        using HttpResponseMessage before = await ChatAs(AcmeSecondKey);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        _configuration["Gateway:Tenants:acme:ApiKey:1"] = null;
        _configuration.Reload();

        using HttpResponseMessage revoked = await ChatAs(AcmeSecondKey);
        using HttpResponseMessage kept = await ChatAs(AcmeKey);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_hit_rate_is_over_answers_the_cache_gave_not_client_mistakes_or_invalidations()
    {
        (await ChatAs(AcmeKey)).Dispose();
        (await ChatAs(AcmeKey)).Dispose();
        (await ChatAs(AcmeKey, new { model = "gpt-4o", messages = Array.Empty<object>() })).Dispose();
        (await ChatAs(AcmeKey, new { pattern = "nothing:*" }, "/v1/cache/invalidate")).Dispose();

        using HttpResponseMessage acme = await _gateway.AdminAsync(HttpMethod.Get, "/admin/dashboard/data", AcmeKey);

        JsonElement totals = (await acme.JsonAsync()).GetProperty("totals");
        Assert.Equal(4, totals.GetProperty("requests").GetInt64());
        Assert.Equal(0.5, totals.GetProperty("hitRate").GetDouble());
    }

    [Fact]
    public async Task The_dashboard_data_shows_a_tenant_its_own_traffic_only_and_refuses_a_wrong_key()
    {
        (await ChatAs(AcmeKey)).Dispose();
        (await ChatAs(AcmeKey)).Dispose();
        (await ChatAs(GlobexKey)).Dispose();

        using HttpResponseMessage acme = await _gateway.AdminAsync(HttpMethod.Get, "/admin/dashboard/data", AcmeKey);
        using HttpResponseMessage all = await _gateway.AdminAsync(HttpMethod.Get, "/admin/dashboard/data");
        using HttpResponseMessage wrong = await _gateway.AdminAsync(HttpMethod.Get, "/admin/dashboard/data", "sk-nobody");

        JsonElement acmeView = await acme.JsonAsync();
        Assert.Equal("acme", acmeView.GetProperty("view").GetString());
        Assert.Equal(2, acmeView.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal(1, acmeView.GetProperty("totals").GetProperty("hits").GetInt64());
        Assert.Equal(JsonValueKind.Null, acmeView.TryGetProperty("cache", out JsonElement cache) ? cache.ValueKind : JsonValueKind.Null);
        JsonElement allView = await all.JsonAsync();
        Assert.Equal(3, allView.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal(1, allView.GetProperty("cache").GetProperty("hits").GetInt64());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }
}

using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Caching;
using Gateway.Hosting;
using Microsoft.Extensions.Configuration;

namespace Caching.Gateway.Tests.Tenants;

/// <summary>Without tenants the gateway stays open (no key), and the tenant routes and settings are checked.</summary>
public sealed class OpenGatewayTests
{
    [Fact]
    public async Task Without_tenants_no_key_is_needed_and_there_is_no_tenant_invalidation()
    {
        await using FakeUpstream upstream = await FakeUpstream.StartAsync();
        await using GatewayHost gateway = await GatewayHost.StartAsync(upstream);

        using HttpResponseMessage chat = await gateway.PostAsync("/v1/chat/completions", new { model = "gpt-4o", messages = new[] { new { role = "user", content = "Hi" } } });
        using HttpResponseMessage invalidate = await gateway.PostAsync("/v1/cache/invalidate", new { pattern = "*" });

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.DoesNotContain("scope:", chat.CacheKey(), System.StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, invalidate.StatusCode);
    }

    [Theory]
    [InlineData("Gateway:Tenants:acme:SharedCache", "true", "ApiKey")]
    [InlineData("Gateway:Tenants:bad name:ApiKey", "k", "name")]
    [InlineData("Gateway:Tenants:acme:ApiKeyHash", "sha256:1234", "ApiKeyHash")]
    [InlineData("Gateway:Prices:gpt-4o:Input", "cheap", "Gateway:Prices:gpt-4o:Input")]
    [InlineData("Gateway:Currency", "dollars", "Gateway:Currency")]
    public void A_wrong_tenant_or_price_setting_fails_start_up_naming_it(string field, string value, string named)
    {
        CacheConfigException error = Assert.Throws<CacheConfigException>(() => GatewayApp.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cache:Backend"] = "memory",
            [field] = value,
        })));

        Assert.Contains(named, error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_key_for_two_tenants_fails_start_up()
    {
        CacheConfigException error = Assert.Throws<CacheConfigException>(() => GatewayApp.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cache:Backend"] = "memory",
            ["Gateway:Tenants:acme:ApiKey"] = "same",
            ["Gateway:Tenants:globex:ApiKey"] = "same",
        })));

        Assert.Contains("tenant 'acme'", error.Message, System.StringComparison.Ordinal);
    }
}

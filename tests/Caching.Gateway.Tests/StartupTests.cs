using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Gateway.Hosting;
using Microsoft.Extensions.Configuration;

namespace Caching.Gateway.Tests;

public class StartupTests
{
    [Theory]
    [InlineData("Cache:Ttl", "1x", "Cache:Ttl")]
    [InlineData("Cache:Backend", "memcached", "Cache:Backend")]
    [InlineData("Cache:MaxSize", "0", "Cache:MaxSize")]
    [InlineData("Cache:Backend", "redis", "RedisUrl")]
    [InlineData("Gateway:Upstream", "azure", "Gateway:Upstream")]
    public void Bad_configuration_stops_start_up_naming_the_field(string key, string value, string field)
    {
        var settings = new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0", [key] = value };

        CacheConfigException ex = Assert.Throws<CacheConfigException>(() => GatewayApp.Build([], c => c.AddInMemoryCollection(settings)));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_toml_file_stops_start_up_naming_the_field()
    {
        string file = System.IO.Path.GetTempFileName();
        System.IO.File.WriteAllText(file, "[cache]\nttl = \"-5m\"\n");
        try
        {
            var settings = new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0", ["Gateway:CacheConfigFile"] = file };

            CacheConfigException ex = Assert.Throws<CacheConfigException>(() => GatewayApp.Build([], c => c.AddInMemoryCollection(settings)));

            Assert.Contains("'ttl'", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.File.Delete(file);
        }
    }

    [Fact]
    public async Task Without_an_admin_key_the_admin_routes_are_disabled()
    {
        await using FakeUpstream upstream = await FakeUpstream.StartAsync();
        await using GatewayHost gateway = await GatewayHost.StartAsync(upstream, new Dictionary<string, string?> { ["Cache:AdminKey"] = null });

        using HttpResponseMessage stats = await gateway.AdminAsync(HttpMethod.Get, "/admin/cache/stats");
        using HttpResponseMessage clear = await gateway.AdminAsync(HttpMethod.Post, "/admin/cache/clear", key: "");

        Assert.Equal(HttpStatusCode.NotFound, stats.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, clear.StatusCode);
    }

    [Fact]
    public async Task The_local_provider_is_the_default_and_a_repeat_is_a_hit()
    {
        var settings = new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0", ["Gateway:LocalLatency"] = "0", ["Logging:LogLevel:Default"] = "Warning" };
        Microsoft.AspNetCore.Builder.WebApplication app = GatewayApp.Build([], c => c.AddInMemoryCollection(settings));
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(System.Linq.Enumerable.First(app.Urls)) };
            var body = new StringContent("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", System.Text.Encoding.UTF8, "application/json");
            using HttpResponseMessage first = await client.PostAsync("/v1/chat/completions", body);
            using HttpResponseMessage second = await client.PostAsync("/v1/chat/completions", new StringContent("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", System.Text.Encoding.UTF8, "application/json"));

            Assert.Equal("MISS", first.CacheHeader());
            Assert.Equal("HIT", second.CacheHeader());
            Assert.Contains("You said: hi", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

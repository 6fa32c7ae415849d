using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Caching.Gateway.Tests.Validation;

/// <summary>The content parts that made the built-in provider answer 500 are refused before it sees them, whole or streamed.</summary>
public sealed class BuiltInProviderTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Gateway:LocalLatency"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Cache:Namespace"] = "gw-built-in",
        };
        _app = GatewayApp.Build([], c => c.AddInMemoryCollection(settings));
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static TheoryData<string, bool> FailingParts => new()
    {
        { "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"},\"text\":5}]}", false },
        { "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"},\"text\":5}]}", true },
        { "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"text\":{}}]}", false },
        { "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"text\":{}}]}", true },
        { "{\"role\":\"assistant\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"no\",\"text\":5}]},{\"role\":\"user\",\"content\":\"hi\"}", false },
        { "{\"role\":\"assistant\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"no\",\"text\":5}]},{\"role\":\"user\",\"content\":\"hi\"}", true },
    };

    [Theory]
    [MemberData(nameof(FailingParts))]
    public async Task A_part_the_built_in_provider_failed_on_is_a_400(string messages, bool stream)
    {
        string body = "{\"model\":\"gpt-4o\"," + (stream ? "\"stream\":true," : string.Empty) + "\"messages\":[" + messages + "]}";

        using HttpResponseMessage response = await _client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.EndsWith(".text", (await response.JsonAsync()).GetProperty("error").GetProperty("param").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_parts_beside_other_parts_are_answered_from_their_text()
    {
        string body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/a.png\"}},{\"type\":\"text\",\"text\":\"describe it\"}]}]}";

        using HttpResponseMessage response = await _client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You said: describe it", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

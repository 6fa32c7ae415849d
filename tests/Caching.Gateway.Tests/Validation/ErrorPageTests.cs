using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace Caching.Gateway.Tests.Validation;

/// <summary>Every 4xx the framework itself answers (unknown route, wrong method, a URL too long) has an OpenAI-format body.</summary>
public sealed class ErrorPageTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Cache:Namespace"] = "gw-error-pages" });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Theory]
    [InlineData("POST", "/v1/chat/completion", 404, "unknown_url")]
    [InlineData("GET", "/v1/nothing-here", 404, "unknown_url")]
    [InlineData("GET", "/v1/chat/completions", 405, "method_not_allowed")]
    [InlineData("PUT", "/v1/embeddings", 405, "method_not_allowed")]
    [InlineData("DELETE", "/v1/images/generations", 405, "method_not_allowed")]
    public async Task A_route_or_method_the_gateway_does_not_serve_gets_an_openai_error(string method, string path, int status, string code)
    {
        using HttpResponseMessage response = await _gateway.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await AssertOpenAiErrorAsync(response, status, code);
    }

    [Fact]
    public async Task A_url_longer_than_the_limit_gets_an_openai_414()
    {
        using HttpResponseMessage response = await _gateway.Client.GetAsync("/v1/models?q=" + new string('q', 9000));

        await AssertOpenAiErrorAsync(response, 414, "url_too_long");
    }

    private static async Task AssertOpenAiErrorAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonElement error = (await response.JsonAsync()).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }
}

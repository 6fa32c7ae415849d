using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Gateway.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Caching.Gateway.Tests;

/// <summary>Client mistakes are OpenAI-format 400s naming the parameter; upstream failures are 502s or passed-on 4xx; nothing answers an empty 500.</summary>
public sealed class HardeningTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayHost.StartAsync(
            _upstream,
            new Dictionary<string, string?> { ["Cache:Namespace"] = "gw-hardening" },
            app => app.MapGet("/test/throws", (Func<IResult>)(() => throw new InvalidOperationException("a bug in a route"))));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private const string Chat = "/v1/chat/completions";
    private const string Embeddings = "/v1/embeddings";
    private const string Images = "/v1/images/generations";

    private static string ChatWith(string messages, string extra = "") =>
        "{\"model\":\"gpt-4o\",\"messages\":" + messages + extra + "}";

    private static string OneMessage(string content) => ChatWith("[{\"role\":\"user\",\"content\":" + content + "}]");

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { Chat, OneMessage("5"), "messages[0].content" },
        { Chat, OneMessage("{}"), "messages[0].content" },
        { Chat, OneMessage("true"), "messages[0].content" },
        { Chat, OneMessage("[{\"text\":5}]"), "messages[0].content[0].type" },
        { Chat, OneMessage("[{\"type\":\"text\",\"text\":5}]"), "messages[0].content[0].text" },
        { Chat, OneMessage("[5]"), "messages[0].content[0]" },
        { Chat, ChatWith("[null]"), "messages[0]" },
        { Chat, ChatWith("[{\"role\":\"wizard\",\"content\":\"hi\"}]"), "messages[0].role" },
        { Chat, ChatWith("[{\"content\":\"hi\"}]"), "messages[0].role" },
        { Chat, ChatWith("[{\"role\":\"user\"}]"), "messages[0].content" },
        { Chat, ChatWith("[{\"role\":\"user\",\"content\":\"hi\"}]", ",\"temperature\":3"), "temperature" },
        { Chat, ChatWith("[{\"role\":\"user\",\"content\":\"hi\"}]", ",\"temperature\":-0.5"), "temperature" },
        { Chat, ChatWith("[{\"role\":\"user\",\"content\":\"hi\"}]", ",\"top_p\":1.5"), "top_p" },
        { Chat, ChatWith("[{\"role\":\"user\",\"content\":\"hi\"}]", ",\"presence_penalty\":2.5"), "presence_penalty" },
        { Chat, ChatWith("[{\"role\":\"user\",\"content\":\"hi\"}]", ",\"frequency_penalty\":-3"), "frequency_penalty" },
        { Chat, ChatWith("[{\"role\":\"user\",\"content\":\"hi\"}]", ",\"n\":-1"), "n" },
        { Chat, ChatWith("[{\"role\":\"user\",\"content\":\"hi\"}]", ",\"n\":11"), "n" },
        { Chat, ChatWith("[{\"role\":\"user\",\"content\":\"hi\"}]", ",\"max_tokens\":0"), "max_tokens" },
        { Chat, ChatWith("[{\"role\":\"user\",\"content\":\"hi\"}]", ",\"max_completion_tokens\":-5"), "max_completion_tokens" },
        { Chat, "{\"model\":\"gpt-4o\\r\\nx-evil: 1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model" },
        { Chat, "{\"model\":\"gpt\\u0000\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model" },
        { Chat, "{\"model\":\"" + new string('m', 300) + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model" },
        { Embeddings, "{\"model\":\"e\",\"input\":\"hi\",\"dimensions\":-1}", "dimensions" },
        { Embeddings, "{\"model\":\"e\",\"input\":\"hi\",\"dimensions\":100000000}", "dimensions" },
        { Embeddings, "{\"model\":\"e\",\"input\":\"hi\",\"encoding_format\":\"hex\"}", "encoding_format" },
        { Embeddings, "{\"model\":\"e\",\"input\":[]}", "input" },
        { Embeddings, "{\"model\":\"e\",\"input\":{\"a\":1}}", "input" },
        { Embeddings, "{\"model\":\"e\",\"input\":[true]}", "input[0]" },
        { Images, "{\"model\":\"i\",\"prompt\":\"cat\",\"n\":10000000}", "n" },
        { Images, "{\"model\":\"i\",\"prompt\":\"cat\",\"n\":-1}", "n" },
        { Images, "{\"model\":\"i\"}", "prompt" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_client_mistake_is_a_400_naming_the_parameter_and_nothing_is_paid_or_stored(string route, string json, string param)
    {
        using HttpResponseMessage response = await _gateway.PostRawAsync(route, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement error = (await response.JsonAsync()).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(0, _upstream.Calls("chat") + _upstream.Calls("embeddings") + _upstream.Calls("images"));
        Assert.Equal(0, (await _gateway.StatsAsync()).GetProperty("sets").GetInt64());
    }

    [Theory]
    [InlineData("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":1e400}")]
    [InlineData("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":1e400}")]
    [InlineData("{\"model\":\"gpt-4o\",\"messages\":\"hi\"}")]
    [InlineData("{\"model\":5,\"messages\":[]}")]
    public async Task A_value_of_the_wrong_type_or_out_of_any_range_is_a_400(string json)
    {
        using HttpResponseMessage response = await _gateway.PostRawAsync(Chat, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", (await response.JsonAsync()).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_in_a_field_are_a_400()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"a"), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}]}")];

        using HttpResponseMessage response = await _gateway.PostBytesAsync(Chat, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", (await response.JsonAsync()).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Valid_content_parts_and_tool_call_turns_are_served()
    {
        string json = ChatWith("""
            [{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"https://x/a.png"}}]},
             {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"c1","content":"42"}]
            """);

        using HttpResponseMessage response = await _gateway.PostRawAsync(Chat, json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_upstream_html_page_is_a_502_with_an_openai_error_and_nothing_is_cached()
    {
        _upstream.HtmlPage = "<html><body>Bad gateway</body></html>";
        using HttpResponseMessage failed = await _gateway.PostRawAsync(Chat, OneMessage("\"hi\""));
        _upstream.HtmlPage = null;
        using HttpResponseMessage retried = await _gateway.PostRawAsync(Chat, OneMessage("\"hi\""));

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal("upstream_error", (await failed.JsonAsync()).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("MISS", retried.CacheHeader());
        Assert.Equal(2, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task An_upstream_server_error_is_a_502_and_a_rate_limit_is_passed_on()
    {
        _upstream.FailWith = 500;
        using HttpResponseMessage serverError = await _gateway.PostRawAsync(Chat, OneMessage("\"hi\""));
        _upstream.FailWith = 429;
        using HttpResponseMessage rateLimited = await _gateway.PostRawAsync(Chat, OneMessage("\"hi\""));
        _upstream.FailWith = null;

        Assert.Equal(HttpStatusCode.BadGateway, serverError.StatusCode);
        Assert.Equal("upstream_error", (await serverError.JsonAsync()).GetProperty("error").GetProperty("type").GetString());
        Assert.DoesNotContain(FakeUpstream.ApiKey, await serverError.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, rateLimited.StatusCode);
        Assert.True((await rateLimited.JsonAsync()).TryGetProperty("error", out _));
    }

    [Fact]
    public async Task An_unreachable_upstream_is_a_502_with_an_openai_error()
    {
        int closedPort = Caching.Tests.Redis.RespServer.FreePort();
        await using GatewayHost gateway = await GatewayHost.StartAsync(_upstream, new Dictionary<string, string?>
        {
            ["Gateway:UpstreamBaseUrl"] = $"http://127.0.0.1:{closedPort}/v1/",
            ["Cache:Namespace"] = "gw-unreachable",
        });

        using HttpResponseMessage response = await gateway.PostRawAsync(Chat, OneMessage("\"hi\""));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        JsonElement error = (await response.JsonAsync()).GetProperty("error");
        Assert.Equal("upstream_error", error.GetProperty("type").GetString());
        Assert.Contains("could not be reached", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bug_in_a_route_is_an_openai_500_with_a_correlation_id_and_is_counted()
    {
        using HttpResponseMessage response = await _gateway.Client.GetAsync("/test/throws");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        JsonElement error = (await response.JsonAsync()).GetProperty("error");
        string correlationId = response.Headers.GetValues("x-correlation-id").Single();
        Assert.Contains(correlationId, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.DoesNotContain("a bug in a route", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        string metrics = await _gateway.Client.GetStringAsync("/metrics");
        Assert.Matches("gateway_http_errors_total\\{[^}]*http_response_status_code=\"500\"[^}]*\\} [1-9]", metrics);
    }

    [Fact]
    public async Task Client_mistakes_are_counted_on_metrics_by_status()
    {
        (await _gateway.PostRawAsync(Chat, "{")).Dispose();

        string metrics = await _gateway.Client.GetStringAsync("/metrics");
        Assert.Matches("gateway_http_errors_total\\{[^}]*http_response_status_code=\"400\"[^}]*\\} [1-9]", metrics);
    }

    [Fact]
    public async Task Base64_and_float_embeddings_are_one_cached_entry_and_decode_to_the_same_floats()
    {
        using HttpResponseMessage asBase64 = await _gateway.PostRawAsync(Embeddings, "{\"model\":\"e\",\"input\":\"hello\",\"encoding_format\":\"base64\"}");
        using HttpResponseMessage asFloats = await _gateway.PostRawAsync(Embeddings, "{\"model\":\"e\",\"input\":\"hello\",\"encoding_format\":\"float\"}");
        using HttpResponseMessage asDefault = await _gateway.PostRawAsync(Embeddings, "{\"model\":\"e\",\"input\":\"hello\"}");

        string encoded = (await asBase64.JsonAsync()).GetProperty("data")[0].GetProperty("embedding").GetString()!;
        float[] floats = (await asFloats.JsonAsync()).GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(floats, EmbeddingEncoding.Decode(encoded));
        Assert.Equal(3, floats.Length);
        Assert.Equal(["MISS", "HIT", "HIT"], new[] { asBase64.CacheHeader(), asFloats.CacheHeader(), asDefault.CacheHeader() });
        Assert.Equal(1, _upstream.Calls("embeddings"));
        Assert.DoesNotContain("encoding_format", _upstream.LastBody("embeddings"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_invalidate_with_a_bad_content_type_gets_an_openai_415_and_a_bad_body_a_400()
    {
        using HttpResponseMessage notJson = await _gateway.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/admin/cache/invalidate")
        {
            Headers = { { "Authorization", "Bearer " + GatewayHost.AdminKey } },
            Content = new StringContent("pattern=chat:*", Encoding.UTF8, "application/x-www-form-urlencoded"),
        });
        using HttpResponseMessage noPattern = await _gateway.AdminAsync(HttpMethod.Post, "/admin/cache/invalidate", body: new { other = 1 });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal("invalid_request_error", (await notJson.JsonAsync()).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noPattern.StatusCode);
        Assert.Equal("pattern", (await noPattern.JsonAsync()).GetProperty("error").GetProperty("param").GetString());
    }
}

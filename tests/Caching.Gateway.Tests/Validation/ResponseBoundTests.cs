using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Caching.Gateway.Tests.Validation;

/// <summary>
/// No request makes the gateway hold more than <c>Gateway:MaxResponseBytes</c> of answer: an upstream answer over it is a
/// 502 read no further, and an embeddings request whose answer would be over it is refused before any call.
/// </summary>
public sealed class ResponseBoundTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayHost.StartAsync(_upstream, new Dictionary<string, string?>
        {
            ["Cache:Namespace"] = "gw-response-bound",
            ["Gateway:MaxResponseBytes"] = "64KB",
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task An_upstream_answer_over_the_bound_is_a_502_and_nothing_is_stored()
    {
        _upstream.ContentLength = 100_000;
        using HttpResponseMessage tooLarge = await _gateway.PostRawAsync("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"big\"}]}");
        _upstream.ContentLength = 10_000;
        using HttpResponseMessage fits = await _gateway.PostRawAsync("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"big\"}]}");

        Assert.Equal(HttpStatusCode.BadGateway, tooLarge.StatusCode);
        Assert.Contains("65536 bytes", (await tooLarge.JsonAsync()).GetProperty("error").GetProperty("message").GetString(), System.StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "MISS"), (fits.StatusCode, fits.CacheHeader()));
        Assert.Equal(2, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task An_embeddings_request_whose_answer_would_be_over_the_bound_is_refused_before_any_call()
    {
        // 100 inputs x 64 dimensions of floats as JSON text is about 77 KB, what the gateway reads even for a base64
        // client (it asks the provider for floats); 50 x 64 is about 38 KB.
        string Inputs(int count) => "[" + string.Join(",", System.Linq.Enumerable.Repeat("\"w\"", count)) + "]";
        using HttpResponseMessage asFloats = await _gateway.PostRawAsync("/v1/embeddings", "{\"model\":\"e\",\"input\":" + Inputs(100) + ",\"dimensions\":64}");
        using HttpResponseMessage asBase64 = await _gateway.PostRawAsync("/v1/embeddings", "{\"model\":\"e\",\"input\":" + Inputs(100) + ",\"dimensions\":64,\"encoding_format\":\"base64\"}");
        using HttpResponseMessage fits = await _gateway.PostRawAsync("/v1/embeddings", "{\"model\":\"e\",\"input\":" + Inputs(50) + ",\"dimensions\":64}");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (asFloats.StatusCode, asBase64.StatusCode));
        Assert.Equal("input", (await asFloats.JsonAsync()).GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        Assert.Equal(1, _upstream.Calls("embeddings"));
    }
}

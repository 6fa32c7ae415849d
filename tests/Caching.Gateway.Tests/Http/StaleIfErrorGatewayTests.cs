using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAI;
using OpenAI.Chat;

namespace Caching.Gateway.Tests.Http;

/// <summary>
/// A provider failure (429, 5xx, unreachable) is answered with the stale answer the gateway still holds, marked STALE with
/// its Age, through the official OpenAI SDK; a client's own mistake (another 4xx) never is; a client can refuse stale
/// answers with Cache-Control: stale-if-error.
/// </summary>
public sealed class StaleIfErrorGatewayTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private FakeUpstream _upstream = null!;
    private GatewayHost _gateway = null!;
    private ChatClient _chat = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayHost.StartAsync(
            _upstream,
            new Dictionary<string, string?> { ["Cache:Namespace"] = "gw-stale", ["Cache:Ttl"] = "10m", ["Cache:StaleIfError"] = "1d" },
            time: _time);
        var client = new OpenAIClient(
            new ApiKeyCredential("sk-client"),
            new OpenAIClientOptions { Endpoint = new Uri(_gateway.Client.BaseAddress!, "/v1"), Transport = new HttpClientPipelineTransport(new HttpClient()), RetryPolicy = new ClientRetryPolicy(0) });
        _chat = client.GetChatClient("gpt-4o");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private static readonly OpenAI.Chat.ChatMessage[] Question = [new UserChatMessage("What is the capital of France?")];

    private static string? Header(ClientResult result, string name) => result.GetRawResponse().Headers.TryGetValue(name, out string? value) ? value : null;

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task A_failing_provider_is_answered_with_the_stale_answer_marked_to_the_client(int status)
    {
        ClientResult<ChatCompletion> first = await _chat.CompleteChatAsync(Question);
        _time.Advance(TimeSpan.FromMinutes(25));
        _upstream.FailWith = status;

        ClientResult<ChatCompletion> stale = await _chat.CompleteChatAsync(Question);

        Assert.Equal(first.Value.Content[0].Text, stale.Value.Content[0].Text);
        Assert.Equal("STALE", Header(stale, "x-cache"));
        Assert.Equal("gateway; hit; fwd=stale", Header(stale, "Cache-Status"));
        Assert.Equal("1500", Header(stale, "Age"));
        Assert.Equal(1, (await _gateway.StatsAsync()).GetProperty("staleServed").GetInt64());
    }

    [Fact]
    public async Task An_unreachable_provider_is_answered_with_the_stale_answer()
    {
        ClientResult<ChatCompletion> first = await _chat.CompleteChatAsync(Question);
        _time.Advance(TimeSpan.FromMinutes(11));
        await _upstream.DisposeAsync();

        ClientResult<ChatCompletion> stale = await _chat.CompleteChatAsync(Question);

        Assert.Equal(first.Value.Content[0].Text, stale.Value.Content[0].Text);
        Assert.Equal("STALE", Header(stale, "x-cache"));
        _upstream = await FakeUpstream.StartAsync();
    }

    [Fact]
    public async Task A_stale_answer_is_never_served_while_the_provider_answers()
    {
        await _chat.CompleteChatAsync(Question);
        _time.Advance(TimeSpan.FromMinutes(11));

        ClientResult<ChatCompletion> fresh = await _chat.CompleteChatAsync(Question);

        Assert.Equal("MISS", Header(fresh, "x-cache"));
        Assert.Equal("answer 2", fresh.Value.Content[0].Text);
    }

    [Fact]
    public async Task A_client_mistake_the_provider_reports_is_passed_on_not_answered_stale()
    {
        await _chat.CompleteChatAsync(Question);
        _time.Advance(TimeSpan.FromMinutes(11));
        _upstream.FailWith = 400;

        ClientResultException error = await Assert.ThrowsAsync<ClientResultException>(() => _chat.CompleteChatAsync(Question));

        Assert.Equal(400, error.Status);
        Assert.Equal(0, (await _gateway.StatsAsync()).GetProperty("staleServed").GetInt64());
    }

    [Theory]
    [InlineData("stale-if-error=0")]
    [InlineData("stale-if-error=60")]
    public async Task A_client_refuses_a_stale_answer_older_than_its_stale_if_error(string directive)
    {
        string body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";
        (await _gateway.PostRawAsync("/v1/chat/completions", body)).Dispose();
        _time.Advance(TimeSpan.FromMinutes(20));
        _upstream.FailWith = 500;

        using HttpResponseMessage refused = await _gateway.PostRawAsync("/v1/chat/completions", body, directive);
        using HttpResponseMessage accepted = await _gateway.PostRawAsync("/v1/chat/completions", body, "stale-if-error=3600");

        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "STALE"), (accepted.StatusCode, accepted.CacheHeader()));
    }

    [Fact]
    public async Task A_stream_the_provider_refuses_is_replayed_stale_through_the_sdk()
    {
        async Task<List<string>> StreamAsync()
        {
            var parts = new List<string>();
            await foreach (StreamingChatCompletionUpdate update in _chat.CompleteChatStreamingAsync(Question))
            {
                parts.AddRange(update.ContentUpdate.Select(c => c.Text));
            }

            return parts;
        }

        List<string> first = await StreamAsync();
        _time.Advance(TimeSpan.FromMinutes(11));
        _upstream.FailWith = 503;
        List<string> stale = await StreamAsync();
        using HttpResponseMessage raw = await _gateway.PostRawAsync("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}");
        await raw.Content.ReadAsStringAsync();

        Assert.Equal(first, stale);
        Assert.Equal(("STALE", "gateway; hit; fwd=stale"), (raw.CacheHeader(), raw.CacheStatus()));
        Assert.Equal(2, (await _gateway.StatsAsync()).GetProperty("staleServed").GetInt64());
    }
}

using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using OpenAI;
using OpenAI.Chat;

namespace Caching.Gateway.Tests.Http;

/// <summary>
/// The gateway with Cache:Semantic:Enabled and the local model: a reworded last question is answered from the cache,
/// marked SEMANTIC-HIT with its similarity, through the OpenAI SDK and raw HTTP, plain and streamed; everything else in
/// the request must be equal; a client can refuse it per request; invalidation takes the vectors; metrics count it apart.
/// </summary>
public sealed class SemanticGatewayTests : IAsyncLifetime
{
    private const string Question = "How can I lose weight fast?";
    private const string Paraphrase = "How do I lose weight quickly?";
    private const string OtherSubject = "How can I gain weight fast?";

    private FakeUpstream _upstream = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayHost.StartAsync(_upstream, new Dictionary<string, string?>
        {
            ["Cache:Namespace"] = "gw-semantic",
            ["Cache:Semantic:Enabled"] = "true",
            ["Cache:Semantic:Embedder"] = "local",
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private static object Chat(string question, string system = "Be brief.", double temperature = 0, string model = "gpt-4o", string earlierAnswer = "Hello!", bool stream = false) => new
    {
        model,
        temperature,
        stream,
        messages = new object[]
        {
            new { role = "system", content = system },
            new { role = "user", content = "Hi" },
            new { role = "assistant", content = earlierAnswer },
            new { role = "user", content = question },
        },
    };

    private Task<HttpResponseMessage> AskAsync(object body, params (string Name, string Value)[] headers) =>
        _gateway.PostRawAsync("/v1/chat/completions", JsonSerializer.Serialize(body), null, headers);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.First() : null;

    private static async Task<string> AnswerOf(HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

    [Fact]
    public async Task A_reworded_question_is_answered_from_the_cache_and_marked_through_the_openai_sdk()
    {
        var client = new OpenAIClient(
            new ApiKeyCredential("sk-client"),
            new OpenAIClientOptions { Endpoint = new Uri(_gateway.Client.BaseAddress!, "/v1"), Transport = new HttpClientPipelineTransport(new HttpClient()), RetryPolicy = new ClientRetryPolicy(0) });
        ChatClient chat = client.GetChatClient("gpt-4o");
        var options = new ChatCompletionOptions { Temperature = 0 };

        ClientResult<ChatCompletion> first = await chat.CompleteChatAsync([new UserChatMessage(Question)], options);
        ClientResult<ChatCompletion> second = await chat.CompleteChatAsync([new UserChatMessage(Paraphrase)], options);

        PipelineResponse raw = second.GetRawResponse();
        Assert.Equal(first.Value.Content[0].Text, second.Value.Content[0].Text);
        Assert.Equal("SEMANTIC-HIT", raw.Headers.TryGetValue("x-cache", out string? cache) ? cache : null);
        Assert.Equal("gateway; hit; detail=semantic", raw.Headers.TryGetValue("Cache-Status", out string? status) ? status : null);
        Assert.True(raw.Headers.TryGetValue("x-cache-similarity", out string? similarity));
        Assert.InRange(double.Parse(similarity!, System.Globalization.CultureInfo.InvariantCulture), 0.85, 1.0);
        Assert.True(raw.Headers.TryGetValue("Age", out _));
        Assert.Equal(1, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task A_question_about_something_else_is_a_miss()
    {
        await AskAsync(Chat(Question));

        using HttpResponseMessage other = await AskAsync(Chat(OtherSubject));

        Assert.Equal("MISS", other.CacheHeader());
        Assert.Equal(2, _upstream.Calls("chat"));
    }

    public static TheoryData<string, object> EverythingElse => new()
    {
        { "system prompt", Chat(Paraphrase, system: "Be thorough.") },
        { "temperature", Chat(Paraphrase, temperature: 0.5) },
        { "model", Chat(Paraphrase, model: "gpt-4o-mini") },
        { "an earlier turn", Chat(Paraphrase, earlierAnswer: "Hello, how can I help?") },
    };

    [Theory]
    [MemberData(nameof(EverythingElse))]
    public async Task Anything_else_changed_is_never_a_semantic_hit(string changed, object request)
    {
        await AskAsync(Chat(Question));

        using HttpResponseMessage response = await AskAsync(request);

        Assert.True(response.CacheHeader() == "MISS", changed);
        Assert.Equal(2, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task A_client_refuses_a_semantic_hit_with_a_header_and_gets_the_providers_answer()
    {
        using HttpResponseMessage first = await AskAsync(Chat(Question));

        using HttpResponseMessage refused = await AskAsync(Chat(Paraphrase), ("x-cache-semantic", "off"));
        using HttpResponseMessage exactStillServed = await AskAsync(Chat(Question), ("x-cache-semantic", "off"));

        Assert.Equal("MISS", refused.CacheHeader());
        Assert.NotEqual(await AnswerOf(first), await AnswerOf(refused));
        Assert.Equal("HIT", exactStillServed.CacheHeader());
        Assert.Equal(2, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task No_cache_asks_the_provider_rather_than_a_reworded_answer()
    {
        await AskAsync(Chat(Question));

        using HttpResponseMessage response = await _gateway.PostRawAsync("/v1/chat/completions", JsonSerializer.Serialize(Chat(Paraphrase)), "no-cache");

        Assert.NotEqual("SEMANTIC-HIT", response.CacheHeader());
        Assert.Equal(2, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task An_unknown_semantic_header_value_is_a_400_naming_the_header()
    {
        using HttpResponseMessage response = await AskAsync(Chat(Question), ("x-cache-semantic", "maybe"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement error = (await response.JsonAsync()).GetProperty("error");
        Assert.Equal("x-cache-semantic", error.GetProperty("param").GetString());
        Assert.Equal(0, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task A_reworded_streamed_question_replays_the_recorded_stream()
    {
        using HttpResponseMessage first = await AskAsync(Chat(Question, stream: true));
        string firstEvents = await first.Content.ReadAsStringAsync();

        using HttpResponseMessage second = await AskAsync(Chat(Paraphrase, stream: true));

        Assert.Equal("SEMANTIC-HIT", second.CacheHeader());
        Assert.Equal(firstEvents, await second.Content.ReadAsStringAsync());
        Assert.NotNull(Header(second, "x-cache-similarity"));
    }

    [Fact]
    public async Task A_last_message_with_content_parts_stays_exact()
    {
        await AskAsync(Chat(Question));
        var parts = new
        {
            model = "gpt-4o",
            temperature = 0,
            messages = new object[] { new { role = "user", content = new object[] { new { type = "text", text = Paraphrase } } } },
        };

        using HttpResponseMessage response = await AskAsync(parts);

        Assert.Equal("MISS", response.CacheHeader());
    }

    [Fact]
    public async Task Invalidation_takes_the_vectors_with_the_entries()
    {
        await AskAsync(Chat(Question));

        using HttpResponseMessage invalidated = await _gateway.AdminAsync(HttpMethod.Post, "/admin/cache/invalidate", body: new { pattern = "chat:*" });
        using HttpResponseMessage after = await AskAsync(Chat(Paraphrase));

        Assert.True(invalidated.IsSuccessStatusCode);
        Assert.Equal("MISS", after.CacheHeader());
        Assert.Equal(0, (await _gateway.StatsAsync()).GetProperty("semanticHits").GetInt64());
    }

    [Fact]
    public async Task Semantic_hits_are_counted_apart_in_stats_and_metrics()
    {
        await AskAsync(Chat(Question));
        await AskAsync(Chat(Paraphrase));

        JsonElement stats = await _gateway.StatsAsync();
        string metrics = await _gateway.Client.GetStringAsync("/metrics");

        Assert.Equal((1, 0), (stats.GetProperty("semanticHits").GetInt64(), stats.GetProperty("hits").GetInt64()));
        Assert.Equal(1, stats.GetProperty("semanticEntries").GetInt64());
        Assert.Matches(new Regex("cache_semantic_hits_total\\{[^}]*\\} 1"), metrics);
        Assert.Matches(new Regex("cache_semantic_similarity_bucket"), metrics);
    }
}

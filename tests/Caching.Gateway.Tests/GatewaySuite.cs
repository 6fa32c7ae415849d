using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace Caching.Gateway.Tests;

/// <summary>End-to-end behaviour of the gateway over real HTTP on loopback; run once per cache backend.</summary>
public abstract class GatewaySuite : IAsyncLifetime
{
    private protected FakeUpstream Upstream { get; private set; } = null!;

    private protected GatewayHost Gateway { get; private set; } = null!;

    protected static object Chat(double temperature = 0.2, string content = "Hello", string? user = null) => new
    {
        model = "gpt-4o",
        messages = new object[] { new { role = "system", content = "Be brief." }, new { role = "user", content } },
        temperature,
        max_tokens = 64,
        user,
    };

    public virtual async Task InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        Gateway = await GatewayHost.StartAsync(Upstream, await BackendSettingsAsync());
    }

    public virtual async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    private protected abstract Task<IDictionary<string, string?>> BackendSettingsAsync();

    /// <summary>The suite's own cache namespace: gateways of other test classes run in the same process at the same time.</summary>
    private protected abstract string CacheNamespace { get; }

    [Fact]
    public async Task Identical_chat_requests_make_one_upstream_call_and_the_second_is_a_hit()
    {
        using HttpResponseMessage first = await Gateway.PostAsync("/v1/chat/completions", Chat());
        using HttpResponseMessage second = await Gateway.PostAsync("/v1/chat/completions", Chat());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("MISS", first.CacheHeader());
        Assert.Equal("HIT", second.CacheHeader());
        Assert.Equal(1, Upstream.Calls("chat"));
        Assert.Matches(new Regex("^chat:gpt-4o:[0-9a-f]{64}$"), second.CacheKey());
        Assert.Equal(first.CacheKey(), second.CacheKey());
        JsonElement body = await second.JsonAsync();
        Assert.Equal("answer 1", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("fp_test", body.GetProperty("system_fingerprint").GetString());
    }

    [Fact]
    public async Task Every_hit_sends_the_bytes_of_the_first_answer_as_utf8_json()
    {
        using HttpResponseMessage first = await Gateway.PostAsync("/v1/chat/completions", Chat(content: "bytes"));
        using HttpResponseMessage second = await Gateway.PostAsync("/v1/chat/completions", Chat(content: "bytes"));
        using HttpResponseMessage third = await Gateway.PostAsync("/v1/chat/completions", Chat(content: "bytes"));

        byte[] missBody = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(("HIT", "HIT"), (second.CacheHeader(), third.CacheHeader()));
        Assert.Equal(missBody, await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(missBody, await third.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/json; charset=utf-8", second.Content.Headers.ContentType?.ToString());
        Assert.Equal(missBody.Length, second.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task A_changed_temperature_misses_and_a_changed_user_hits()
    {
        (await Gateway.PostAsync("/v1/chat/completions", Chat(0.2, user: "alice"))).Dispose();
        using HttpResponseMessage otherUser = await Gateway.PostAsync("/v1/chat/completions", Chat(0.2, user: "bob"));
        using HttpResponseMessage warmer = await Gateway.PostAsync("/v1/chat/completions", Chat(0.3, user: "alice"));

        Assert.Equal("HIT", otherUser.CacheHeader());
        Assert.Equal("MISS", warmer.CacheHeader());
        Assert.Equal(2, Upstream.Calls("chat"));
    }

    [Fact]
    public async Task Embeddings_are_cached()
    {
        var request = new { model = "text-embedding-3-small", input = "the quick brown fox" };
        using HttpResponseMessage first = await Gateway.PostAsync("/v1/embeddings", request);
        using HttpResponseMessage second = await Gateway.PostAsync("/v1/embeddings", request);
        using HttpResponseMessage other = await Gateway.PostAsync("/v1/embeddings", new { model = "text-embedding-3-small", input = new[] { "the quick brown fox" } });

        Assert.Equal(["MISS", "HIT", "MISS"], [first.CacheHeader(), second.CacheHeader(), other.CacheHeader()]);
        Assert.Matches(new Regex("^embedding:text-embedding-3-small:[0-9a-f]{64}$"), second.CacheKey());
        Assert.Equal(2, Upstream.Calls("embeddings"));
    }

    [Fact]
    public async Task Images_are_cached()
    {
        var request = new { model = "dall-e-3", prompt = "a lighthouse at dawn", size = "1024x1024" };
        using HttpResponseMessage first = await Gateway.PostAsync("/v1/images/generations", request);
        using HttpResponseMessage second = await Gateway.PostAsync("/v1/images/generations", request);
        using HttpResponseMessage bigger = await Gateway.PostAsync("/v1/images/generations", new { model = "dall-e-3", prompt = "a lighthouse at dawn", size = "1792x1024" });

        Assert.Equal(["MISS", "HIT", "MISS"], [first.CacheHeader(), second.CacheHeader(), bigger.CacheHeader()]);
        Assert.Matches(new Regex("^image:dall-e-3:[0-9a-f]{64}$"), second.CacheKey());
        Assert.Equal(2, Upstream.Calls("images"));
    }

    [Fact]
    public async Task No_cache_skips_the_read_and_stores_the_fresh_answer()
    {
        (await Gateway.PostAsync("/v1/chat/completions", Chat())).Dispose();
        using HttpResponseMessage fresh = await Gateway.PostAsync("/v1/chat/completions", Chat(), "no-cache");
        using HttpResponseMessage after = await Gateway.PostAsync("/v1/chat/completions", Chat());

        Assert.Equal("BYPASS", fresh.CacheHeader());
        Assert.Equal("HIT", after.CacheHeader());
        Assert.Equal(2, Upstream.Calls("chat"));
        Assert.Equal("answer 2", (await after.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task No_store_skips_the_read_and_the_write()
    {
        using HttpResponseMessage unstored = await Gateway.PostAsync("/v1/chat/completions", Chat(), "no-store");
        using HttpResponseMessage next = await Gateway.PostAsync("/v1/chat/completions", Chat());

        Assert.Equal("BYPASS", unstored.CacheHeader());
        Assert.Equal("MISS", next.CacheHeader());
        Assert.Equal(2, Upstream.Calls("chat"));
    }

    [Fact]
    public async Task Admin_routes_refuse_a_missing_or_wrong_key_and_change_nothing()
    {
        (await Gateway.PostAsync("/v1/chat/completions", Chat())).Dispose();

        foreach (string? key in new[] { null, "wrong", GatewayHost.AdminKey + "x" })
        {
            using HttpResponseMessage stats = await Gateway.AdminAsync(HttpMethod.Get, "/admin/cache/stats", key);
            using HttpResponseMessage clear = await Gateway.AdminAsync(HttpMethod.Post, "/admin/cache/clear", key);
            using HttpResponseMessage invalidate = await Gateway.AdminAsync(HttpMethod.Post, "/admin/cache/invalidate", key, new { pattern = "*" });
            Assert.Equal(HttpStatusCode.Unauthorized, stats.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, clear.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, invalidate.StatusCode);
        }

        using HttpResponseMessage still = await Gateway.PostAsync("/v1/chat/completions", Chat());
        Assert.Equal("HIT", still.CacheHeader());
    }

    [Fact]
    public async Task Admin_routes_work_with_the_key()
    {
        using HttpResponseMessage cached = await Gateway.PostAsync("/v1/chat/completions", Chat());
        (await Gateway.PostAsync("/v1/chat/completions", Chat())).Dispose();
        (await Gateway.PostAsync("/v1/embeddings", new { model = "text-embedding-3-small", input = "x" })).Dispose();

        JsonElement stats = await Gateway.StatsAsync();
        Assert.Equal(1, stats.GetProperty("hits").GetInt64());

        using HttpResponseMessage removed = await Gateway.AdminAsync(HttpMethod.Delete, "/admin/cache/keys/" + cached.CacheKey());
        Assert.True((await removed.JsonAsync()).GetProperty("removed").GetBoolean());
        using HttpResponseMessage afterRemove = await Gateway.PostAsync("/v1/chat/completions", Chat());
        Assert.Equal("MISS", afterRemove.CacheHeader());

        using HttpResponseMessage cleared = await Gateway.AdminAsync(HttpMethod.Post, "/admin/cache/clear");
        Assert.Equal(2, (await cleared.JsonAsync()).GetProperty("removed").GetInt64());
        using HttpResponseMessage afterClear = await Gateway.PostAsync("/v1/embeddings", new { model = "text-embedding-3-small", input = "x" });
        Assert.Equal("MISS", afterClear.CacheHeader());
    }

    [Fact]
    public async Task Invalidate_by_model_pattern_removes_that_model_only()
    {
        (await Gateway.PostAsync("/v1/chat/completions", Chat())).Dispose();
        var mini = new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "Hello" } } };
        (await Gateway.PostAsync("/v1/chat/completions", mini)).Dispose();

        using HttpResponseMessage invalidated = await Gateway.AdminAsync(HttpMethod.Post, "/admin/cache/invalidate", body: new { pattern = "chat:" + CacheKeyBuilder.EscapePattern("gpt-4o") + ":*" });
        Assert.Equal(1, (await invalidated.JsonAsync()).GetProperty("removed").GetInt64());

        using HttpResponseMessage gpt4o = await Gateway.PostAsync("/v1/chat/completions", Chat());
        using HttpResponseMessage gpt4oMini = await Gateway.PostAsync("/v1/chat/completions", mini);
        Assert.Equal("MISS", gpt4o.CacheHeader());
        Assert.Equal("HIT", gpt4oMini.CacheHeader());
    }

    [Theory]
    [InlineData("{\"model\": \"gpt-4o\", \"messages\": [", "not valid JSON")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", "model")]
    [InlineData("{\"model\": \"gpt-4o\", \"messages\": []}", "message")]
    [InlineData("{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stream\": true, \"stream_options\": 5}", "stream_options")]
    [InlineData("[1, 2, 3]", "JSON")]
    public async Task Bad_requests_get_an_openai_error_and_nothing_is_cached(string json, string mention)
    {
        using HttpResponseMessage response = await Gateway.PostRawAsync("/v1/chat/completions", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement error = (await response.JsonAsync()).GetProperty("error");
        Assert.Contains(mention, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(0, Upstream.Calls("chat"));
        Assert.Equal(0, (await Gateway.StatsAsync()).GetProperty("sets").GetInt64());
    }

    // A lone surrogate escape is valid JSON but not valid Unicode: wherever it is, the answer is a 400 that names the place.
    [Theory]
    [InlineData("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"a\\ud800\"}]}", "messages[0].content")]
    [InlineData("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"\\udc00\"}]}]}", "messages[0].content[0].text")]
    [InlineData("/v1/chat/completions", "{\"model\":\"gpt-4o\\ud800\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}", "model")]
    [InlineData("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{\"a\\ud800\":1}}}}", "response_format.json_schema.schema")]
    [InlineData("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"user\":\"\\ud800\"}", "user")]
    [InlineData("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"ok\",\"\\ud800\"]}", "input[1]")]
    [InlineData("/v1/images/generations", "{\"model\":\"dall-e-3\",\"prompt\":\"\\udfff cat\"}", "prompt")]
    public async Task A_lone_surrogate_in_any_json_field_gets_a_400_naming_it(string route, string json, string param)
    {
        using HttpResponseMessage response = await Gateway.PostRawAsync(route, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement error = (await response.JsonAsync()).GetProperty("error");
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(0, (await Gateway.StatsAsync()).GetProperty("sets").GetInt64());
    }

    [Fact]
    public async Task A_valid_surrogate_pair_escape_is_served()
    {
        using HttpResponseMessage response = await Gateway.PostRawAsync(
            "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"smile \\ud83d\\ude00\"}]}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_gets_an_openai_413()
    {
        using HttpResponseMessage response = await Gateway.PostAsync("/v1/chat/completions", Chat(content: new string('x', 100_000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than", (await response.JsonAsync()).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, Upstream.Calls("chat"));
    }

    [Fact]
    public async Task An_upstream_error_is_passed_on_redacted_and_not_cached()
    {
        Upstream.FailWith = 429;
        using HttpResponseMessage failed = await Gateway.PostAsync("/v1/chat/completions", Chat());
        Upstream.FailWith = null;
        using HttpResponseMessage retried = await Gateway.PostAsync("/v1/chat/completions", Chat());

        Assert.Equal(HttpStatusCode.TooManyRequests, failed.StatusCode);
        Assert.DoesNotContain(FakeUpstream.ApiKey, await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("MISS", retried.CacheHeader());
        Assert.Equal(2, Upstream.Calls("chat"));
    }

    [Fact]
    public async Task Metrics_are_exposed_in_prometheus_text_format()
    {
        (await Gateway.PostAsync("/v1/chat/completions", Chat())).Dispose();
        (await Gateway.PostAsync("/v1/chat/completions", Chat())).Dispose();

        string metrics = await Gateway.Client.GetStringAsync("/metrics");

        // Every manager in the process publishes on the meter "Caching", so the series is picked by this suite's namespace.
        Assert.Matches(new Regex("cache_hits_total\\{[^}]*cache_namespace=\"" + CacheNamespace + "\"[^}]*\\} 1"), metrics);
        Assert.Matches(new Regex("cache_misses_total\\{[^}]*cache_namespace=\"" + CacheNamespace + "\"[^}]*\\} 1"), metrics);
        Assert.DoesNotContain(FakeUpstream.ApiKey, metrics, StringComparison.Ordinal);
    }

    private static string StreamingChat(string content = "Stream this", bool includeUsage = false) =>
        "{\"model\":\"gpt-4o\",\"stream\":true," + (includeUsage ? "\"stream_options\":{\"include_usage\":true}," : string.Empty)
        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";

    /// <summary>The data payloads of a server-sent event stream, in order.</summary>
    private static async Task<List<string>> EventsAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        string body = await response.Content.ReadAsStringAsync();
        return [.. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.StartsWith("data: ", StringComparison.Ordinal) ? e["data: ".Length..] : "?" + e)];
    }

    [Fact]
    public async Task A_stream_twice_is_a_miss_then_a_hit_with_identical_events()
    {
        using HttpResponseMessage first = await Gateway.PostRawAsync("/v1/chat/completions", StreamingChat());
        using HttpResponseMessage second = await Gateway.PostRawAsync("/v1/chat/completions", StreamingChat());

        List<string> firstEvents = await EventsAsync(first);
        List<string> secondEvents = await EventsAsync(second);
        Assert.Equal("MISS", first.CacheHeader());
        Assert.Equal("HIT", second.CacheHeader());
        Assert.Equal(first.CacheKey(), second.CacheKey());
        Assert.Equal(firstEvents, secondEvents);
        Assert.Equal(FakeUpstream.StreamedPieces.Length + 3, firstEvents.Count); // role, pieces, finish, [DONE]
        Assert.Equal("[DONE]", firstEvents[^1]);
        Assert.All(firstEvents.SkipLast(1), e => Assert.Equal("chat.completion.chunk", JsonDocument.Parse(e).RootElement.GetProperty("object").GetString()));
        Assert.Equal(1, Upstream.Calls("chat"));
    }

    [Fact]
    public async Task The_usage_chunk_is_sent_only_to_a_client_that_asks_and_both_are_one_cached_stream()
    {
        using HttpResponseMessage without = await Gateway.PostRawAsync("/v1/chat/completions", StreamingChat("usage please"));
        using HttpResponseMessage with = await Gateway.PostRawAsync("/v1/chat/completions", StreamingChat("usage please", includeUsage: true));

        List<string> withoutEvents = await EventsAsync(without);
        List<string> withEvents = await EventsAsync(with);
        Assert.Equal("HIT", with.CacheHeader());
        Assert.Equal(withoutEvents.Count + 1, withEvents.Count);
        JsonElement usage = JsonDocument.Parse(withEvents[^2]).RootElement;
        Assert.Equal(0, usage.GetProperty("choices").GetArrayLength());
        Assert.Equal(15, usage.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.DoesNotContain(withoutEvents, e => e.Contains("\"usage\"", StringComparison.Ordinal));
        Assert.Contains("include_usage", Upstream.LastBody("chat"), StringComparison.Ordinal);
        Assert.Equal(1, Upstream.Calls("chat"));
    }

    [Fact]
    public async Task Streamed_and_whole_answers_are_cached_apart()
    {
        using HttpResponseMessage whole = await Gateway.PostAsync("/v1/chat/completions", Chat(content: "Stream this"));
        using HttpResponseMessage streamed = await Gateway.PostRawAsync("/v1/chat/completions", StreamingChat().Replace("\"role\":\"user\"", "\"role\":\"user\"", StringComparison.Ordinal));

        Assert.Equal("MISS", streamed.CacheHeader());
        Assert.NotEqual(whole.CacheKey(), streamed.CacheKey());
    }

    [Theory]
    [InlineData("no-cache")]
    [InlineData("no-store")]
    public async Task Cache_control_applies_to_streams(string directive)
    {
        (await Gateway.PostRawAsync("/v1/chat/completions", StreamingChat("controlled"))).Dispose();
        using HttpResponseMessage bypassed = await Gateway.PostRawAsync("/v1/chat/completions", StreamingChat("controlled"), directive);
        await EventsAsync(bypassed);

        Assert.Equal("BYPASS", bypassed.CacheHeader());
        Assert.Equal(2, Upstream.Calls("chat"));
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_cancels_the_upstream_and_nothing_is_stored()
    {
        Upstream.StreamDelay = TimeSpan.FromMilliseconds(200);

        // A client of its own that closes its connection when it stops reading (the shared one would drain the rest to reuse it).
        using var leaving = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = Gateway.Client.BaseAddress };
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(StreamingChat("going away"), System.Text.Encoding.UTF8, "application/json") })
        using (HttpResponseMessage response = await leaving.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new System.IO.StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.StartsWith("data: ", await reader.ReadLineAsync(), StringComparison.Ordinal);
        }

        await Upstream.StreamAborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Upstream.StreamDelay = TimeSpan.Zero;
        using HttpResponseMessage again = await Gateway.PostRawAsync("/v1/chat/completions", StreamingChat("going away"));
        await EventsAsync(again);

        Assert.Equal("MISS", again.CacheHeader());
        Assert.Equal(2, Upstream.Calls("chat"));
    }

    [Fact]
    public async Task An_upstream_refusing_a_stream_is_an_openai_error_before_any_event()
    {
        Upstream.FailWith = 429;
        using HttpResponseMessage refused = await Gateway.PostRawAsync("/v1/chat/completions", StreamingChat("refused"));
        Upstream.FailWith = null;

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True((await refused.JsonAsync()).TryGetProperty("error", out _));
    }
}

public sealed class MemoryGatewayTests : GatewaySuite
{
    private protected override string CacheNamespace => "gw-memory";

    private protected override Task<IDictionary<string, string?>> BackendSettingsAsync() =>
        Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?> { ["Cache:Backend"] = "memory", ["Cache:Namespace"] = CacheNamespace });
}

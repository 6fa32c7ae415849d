using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Caching.Gateway.Tests.Validation;

/// <summary>Strict is not stricter than OpenAI: every field, part, role and tool shape OpenAI takes is served.</summary>
public sealed class ValidRequestTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Cache:Namespace"] = "gw-valid-requests" });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private const string User = "{\"role\":\"user\",\"content\":\"hi\"}";
    private const string Tool = "{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"description\":\"d\",\"parameters\":{\"type\":\"object\"},\"strict\":true}}";

    private static string ChatWith(string fields) => "{\"model\":\"gpt-4o\",\"messages\":[" + User + "]" + fields + "}";

    public static TheoryData<string, string> Requests => new()
    {
        { "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"developer\",\"content\":\"be brief\",\"name\":\"ops\"},{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"s\"}]}," + User + "]}" },
        { "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"name\":\"ann\",\"content\":[{\"type\":\"text\",\"text\":\"look\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/a.png\",\"detail\":\"high\"}},{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}},{\"type\":\"file\",\"file\":{\"file_id\":\"file-1\"}},{\"type\":\"file\",\"file\":{\"file_data\":\"data:application/pdf;base64,AA\",\"filename\":\"a.pdf\"}}]}]}" },
        { "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[" + User + ",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},{\"id\":\"c2\",\"type\":\"custom\",\"custom\":{\"name\":\"g\",\"input\":\"x\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"42\"},{\"role\":\"tool\",\"tool_call_id\":\"c2\",\"content\":[{\"type\":\"text\",\"text\":\"43\"}]}]}" },
        { "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[" + User + ",{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"refusal\",\"refusal\":\"no\"}],\"name\":\"bot\"},{\"role\":\"assistant\",\"refusal\":\"no\"},{\"role\":\"assistant\",\"audio\":{\"id\":\"audio_1\"}}," + User + "]}" },
        { "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[" + User + ",{\"role\":\"assistant\",\"function_call\":{\"name\":\"f\",\"arguments\":\"{}\"}},{\"role\":\"function\",\"name\":\"f\",\"content\":\"42\"}],\"functions\":[{\"name\":\"f\",\"parameters\":{}}],\"function_call\":{\"name\":\"f\"}}" },
        { "/v1/chat/completions", ChatWith(",\"temperature\":0,\"top_p\":1,\"n\":2,\"max_tokens\":5,\"max_completion_tokens\":5,\"presence_penalty\":-2,\"frequency_penalty\":2,\"seed\":42") },
        { "/v1/chat/completions", ChatWith(",\"stop\":\"END\"") },
        { "/v1/chat/completions", ChatWith(",\"stop\":[\"a\",\"b\",\"c\",\"d\"]") },
        { "/v1/chat/completions", ChatWith(",\"stop\":null") },
        { "/v1/chat/completions", ChatWith(",\"logit_bias\":{\"50256\":-100,\"1\":100},\"logprobs\":true,\"top_logprobs\":20") },
        { "/v1/chat/completions", ChatWith(",\"tools\":[" + Tool + ",{\"type\":\"custom\",\"custom\":{\"name\":\"grammar\",\"description\":\"d\",\"format\":{\"type\":\"text\"}}}],\"tool_choice\":\"required\",\"parallel_tool_calls\":false") },
        { "/v1/chat/completions", ChatWith(",\"tools\":[" + Tool + "],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}") },
        { "/v1/chat/completions", ChatWith(",\"tools\":[" + Tool + "],\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"auto\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}]}}") },
        { "/v1/chat/completions", ChatWith(",\"tools\":[" + Tool + "],\"tool_choice\":\"none\"") },
        { "/v1/chat/completions", ChatWith(",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer_1\",\"description\":\"d\",\"schema\":{\"type\":\"object\"},\"strict\":true}}") },
        { "/v1/chat/completions", ChatWith(",\"response_format\":{\"type\":\"json_object\"}") },
        { "/v1/chat/completions", ChatWith(",\"response_format\":{\"type\":\"text\"}") },
        { "/v1/chat/completions", ChatWith(",\"modalities\":[\"text\",\"audio\"],\"audio\":{\"voice\":\"alloy\",\"format\":\"mp3\"}") },
        { "/v1/chat/completions", ChatWith(",\"prediction\":{\"type\":\"content\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}") },
        { "/v1/chat/completions", ChatWith(",\"reasoning_effort\":\"low\",\"verbosity\":\"high\",\"service_tier\":\"flex\",\"web_search_options\":{\"search_context_size\":\"low\"}") },
        { "/v1/chat/completions", ChatWith(",\"user\":\"u-1\",\"safety_identifier\":\"s-1\",\"prompt_cache_key\":\"k\",\"metadata\":{\"team\":\"a\"},\"store\":false") },
        { "/v1/chat/completions", ChatWith(",\"stream\":false") },
        { "/v1/embeddings", "{\"model\":\"e\",\"input\":\"hi\",\"dimensions\":3072,\"encoding_format\":\"float\",\"user\":\"u\"}" },
        { "/v1/embeddings", "{\"model\":\"e\",\"input\":[\"a\",\"b\"]}" },
        { "/v1/embeddings", "{\"model\":\"e\",\"input\":[1,2,3]}" },
        { "/v1/embeddings", "{\"model\":\"e\",\"input\":[[1,2],[3]]}" },
        { "/v1/images/generations", "{\"model\":\"gpt-image-1\",\"prompt\":\"p\",\"n\":10,\"size\":\"1536x1024\",\"quality\":\"high\",\"background\":\"transparent\",\"moderation\":\"low\",\"output_compression\":80,\"output_format\":\"webp\",\"user\":\"u\"}" },
        { "/v1/images/generations", "{\"model\":\"dall-e-3\",\"prompt\":\"p\",\"size\":\"1792x1024\",\"quality\":\"hd\",\"style\":\"natural\",\"response_format\":\"b64_json\"}" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_request_openai_takes_is_served(string route, string json)
    {
        using HttpResponseMessage response = await _gateway.PostRawAsync(route, json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Fields_the_contract_models_reach_the_upstream_as_sent()
    {
        using HttpResponseMessage response = await _gateway.PostRawAsync("/v1/chat/completions", ChatWith(",\"reasoning_effort\":\"low\",\"logprobs\":true,\"top_logprobs\":2,\"metadata\":{\"team\":\"a\"}"));

        string sent = _upstream.LastBody("chat")!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(new[] { "\"reasoning_effort\":\"low\"", "\"logprobs\":true", "\"top_logprobs\":2", "\"metadata\":{\"team\":\"a\"}" }, field => Assert.Contains(field, sent, System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_unknown_fields_allowed_they_reach_the_upstream_and_the_key()
    {
        await using GatewayHost open = await GatewayHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Cache:Namespace"] = "gw-unknown-fields", ["Gateway:AllowUnknownFields"] = "true" });

        using HttpResponseMessage first = await open.PostRawAsync("/v1/chat/completions", ChatWith(",\"top_k\":5"));
        using HttpResponseMessage other = await open.PostRawAsync("/v1/chat/completions", ChatWith(",\"top_k\":6"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, other.StatusCode));
        Assert.Contains("\"top_k\":6", _upstream.LastBody("chat"), System.StringComparison.Ordinal);
        Assert.Equal("MISS", other.CacheHeader());
        Assert.NotEqual(first.CacheKey(), other.CacheKey());
    }
}

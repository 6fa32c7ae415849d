using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using ChatMessage = OpenAI.Chat.ChatMessage;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace Caching.Gateway.Tests;

/// <summary>The gateway driven by the official OpenAI .NET SDK, as users' code drives it.</summary>
public sealed class OpenAiSdkTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private GatewayHost _gateway = null!;
    private OpenAIClient _client = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Cache:Namespace"] = "gw-sdk" });
        _client = new OpenAIClient(
            new ApiKeyCredential("sk-client-key-the-gateway-ignores"),
            new OpenAIClientOptions { Endpoint = new Uri(_gateway.Client.BaseAddress!, "/v1"), Transport = new HttpClientPipelineTransport(new HttpClient()) });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_chat_completion_through_the_sdk_misses_then_hits()
    {
        ChatClient chat = _client.GetChatClient("gpt-4o");
        ChatMessage[] messages = [new SystemChatMessage("Be brief."), new UserChatMessage("Hello from the SDK")];
        var options = new ChatCompletionOptions { Temperature = 0.2f, MaxOutputTokenCount = 64 };

        ClientResult<ChatCompletion> first = await chat.CompleteChatAsync(messages, options);
        ClientResult<ChatCompletion> second = await chat.CompleteChatAsync(messages, options);

        Assert.Equal("MISS", first.GetRawResponse().Headers.TryGetValue("x-cache", out string? a) ? a : null);
        Assert.Equal("HIT", second.GetRawResponse().Headers.TryGetValue("x-cache", out string? b) ? b : null);
        Assert.Equal(first.Value.Content[0].Text, second.Value.Content[0].Text);
        Assert.Equal(1, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task Sdk_embeddings_asked_as_base64_decode_to_the_floats_a_float_request_gets()
    {
        EmbeddingClient embeddings = _client.GetEmbeddingClient("text-embedding-3-small");

        // The SDK asks for base64 and decodes it itself.
        ClientResult<OpenAIEmbedding> fromSdk = await embeddings.GenerateEmbeddingAsync("hello embeddings");
        using HttpResponseMessage asFloats = await _gateway.PostRawAsync("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"hello embeddings\",\"encoding_format\":\"float\"}");
        float[] floats = (await asFloats.JsonAsync()).GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();

        JsonElement sdkBody = JsonDocument.Parse(fromSdk.GetRawResponse().Content.ToString()).RootElement;
        Assert.Equal(JsonValueKind.String, sdkBody.GetProperty("data")[0].GetProperty("embedding").ValueKind);
        Assert.Equal(floats, fromSdk.Value.ToFloats().ToArray());
        Assert.Equal("HIT", asFloats.CacheHeader());
        Assert.Equal(1, _upstream.Calls("embeddings"));
    }

    [Fact]
    public async Task A_streamed_chat_through_the_sdk_misses_then_hits_with_the_same_updates()
    {
        ChatClient chat = _client.GetChatClient("gpt-4o");
        ChatMessage[] messages = [new UserChatMessage("Stream through the SDK")];

        async Task<List<string>> StreamAsync()
        {
            var parts = new List<string>();
            await foreach (StreamingChatCompletionUpdate update in chat.CompleteChatStreamingAsync(messages))
            {
                parts.AddRange(update.ContentUpdate.Select(c => c.Text));
            }

            return parts;
        }

        List<string> first = await StreamAsync();
        List<string> second = await StreamAsync();

        Assert.Equal(first, second);
        Assert.Equal(FakeUpstream.StreamedPieces.Select(p => p + "1"), first.Where(p => p.Length > 0));
        Assert.Equal(1, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task Microsoft_extensions_ai_streaming_over_the_openai_adapter_misses_then_hits()
    {
        IChatClient client = _client.GetChatClient("gpt-4o").AsIChatClient();
        List<Microsoft.Extensions.AI.ChatMessage> messages = [new(ChatRole.User, "Stream through Microsoft.Extensions.AI")];

        async Task<string> StreamAsync()
        {
            var text = new System.Text.StringBuilder();
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(messages))
            {
                text.Append(update.Text);
            }

            return text.ToString();
        }

        string first = await StreamAsync();
        string second = await StreamAsync();

        Assert.Equal("answer 1in 1pieces1", first);
        Assert.Equal(first, second);
        Assert.Equal(1, _upstream.Calls("chat"));
    }

    [Fact]
    public async Task A_client_mistake_through_the_sdk_is_a_400_the_sdk_reports()
    {
        ChatClient chat = _client.GetChatClient("gpt-4o");

        ClientResultException error = await Assert.ThrowsAsync<ClientResultException>(() =>
            chat.CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { Temperature = 7f }));

        Assert.Equal(400, error.Status);
        Assert.Contains("temperature", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _upstream.Calls("chat"));
    }
}

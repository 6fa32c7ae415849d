using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Contracts;
using Gateway.Hosting;

namespace Gateway.Providers;

/// <summary>Forwards to an OpenAI-compatible API (base URL and key from configuration).</summary>
public sealed class OpenAiCompatibleProvider(HttpClient http, GatewayOptions options) : ILlmProvider
{
    private static readonly JsonElement IncludeUsage = JsonDocument.Parse("""{"include_usage":true}""").RootElement.Clone();

    public Task<ChatCompletionResponse> CompleteAsync(ChatCompletionRequest request, string? scope = null, CancellationToken cancellationToken = default) =>
        PostAsync<ChatCompletionRequest, ChatCompletionResponse>("chat/completions", request, cancellationToken);

    /// <summary>Streams from the upstream's server-sent events, always asking for the usage chunk (it is cached with the stream).</summary>
    public async IAsyncEnumerable<ChatCompletionChunk> CompleteStreamingAsync(ChatCompletionRequest request, string? scope = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatCompletionRequest streamed = request with { Stream = true, StreamOptions = IncludeUsage.Clone() };
        using HttpResponseMessage response = await SendAsync("chat/completions", streamed, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue; // blank separators, comments, event names
            }

            string data = line["data:".Length..].Trim();
            if (data == "[DONE]")
            {
                yield break;
            }

            ChatCompletionChunk? chunk;
            try
            {
                chunk = JsonSerializer.Deserialize(data, GatewayJson.Info<ChatCompletionChunk>());
            }
            catch (JsonException)
            {
                throw UpstreamException.BadGateway("The upstream provider streamed an event that is not a chat.completion.chunk.");
            }

            if (chunk is not null)
            {
                yield return chunk;
            }
        }

        throw UpstreamException.BadGateway("The upstream provider ended the stream without [DONE].");
    }

    public Task<ChatCompletionResponse> CompleteQuestionAsync(ChatCompletionRequest conversation, string question, string? scope = null, CancellationToken cancellationToken = default) =>
        CompleteAsync(SemanticQuestion.Reassemble(conversation, question), scope, cancellationToken);

    public IAsyncEnumerable<ChatCompletionChunk> CompleteQuestionStreamingAsync(ChatCompletionRequest conversation, string question, string? scope = null, CancellationToken cancellationToken = default) =>
        CompleteStreamingAsync(SemanticQuestion.Reassemble(conversation, question), scope, cancellationToken);

    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, string? scope = null, CancellationToken cancellationToken = default) =>
        PostAsync<EmbeddingRequest, EmbeddingResponse>("embeddings", request, cancellationToken);

    public Task<ImageResponse> GenerateImageAsync(ImageRequest request, string? scope = null, CancellationToken cancellationToken = default) =>
        PostAsync<ImageRequest, ImageResponse>("images/generations", request, cancellationToken);

    private async Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest request, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(path, request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await BufferAsync(response, options.MaxResponseBytes, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync(GatewayJson.Info<TResponse>(), cancellationToken)
                ?? throw UpstreamException.BadGateway("The upstream provider answered with an empty body.");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw UpstreamException.BadGateway("The upstream provider answered with a body that is not the expected JSON.");
        }
    }

    /// <summary>
    /// Reads the answer into memory, at most <paramref name="maxBytes"/> of it: an upstream cannot make one request hold
    /// more than <c>Gateway:MaxResponseBytes</c>.
    /// </summary>
    private static async Task BufferAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw UpstreamException.BadGateway($"The upstream provider's answer is larger than {maxBytes} bytes (Gateway:MaxResponseBytes).");
        }

        try
        {
            await response.Content.LoadIntoBufferAsync(maxBytes, cancellationToken);
        }
        catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
        {
            throw UpstreamException.BadGateway($"The upstream provider's answer could not be read within {maxBytes} bytes (Gateway:MaxResponseBytes).");
        }
    }

    /// <summary>Sends a request and returns a successful response; anything else is an <see cref="UpstreamException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync<TRequest>(string path, TRequest request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(options.UpstreamBaseUrl, path))
        {
            Content = JsonContent.Create(request, GatewayJson.Info<TRequest>()),
        };
        if (!string.IsNullOrEmpty(options.UpstreamApiKey))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.UpstreamApiKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, completion, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw UpstreamException.BadGateway($"The upstream provider could not be reached: {options.Redact(ex.Message)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw UpstreamException.BadGateway("The upstream provider did not answer in time.");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            string body;
            try
            {
                await response.Content.LoadIntoBufferAsync(MaxErrorBodyBytes, cancellationToken);
                body = options.Redact(await response.Content.ReadAsStringAsync(cancellationToken));
            }
            catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
            {
                body = string.Empty;
            }

            throw UpstreamException.FromUpstream((int)response.StatusCode, body);
        }
    }

    /// <summary>The most of an upstream error body the gateway reads (it is passed on, or quoted).</summary>
    private const int MaxErrorBodyBytes = 64 * 1024;
}

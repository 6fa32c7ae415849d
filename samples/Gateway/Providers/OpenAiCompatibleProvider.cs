using System;
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
    public Task<ChatCompletionResponse> CompleteAsync(ChatCompletionRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<ChatCompletionRequest, ChatCompletionResponse>("chat/completions", request, cancellationToken);

    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<EmbeddingRequest, EmbeddingResponse>("embeddings", request, cancellationToken);

    public Task<ImageResponse> GenerateImageAsync(ImageRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<ImageRequest, ImageResponse>("images/generations", request, cancellationToken);

    private async Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(options.UpstreamBaseUrl, path))
        {
            Content = JsonContent.Create(request, options: GatewayJson.Options),
        };
        if (!string.IsNullOrEmpty(options.UpstreamApiKey))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.UpstreamApiKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw UpstreamException.BadGateway($"The upstream provider could not be reached: {options.Redact(ex.Message)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw UpstreamException.BadGateway("The upstream provider did not answer in time.");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                string body = options.Redact(await response.Content.ReadAsStringAsync(cancellationToken));
                throw UpstreamException.FromUpstream((int)response.StatusCode, body);
            }

            try
            {
                return await response.Content.ReadFromJsonAsync<TResponse>(GatewayJson.Options, cancellationToken)
                    ?? throw UpstreamException.BadGateway("The upstream provider answered with an empty body.");
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                throw UpstreamException.BadGateway("The upstream provider answered with a body that is not the expected JSON.");
            }
        }
    }
}

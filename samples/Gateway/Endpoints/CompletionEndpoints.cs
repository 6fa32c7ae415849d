using System;
using System.Threading;
using System.Threading.Tasks;
using Caching;
using Gateway.Contracts;
using Gateway.Hosting;
using Gateway.Providers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Endpoints;

/// <summary>The OpenAI-compatible routes. They call the provider interface; the cached decorator behind it does the caching.</summary>
internal static class CompletionEndpoints
{
    public static IEndpointRouteBuilder MapCompletionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/chat/completions", (HttpContext http, ILlmProvider provider, GatewayOptions options) =>
            HandleAsync<ChatCompletionRequest>(http, options, RequestValidation.Validate, request => request.Stream == true
                ? ChatStreaming.StreamAsync(http, provider, request)
                : RespondAsync(http, request, provider.CompleteAsync, static (_, response) => response)));
        routes.MapPost("/v1/embeddings", (HttpContext http, ILlmProvider provider, GatewayOptions options) =>
            HandleAsync<EmbeddingRequest>(http, options, RequestValidation.Validate, request => RespondAsync(
                http,
                request,
                // One representation is cached (floats, asked of the provider whatever the client wants); it is encoded on the way out.
                (r, cancellationToken) => provider.EmbedAsync(r with { EncodingFormat = null }, cancellationToken),
                static (r, response) => r.EncodingFormat == "base64" ? EmbeddingEncoding.ToBase64(response) : response)));
        routes.MapPost("/v1/images/generations", (HttpContext http, ILlmProvider provider, GatewayOptions options) =>
            HandleAsync<ImageRequest>(http, options, RequestValidation.Validate, request =>
                RespondAsync(http, request, provider.GenerateImageAsync, static (_, response) => response)));
        return routes;
    }

    /// <summary>Reads and validates a request, then answers it; a client mistake never reaches the provider.</summary>
    private static async Task<IResult> HandleAsync<TRequest>(HttpContext http, GatewayOptions options, Func<TRequest, IResult?> validate, Func<TRequest, Task<IResult>> respond)
        where TRequest : class
    {
        (TRequest? request, IResult? error) = await RequestReader.ReadAsync<TRequest>(http, options);
        if (request is null)
        {
            return error!;
        }

        return validate(request) ?? await respond(request);
    }

    /// <summary>One provider call through the cache, answered as JSON with the x-cache headers.</summary>
    private static async Task<IResult> RespondAsync<TRequest, TResponse>(
        HttpContext http,
        TRequest request,
        Func<TRequest, CancellationToken, Task<TResponse>> call,
        Func<TRequest, TResponse, object?> shape)
    {
        using CacheCallContext cache = CacheCallContext.Begin(CacheHeaders.ModeOf(http.Request));
        try
        {
            TResponse response = await call(request, http.RequestAborted);
            CacheHeaders.Write(http.Response, cache);
            object? shaped = shape(request, response);

            // A hit returns the cached instance itself: its bytes were serialized once, on its first hit.
            return cache.Outcome == CacheOutcome.Hit && shaped is not null && ReferenceEquals(shaped, response)
                ? ResponseBytes.ResultOf(shaped)
                : Results.Json(shaped, GatewayJson.Options.GetTypeInfo(shaped?.GetType() ?? typeof(object)));
        }
        catch (UpstreamException ex)
        {
            return Results.Text(ex.Body, "application/json", statusCode: ex.StatusCode);
        }
    }
}

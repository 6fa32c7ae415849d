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
            HandleAsync<ChatCompletionRequest, ChatCompletionResponse>(http, options, RequestValidation.Validate, provider.CompleteAsync, static (_, response) => response));
        routes.MapPost("/v1/embeddings", (HttpContext http, ILlmProvider provider, GatewayOptions options) =>
            HandleAsync<EmbeddingRequest, EmbeddingResponse>(
                http,
                options,
                RequestValidation.Validate,
                // One representation is cached (floats, asked of the provider whatever the client wants); it is encoded on the way out.
                (request, cancellationToken) => provider.EmbedAsync(request with { EncodingFormat = null }, cancellationToken),
                static (request, response) => request.EncodingFormat == "base64" ? EmbeddingEncoding.ToBase64(response) : response));
        routes.MapPost("/v1/images/generations", (HttpContext http, ILlmProvider provider, GatewayOptions options) =>
            HandleAsync<ImageRequest, ImageResponse>(http, options, RequestValidation.Validate, provider.GenerateImageAsync, static (_, response) => response));
        return routes;
    }

    private static async Task<IResult> HandleAsync<TRequest, TResponse>(
        HttpContext http,
        GatewayOptions options,
        Func<TRequest, IResult?> validate,
        Func<TRequest, CancellationToken, Task<TResponse>> call,
        Func<TRequest, TResponse, object?> shape)
        where TRequest : class
    {
        (TRequest? request, IResult? error) = await RequestReader.ReadAsync<TRequest>(http, options);
        if (request is null)
        {
            return error!;
        }

        if (validate(request) is { } invalid)
        {
            return invalid;
        }

        using CacheCallContext cache = CacheCallContext.Begin(CacheHeaders.ModeOf(http.Request));
        try
        {
            TResponse response = await call(request, http.RequestAborted);
            CacheHeaders.Write(http.Response, cache);
            return Results.Json(shape(request, response), GatewayJson.Options);
        }
        catch (UpstreamException ex)
        {
            return Results.Text(ex.Body, "application/json", statusCode: ex.StatusCode);
        }
    }
}

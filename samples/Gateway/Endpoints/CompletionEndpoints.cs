using System;
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
            HandleAsync<ChatCompletionRequest, ChatCompletionResponse>(http, options, Validate, provider.CompleteAsync));
        routes.MapPost("/v1/embeddings", (HttpContext http, ILlmProvider provider, GatewayOptions options) =>
            HandleAsync<EmbeddingRequest, EmbeddingResponse>(http, options, Validate, provider.EmbedAsync));
        routes.MapPost("/v1/images/generations", (HttpContext http, ILlmProvider provider, GatewayOptions options) =>
            HandleAsync<ImageRequest, ImageResponse>(http, options, Validate, provider.GenerateImageAsync));
        return routes;
    }

    private static async Task<IResult> HandleAsync<TRequest, TResponse>(
        HttpContext http,
        GatewayOptions options,
        Func<TRequest, IResult?> validate,
        Func<TRequest, System.Threading.CancellationToken, Task<TResponse>> call)
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
            return Results.Json(response, GatewayJson.Options);
        }
        catch (UpstreamException ex)
        {
            return Results.Text(ex.Body, "application/json", statusCode: ex.StatusCode);
        }
    }

    private static IResult? Validate(ChatCompletionRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return RequestReader.BadRequest("You must provide a model parameter.", "model");
        }

        if (request.Messages is not { Count: > 0 })
        {
            return RequestReader.BadRequest("You must provide at least one message.", "messages");
        }

        return request.Stream == true ? RequestReader.BadRequest("Streaming is not supported by this gateway.", "stream") : null;
    }

    private static IResult? Validate(EmbeddingRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return RequestReader.BadRequest("You must provide a model parameter.", "model");
        }

        return request.Input is null ? RequestReader.BadRequest("You must provide an input.", "input") : null;
    }

    private static IResult? Validate(ImageRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return RequestReader.BadRequest("You must provide a model parameter.", "model");
        }

        return string.IsNullOrWhiteSpace(request.Prompt) ? RequestReader.BadRequest("You must provide a prompt.", "prompt") : null;
    }
}

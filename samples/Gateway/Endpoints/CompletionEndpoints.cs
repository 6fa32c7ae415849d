using System;
using System.Threading;
using System.Threading.Tasks;
using Caching;
using Gateway.Contracts;
using Gateway.Hosting;
using Gateway.Providers;
using Gateway.Savings;
using Gateway.Tenants;
using Gateway.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Endpoints;

/// <summary>The OpenAI-compatible routes. They call the provider interface; the cached decorator behind it does the caching.</summary>
internal static class CompletionEndpoints
{
    public static IEndpointRouteBuilder MapCompletionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/chat/completions", (HttpContext http, ILlmProvider provider, GatewayOptions options, SemanticRouting semantic, SavingsCounters savings) =>
            HandleAsync<ChatCompletionRequest>(
                http,
                options,
                request => ChatRequestRules.Check(request, options.AllowUnknownFields) ?? CachePolicy.CheckHeaders(http.Request),
                request =>
                {
                    CachePolicy policy = CachePolicy.ForChat(http.Request, request, options);
                    if (semantic.Enabled && SemanticQuestion.TrySplit(request, out ChatCompletionRequest? conversation, out string? question))
                    {
                        // The last user message goes apart, so that the cache can compare it by meaning within the rest.
                        return request.Stream == true
                            ? ChatStreaming.StreamAsync(http, request, policy, savings, ct => provider.CompleteQuestionStreamingAsync(conversation, question, policy.Scope, ct))
                            : RespondAsync(http, savings, request.Model, request, policy, (_, ct) => provider.CompleteQuestionAsync(conversation, question, policy.Scope, ct), static (_, response) => response);
                    }

                    return request.Stream == true
                        ? ChatStreaming.StreamAsync(http, request, policy, savings, ct => provider.CompleteStreamingAsync(request, policy.Scope, ct))
                        : RespondAsync(http, savings, request.Model, request, policy, (r, ct) => provider.CompleteAsync(r, policy.Scope, ct), static (_, response) => response);
                }));
        routes.MapPost("/v1/embeddings", (HttpContext http, ILlmProvider provider, GatewayOptions options, SavingsCounters savings) =>
            HandleAsync<EmbeddingRequest>(
                http,
                options,
                request => EmbeddingRequestRules.Check(request, options.AllowUnknownFields, options.Upstream == "local" ? LocalProvider.DefaultDimensions : null, options.MaxResponseBytes),
                request =>
                {
                    CachePolicy policy = CachePolicy.For(http.Request, request.User, options);

                    // One representation is cached (floats, asked of the provider whatever the client wants); it is encoded on the way out.
                    return RespondAsync(
                        http,
                        savings,
                        request.Model,
                        request,
                        policy,
                        (r, ct) => provider.EmbedAsync(r with { EncodingFormat = null }, policy.Scope, ct),
                        static (r, response) => r.EncodingFormat == "base64" ? EmbeddingEncoding.ToBase64(response) : response);
                }));
        routes.MapPost("/v1/images/generations", (HttpContext http, ILlmProvider provider, GatewayOptions options, SavingsCounters savings) =>
            HandleAsync<ImageRequest>(
                http,
                options,
                request => ImageRequestRules.Check(request, options.AllowUnknownFields),
                request =>
                {
                    CachePolicy policy = CachePolicy.For(http.Request, request.User, options);
                    return RespondAsync(http, savings, request.Model, request, policy, (r, ct) => provider.GenerateImageAsync(r, policy.Scope, ct), static (_, response) => response);
                }));
        return routes;
    }

    /// <summary>Reads and validates a request, then answers it; a client mistake never reaches the provider or the cache.</summary>
    private static async Task<IResult> HandleAsync<TRequest>(HttpContext http, GatewayOptions options, Func<TRequest, RequestError?> validate, Func<TRequest, Task<IResult>> respond)
        where TRequest : class
    {
        (TRequest? request, RequestError? error) = await RequestReader.ReadAsync<TRequest>(http, options);
        if (request is null)
        {
            return error!.ToResult();
        }

        return validate(request) is { } invalid ? invalid.ToResult() : await respond(request);
    }

    /// <summary>One provider call through the cache, answered as JSON with the cache headers.</summary>
    private static async Task<IResult> RespondAsync<TRequest, TResponse>(
        HttpContext http,
        SavingsCounters savings,
        string? model,
        TRequest request,
        CachePolicy policy,
        Func<TRequest, CancellationToken, Task<TResponse>> call,
        Func<TRequest, TResponse, object?> shape)
    {
        if (policy.Http.Unsatisfiable)
        {
            return NotCached(http.Response);
        }

        using CacheCallContext cache = CacheCallContext.Begin(policy.Directives, TenantKeys.TenantOf(http)?.Name);
        try
        {
            TResponse response = await call(request, http.RequestAborted);
            CacheHeaders.Write(http.Response, cache, policy);
            if (SavedAnswers.Saves(cache.Outcome))
            {
                SavedAnswers.Count(savings, TenantKeys.LabelOf(http), model, response);
            }

            object? shaped = shape(request, response);

            // A hit returns the cached instance itself: its bytes were serialized once, on its first hit.
            return cache.Outcome == CacheOutcome.Hit && shaped is not null && ReferenceEquals(shaped, response)
                ? ResponseBytes.ResultOf(shaped)
                : Results.Json(shaped, GatewayJson.Options.GetTypeInfo(shaped?.GetType() ?? typeof(object)));
        }
        catch (NotCachedException)
        {
            return NotCached(http.Response);
        }
        catch (UpstreamException ex)
        {
            return Results.Text(ex.Body, "application/json", statusCode: ex.StatusCode);
        }
    }

    /// <summary>only-if-cached with nothing cached: a 504, as RFC 9111 section 5.2.1.7 has it, and no provider call.</summary>
    public static IResult NotCached(HttpResponse response)
    {
        CacheHeaders.WriteNotCached(response);
        return new RequestError(
            "Nothing is cached for this request, and it asked for a cached answer only (Cache-Control: only-if-cached).",
            null,
            "not_cached",
            StatusCodes.Status504GatewayTimeout).ToResult();
    }
}

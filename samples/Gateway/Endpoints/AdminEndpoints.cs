using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Caching;
using Gateway.Contracts;
using Gateway.Hosting;
using Gateway.Savings;
using Gateway.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Endpoints;

/// <summary>
/// Cache administration, behind <c>Authorization: Bearer {admin key}</c>. Without a configured admin key the routes
/// answer 404: there is no way in.
/// </summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes, byte[]? adminKeyHash)
    {
        RouteGroupBuilder admin = routes.MapGroup("/admin/cache");
        admin.AddEndpointFilter(async (context, next) =>
        {
            if (adminKeyHash is null)
            {
                return Results.Json(new OpenAiError(new OpenAiErrorDetail("Cache administration is disabled: no admin key is configured.", "not_found", null, null)), GatewayJson.Info<OpenAiError>(), statusCode: StatusCodes.Status404NotFound);
            }

            return SecretKeys.Presents(context.HttpContext.Request, adminKeyHash)
                ? await next(context)
                : Results.Json(new OpenAiError(new OpenAiErrorDetail("A valid admin key is required: Authorization: Bearer {key}.", "authentication_error", null, null)), GatewayJson.Info<OpenAiError>(), statusCode: StatusCodes.Status401Unauthorized);
        });

        admin.MapGet("/stats", (ICacheManager cache, SavingsCounters savings) =>
        {
            // The cache's own statistics, and beside them what its hits saved at the configured prices.
            JsonObject stats = JsonSerializer.SerializeToNode(cache.GetStats(), GatewayJson.Info<CacheStats>())!.AsObject();
            stats["savings"] = JsonSerializer.SerializeToNode(new SavingsReport(savings.Prices.Currency, savings.Snapshot()), GatewayJson.Info<SavingsReport>());
            return Results.Json<JsonNode>(stats, GatewayJson.Info<JsonNode>());
        });
        admin.MapDelete("/keys/{**key}", async (string key, ICacheManager cache) =>
            Results.Json(new RemovedKey(key, await cache.RemoveAsync(key)), GatewayJson.Info<RemovedKey>()));
        admin.MapPost("/invalidate", async (HttpContext http, GatewayOptions options, ICacheManager cache) =>
        {
            // Read by hand rather than bound, so that a wrong body or content type gets an OpenAI-format 400, not an empty 400/415.
            (InvalidateRequest? body, RequestError? error) = await RequestReader.ReadAsync<InvalidateRequest>(http, options);
            if (body is null)
            {
                return error!.ToResult();
            }

            return string.IsNullOrEmpty(body.Pattern)
                ? new RequestError("Send {\"pattern\": \"...\"}, a glob over logical keys such as \"chat:gpt-4o:*\".", "pattern", "missing_required_parameter").ToResult()
                : Results.Json(new Removed(await cache.InvalidateAsync(body.Pattern)), GatewayJson.Info<Removed>());
        });
        admin.MapPost("/clear", async (HttpRequest request, ICacheManager cache) =>
            Results.Json(new Removed(await cache.ClearAsync(SecretKeys.BearerOf(request).ToString())), GatewayJson.Info<Removed>()));
        return routes;
    }

    internal sealed record InvalidateRequest([property: JsonPropertyName("pattern")] string? Pattern);

    internal sealed record Removed([property: JsonPropertyName("removed")] long Count);

    internal sealed record RemovedKey([property: JsonPropertyName("key")] string Key, [property: JsonPropertyName("removed")] bool WasRemoved);
}

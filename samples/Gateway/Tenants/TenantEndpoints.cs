using Caching;
using Gateway.Endpoints;
using Gateway.Hosting;
using Gateway.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Tenants;

/// <summary>
/// <c>POST /v1/cache/invalidate</c> with a tenant's key: removes that tenant's entries matching a pattern over logical
/// keys (<c>{"pattern": "chat:gpt-4o:*"}</c>), within its own pool and never beyond it. The admin route still removes
/// anything.
/// </summary>
internal static class TenantEndpoints
{
    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/cache/invalidate", async (HttpContext http, GatewayOptions options, ICacheManager cache) =>
        {
            if (TenantKeys.TenantOf(http) is not { } tenant)
            {
                return new RequestError(
                    "No tenants are configured (Gateway:Tenants), so there is no tenant's cache to invalidate; use /admin/cache/invalidate with the admin key.",
                    null,
                    "not_found",
                    StatusCodes.Status404NotFound).ToResult();
            }

            (AdminEndpoints.InvalidateRequest? body, RequestError? error) = await RequestReader.ReadAsync<AdminEndpoints.InvalidateRequest>(http, options);
            if (body is null)
            {
                return error!.ToResult();
            }

            if (string.IsNullOrEmpty(body.Pattern))
            {
                return new RequestError("Send {\"pattern\": \"...\"}, a glob over logical keys such as \"chat:gpt-4o:*\".", "pattern", "missing_required_parameter").ToResult();
            }

            long removed = 0;
            foreach (string pattern in TenantScopes.PatternsFor(tenant, body.Pattern))
            {
                removed += await cache.InvalidateAsync(pattern, http.RequestAborted);
            }

            return Results.Json(new AdminEndpoints.Removed(removed), GatewayJson.Info<AdminEndpoints.Removed>());
        });
        return routes;
    }
}

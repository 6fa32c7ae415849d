using System;
using System.IO;
using System.Reflection;
using Caching;
using Gateway.Contracts;
using Gateway.Endpoints;
using Gateway.Hosting;
using Gateway.Savings;
using Gateway.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Dashboard;

/// <summary>
/// <c>GET /admin/dashboard</c>: one self-contained page (no external script, style or font; embedded in the binary, so
/// it works from a Native AOT build). The page holds no data: it asks <c>GET /admin/dashboard/data</c> every few
/// seconds with the key its user typed (kept in the tab's session storage, or given after <c>#key=</c>, which never
/// reaches the server). The admin key sees the whole gateway; a tenant's key sees its own traffic and savings.
/// </summary>
internal static class DashboardEndpoints
{
    private const string PagePath = "/admin/dashboard";

    // Inline script and style only, data from this origin only: the page can load nothing from anywhere else.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly byte[] Page = ReadPage();

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes, byte[]? adminKeyHash)
    {
        routes.MapGet(PagePath, (HttpContext http) =>
        {
            http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            http.Response.Headers.CacheControl = "no-store";
            return Results.Bytes(Page, "text/html; charset=utf-8");
        });
        routes.MapGet(PagePath + "/data", (HttpContext http, ICacheManager cache, TrafficRecorder traffic, SavingsCounters savings, TenantDirectory tenants) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            DateTimeOffset now = traffic.Time.GetUtcNow();
            if (adminKeyHash is not null && SecretKeys.Presents(http.Request, adminKeyHash))
            {
                return Json(DashboardData.Of("all", traffic.All, savings.Snapshot(), savings.Prices.Currency, cache.GetStats(), now));
            }

            if (!tenants.IsOpen && tenants.Resolve(SecretKeys.BearerOf(http.Request)) is { } tenant)
            {
                return Json(DashboardData.Of(tenant.Name, traffic.Of(tenant.Name), savings.Snapshot(tenant.Name), savings.Prices.Currency, null, now));
            }

            return TenantKeys.InvalidKey("A valid admin or tenant key is required: Authorization: Bearer {key}.");
        });
        return routes;
    }

    private static IResult Json(DashboardData data) => Results.Json(data, GatewayJson.Info<DashboardData>());

    private static byte[] ReadPage()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Gateway.Dashboard.dashboard.html")
            ?? throw new InvalidOperationException("The dashboard page is not embedded in the gateway's assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

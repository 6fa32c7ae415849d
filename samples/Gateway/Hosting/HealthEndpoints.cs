using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Caching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Hosting;

/// <summary>
/// <c>GET /healthz</c>: the process answers (liveness). <c>GET /readyz</c>: the cache serves as configured (readiness):
/// 200 "Healthy" when every level serves and the backplane is proven, 200 "Degraded" on memory alone (Redis unreachable:
/// the instance can take traffic), 503 "Unhealthy" while Redis serves but the backplane has not proven its subscription.
/// The host itself takes no request before the cache's start-up wait (see AddCaching), so /readyz is ready from the first
/// request it answers unless Redis could not be reached in time.
/// </summary>
internal static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddGatewayHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<CacheReadinessCheck>("cache", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapGatewayHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = static _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = static check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return app;
    }

    /// <summary>The report as JSON, written by hand (no reflection, so it works from the native binary).</summary>
    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("checks");
        foreach ((string name, HealthReportEntry entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private sealed class CacheReadinessCheck(CacheManager cache) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            CacheReadiness readiness = cache.Readiness;
            return Task.FromResult(readiness.Status switch
            {
                CacheReadinessStatus.Ready => HealthCheckResult.Healthy(readiness.Description),
                CacheReadinessStatus.Degraded => HealthCheckResult.Degraded(readiness.Description),
                _ => HealthCheckResult.Unhealthy(readiness.Description),
            });
        }
    }
}

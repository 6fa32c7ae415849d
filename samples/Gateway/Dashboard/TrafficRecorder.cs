using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Tasks;
using Caching;
using Gateway.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Dashboard;

/// <summary>
/// What the dashboard draws: every <c>/v1/</c> request's outcome (from its <c>x-cache</c> header) and time, for the
/// whole gateway and for its tenant.
/// </summary>
internal sealed class TrafficRecorder
{
    private readonly ConcurrentDictionary<string, TrafficWindow> _tenants = new(StringComparer.Ordinal);

    public TrafficRecorder(TimeProvider time) => Time = time;

    public TimeProvider Time { get; }

    public TrafficWindow All { get; } = new();

    /// <summary>A tenant's window; one it has never used is empty.</summary>
    public TrafficWindow Of(string tenant) => _tenants.GetOrAdd(tenant, static _ => new TrafficWindow());

    public void Record(string? tenant, CacheOutcome? outcome, long elapsedTicks)
    {
        DateTimeOffset now = Time.GetUtcNow();
        All.Record(now, outcome, elapsedTicks);
        if (tenant is not null)
        {
            Of(tenant).Record(now, outcome, elapsedTicks);
        }
    }

    /// <summary>The outcome an answer's <c>x-cache</c> header tells; null for an answer the cache had no part in (an error).</summary>
    public static CacheOutcome? OutcomeOf(HttpResponse response) => response.Headers["x-cache"].ToString() switch
    {
        "HIT" => CacheOutcome.Hit,
        "SEMANTIC-HIT" => CacheOutcome.SemanticHit,
        "STALE" => CacheOutcome.Stale,
        "MISS" => CacheOutcome.Miss,
        "BYPASS" => CacheOutcome.Bypass,
        _ => null,
    };
}

/// <summary>The middleware that feeds <see cref="TrafficRecorder"/>.</summary>
internal static class TrafficRecording
{
    public static IApplicationBuilder UseTrafficRecording(this IApplicationBuilder app)
    {
        TrafficRecorder recorder = app.ApplicationServices.GetRequiredService<TrafficRecorder>();
        return app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
            {
                await next(http);
                return;
            }

            long started = Stopwatch.GetTimestamp();
            await next(http);
            recorder.Record(TenantKeys.TenantOf(http)?.Name, TrafficRecorder.OutcomeOf(http.Response), Stopwatch.GetTimestamp() - started);
        });
    }
}

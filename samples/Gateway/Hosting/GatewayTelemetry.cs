using System;
using Caching;
using Gateway.Savings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gateway.Hosting;

/// <summary>
/// Metrics always (Prometheus at <c>/metrics</c>); traces only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: the
/// cache's spans with ASP.NET Core's and HttpClient's, exported over OTLP. Without it no tracing listener exists, and the
/// hit path pays nothing for traces.
/// </summary>
internal static class GatewayTelemetry
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        OpenTelemetryBuilder telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(CacheTelemetry.MeterName, GatewayErrors.MeterName, SavingsCounters.MeterName)
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(CacheTelemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        }

        return services;
    }
}

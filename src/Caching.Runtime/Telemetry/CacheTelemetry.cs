namespace Caching;

/// <summary>The names to subscribe to for the cache's traces and metrics.</summary>
/// <example>
/// <code>
/// services.AddOpenTelemetry()
///     .WithTracing(tracing => tracing.AddSource(CacheTelemetry.ActivitySourceName))
///     .WithMetrics(metrics => metrics.AddMeter(CacheTelemetry.MeterName));
/// </code>
/// </example>
public static class CacheTelemetry
{
    /// <summary>
    /// The <see cref="System.Diagnostics.ActivitySource"/> of the cache: <c>cache.get</c> (a memory miss, or a hit when a
    /// listener is on), <c>cache.provider_call</c>, <c>cache.set</c> and <c>cache.invalidate</c>.
    /// </summary>
    public const string ActivitySourceName = "Caching";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of the cache's counters and histograms.</summary>
    public const string MeterName = "Caching";
}

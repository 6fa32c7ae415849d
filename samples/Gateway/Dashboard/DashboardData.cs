using System;
using System.Collections.Generic;
using System.Linq;
using Caching;
using Gateway.Savings;

namespace Gateway.Dashboard;

/// <summary>
/// What the dashboard shows, for the whole gateway (<c>View = "all"</c>, with the cache's own state) or for one tenant
/// (its traffic and savings only).
/// </summary>
internal sealed record DashboardData(
    string View,
    long GeneratedAt,
    int BucketSeconds,
    TrafficTotals Totals,
    IReadOnlyList<TrafficPoint> Series,
    LatencySummary HitLatency,
    LatencySummary MissLatency,
    string Currency,
    IReadOnlyList<SavedByModel> Savings,
    CacheStats? Cache)
{
    public static DashboardData Of(string view, TrafficWindow window, IReadOnlyList<SavedByModel> savings, string currency, CacheStats? cache, DateTimeOffset now)
    {
        IReadOnlyList<TrafficPoint> series = window.Series(now);
        return new DashboardData(
            view,
            now.ToUnixTimeSeconds(),
            (int)TrafficWindow.BucketLength.TotalSeconds,
            TrafficTotals.Of(series),
            series,
            LatencySummary.Of(window.HitLatency),
            LatencySummary.Of(window.MissLatency),
            currency,
            savings,
            cache);
    }
}

/// <summary>
/// The hour's requests, what the cache did with them, the hit rate over the answers the cache gave, and the request rate
/// over the last minute.
/// </summary>
internal sealed record TrafficTotals(long Requests, long Answered, long Hits, long SemanticHits, long Stale, long Misses, double HitRate, double RequestsPerSecond)
{
    public static TrafficTotals Of(IReadOnlyList<TrafficPoint> series)
    {
        long requests = series.Sum(p => p.Requests);
        long hits = series.Sum(p => p.Hits);
        long semantic = series.Sum(p => p.SemanticHits);
        long answered = series.Sum(p => p.Answered);
        int lastMinute = (int)(TimeSpan.FromMinutes(1) / TrafficWindow.BucketLength);
        double perSecond = series.Skip(Math.Max(0, series.Count - lastMinute)).Sum(p => p.Requests) / 60.0;
        return new TrafficTotals(
            requests,
            answered,
            hits,
            semantic,
            series.Sum(p => p.Stale),
            series.Sum(p => p.Misses),
            answered == 0 ? 0 : (double)(hits + semantic) / answered,
            perSecond);
    }
}

/// <summary>How long answers took, in milliseconds, since start-up; null percentiles before the first.</summary>
internal sealed record LatencySummary(long Count, double? P50, double? P99)
{
    public static LatencySummary Of(LatencyHistogram histogram)
    {
        long count = histogram.Count;
        return count == 0
            ? new LatencySummary(0, null, null)
            : new LatencySummary(count, histogram.PercentileMicroseconds(50) / 1000, histogram.PercentileMicroseconds(99) / 1000);
    }
}

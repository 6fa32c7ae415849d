namespace Caching;

/// <summary>Assembles <see cref="CacheStats"/> from the counters and the levels; every figure is a running total.</summary>
internal static class StatsSnapshot
{
    public static CacheStats Take(CacheCounters counters, CacheLevels levels)
    {
        long memoryHits = counters.Hits;
        long distributedHits = counters.DistributedHits;
        return new CacheStats
        {
            Hits = memoryHits + distributedHits,
            L1Hits = memoryHits,
            L2Hits = distributedHits,
            Misses = counters.Misses,
            Sets = counters.Sets,
            Evictions = levels.Memory.Evictions,
            Expirations = counters.Expirations,
            Errors = counters.Errors,
            Uncacheable = counters.Uncacheable,
            Oversized = counters.Oversized,
            FallbackEntriesDiscarded = counters.FallbackEntriesDiscarded,
            StreamElementsReplayed = counters.StreamElementsReplayed,
            ActiveStore = levels.ActiveStore,
            Backplane = levels.BackplaneState,
            RedisErrors = levels.Distributed?.Errors ?? 0,
            Fallbacks = counters.Fallbacks,
            RedisOutages = levels.Distributed?.Outages ?? 0,
            Entries = levels.Memory.Count,
            MemoryUsageBytes = levels.Memory.MemoryUsageBytes,
            GetLatencyMeanMicroseconds = counters.GetLatency.MeanMicroseconds,
            GetLatencyP99Microseconds = counters.GetLatency.PercentileMicroseconds(99),
            SetLatencyMeanMicroseconds = counters.SetLatency.MeanMicroseconds,
            SetLatencyP99Microseconds = counters.SetLatency.PercentileMicroseconds(99),
        };
    }
}

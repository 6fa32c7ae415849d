namespace Caching;

/// <summary>Assembles <see cref="CacheStats"/> from the counters and the levels; every figure is a running total.</summary>
internal static class StatsSnapshot
{
    public static CacheStats Take(CacheCounters counters, CachePipeline pipeline)
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
            Evictions = pipeline.Memory.Evictions,
            Expirations = counters.Expirations,
            Errors = counters.Errors,
            Uncacheable = counters.Uncacheable,
            Bypasses = counters.Bypasses,
            Oversized = counters.Oversized,
            FallbackEntriesDiscarded = counters.FallbackEntriesDiscarded,
            StreamElementsReplayed = counters.StreamElementsReplayed,
            StaleServed = counters.StaleServed,
            EagerRefreshes = counters.EagerRefreshes,
            SemanticLookups = counters.SemanticLookups,
            SemanticHits = counters.SemanticHits,
            SemanticNearMisses = counters.SemanticNearMisses,
            SemanticEntries = pipeline.SemanticEntries,
            SemanticEmbeddingErrors = counters.SemanticEmbeddingErrors,
            ActiveStore = pipeline.ActiveStore,
            Backplane = pipeline.BackplaneState,
            RedisErrors = pipeline.DistributedErrors,
            Fallbacks = counters.Fallbacks,
            RedisOutages = pipeline.DistributedOutages,
            Entries = pipeline.Memory.Count,
            MemoryUsageBytes = pipeline.Memory.MemoryUsageBytes,
            GetLatencyMeanMicroseconds = counters.GetLatency.MeanMicroseconds,
            GetLatencyP99Microseconds = counters.GetLatency.PercentileMicroseconds(99),
            SetLatencyMeanMicroseconds = counters.SetLatency.MeanMicroseconds,
            SetLatencyP99Microseconds = counters.SetLatency.PercentileMicroseconds(99),
        };
    }
}

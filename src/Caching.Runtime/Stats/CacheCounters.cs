using System;
using System.Diagnostics;
using System.Threading;

namespace Caching;

/// <summary>
/// The manager's counters. Hits, misses and sets are striped so that the hot path never contends; latency is sampled
/// (one read in <see cref="LatencySampleInterval"/> per thread) so that a hit pays for no clock reads most of the time.
/// </summary>
internal sealed class CacheCounters
{
    public const int LatencySampleInterval = 16;

    [ThreadStatic]
    private static int t_sampleTick;

    private readonly StripedCounter _hits = new();
    private readonly StripedCounter _distributedHits = new();
    private readonly StripedCounter _misses = new();
    private readonly StripedCounter _sets = new();
    private long _errors;
    private long _expirations;
    private long _fallbacks;
    private long _uncacheable;
    private long _bypasses;
    private long _oversized;
    private long _fallbackDiscards;
    private long _streamElementsReplayed;
    private long _staleServed;
    private long _eagerRefreshes;
    private long _semanticLookups;
    private long _semanticHits;
    private long _semanticNearMisses;
    private long _semanticEmbeddingErrors;

    public LatencyHistogram GetLatency { get; } = new();

    public LatencyHistogram SetLatency { get; } = new();

    /// <summary>Hits served by the memory level.</summary>
    public long Hits => _hits.Sum();

    /// <summary>Hits served by the second level (each also filled the memory level).</summary>
    public long DistributedHits => _distributedHits.Sum();

    public long Misses => _misses.Sum();

    public long Sets => _sets.Sum();

    public long Errors => Volatile.Read(ref _errors);

    public long Expirations => Volatile.Read(ref _expirations);

    public long Fallbacks => Volatile.Read(ref _fallbacks);

    public long Uncacheable => Volatile.Read(ref _uncacheable);

    public long Bypasses => Volatile.Read(ref _bypasses);

    public long Oversized => Volatile.Read(ref _oversized);

    public long FallbackEntriesDiscarded => Volatile.Read(ref _fallbackDiscards);

    public long StreamElementsReplayed => Volatile.Read(ref _streamElementsReplayed);

    public long StaleServed => Volatile.Read(ref _staleServed);

    public long EagerRefreshes => Volatile.Read(ref _eagerRefreshes);

    public long SemanticLookups => Volatile.Read(ref _semanticLookups);

    public long SemanticHits => Volatile.Read(ref _semanticHits);

    public long SemanticNearMisses => Volatile.Read(ref _semanticNearMisses);

    public long SemanticEmbeddingErrors => Volatile.Read(ref _semanticEmbeddingErrors);

    /// <summary>A start timestamp when this read should be timed, else 0.</summary>
    public static long StartSample() => (t_sampleTick++ & (LatencySampleInterval - 1)) == 0 ? Stopwatch.GetTimestamp() : 0;

    public void RecordHit(long sampleStart)
    {
        _hits.Increment();
        if (sampleStart != 0)
        {
            GetLatency.Record(Stopwatch.GetTimestamp() - sampleStart);
        }
    }

    public void RecordDistributedHit(long sampleStart)
    {
        _distributedHits.Increment();
        if (sampleStart != 0)
        {
            GetLatency.Record(Stopwatch.GetTimestamp() - sampleStart);
        }
    }

    public void RecordMiss(long sampleStart)
    {
        _misses.Increment();
        if (sampleStart != 0)
        {
            GetLatency.Record(Stopwatch.GetTimestamp() - sampleStart);
        }
    }

    public void RecordSet(long start)
    {
        _sets.Increment();
        SetLatency.Record(Stopwatch.GetTimestamp() - start);
    }

    public void RecordError() => Interlocked.Increment(ref _errors);

    public void RecordExpiration() => Interlocked.Increment(ref _expirations);

    public void RecordFallback() => Interlocked.Increment(ref _fallbacks);

    public void RecordUncacheable() => Interlocked.Increment(ref _uncacheable);

    public void RecordBypass() => Interlocked.Increment(ref _bypasses);

    public void RecordOversized() => Interlocked.Increment(ref _oversized);

    public void RecordStreamReplay(int elements) => Interlocked.Add(ref _streamElementsReplayed, elements);

    public void RecordFallbackDiscards(long count) => Interlocked.Add(ref _fallbackDiscards, count);

    public void RecordStaleServed() => Interlocked.Increment(ref _staleServed);

    public void RecordEagerRefresh() => Interlocked.Increment(ref _eagerRefreshes);

    public void RecordSemanticLookup() => Interlocked.Increment(ref _semanticLookups);

    public void RecordSemanticHit() => Interlocked.Increment(ref _semanticHits);

    public void RecordSemanticNearMiss() => Interlocked.Increment(ref _semanticNearMisses);

    public void RecordSemanticEmbeddingError() => Interlocked.Increment(ref _semanticEmbeddingErrors);
}

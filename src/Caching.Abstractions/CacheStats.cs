namespace Caching;

/// <summary>A snapshot of a cache manager's counters since it was created.</summary>
public sealed record CacheStats
{
    /// <summary>Reads that found a live entry, in memory or in the second level (<see cref="L1Hits"/> + <see cref="L2Hits"/>).</summary>
    public long Hits { get; init; }

    /// <summary>Hits served from this instance's memory level.</summary>
    public long L1Hits { get; init; }

    /// <summary>Hits served from the shared second level (Redis); each one also filled the memory level.</summary>
    public long L2Hits { get; init; }

    /// <summary>Reads that found nothing (or an expired, corrupt or unreadable entry).</summary>
    public long Misses { get; init; }

    /// <summary>Hits divided by all reads; 0 before the first read.</summary>
    public double HitRate => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);

    /// <summary>Values stored.</summary>
    public long Sets { get; init; }

    /// <summary>Entries removed to stay within the configured size.</summary>
    public long Evictions { get; init; }

    /// <summary>Entries removed because their time to live ran out.</summary>
    public long Expirations { get; init; }

    /// <summary>
    /// Faults of the cache itself (a corrupt or unreadable entry, a serializer error, a store call that failed); each
    /// one was served as a miss. Redis being unreachable is counted in <see cref="RedisErrors"/> and
    /// <see cref="Fallbacks"/>, since the memory fallback serves those calls.
    /// </summary>
    public long Errors { get; init; }

    /// <summary>
    /// Calls that went to the provider uncached because one of their values could not be keyed at run time (an
    /// undeclared derived type, an <c>object</c> holding a type the key writer does not know).
    /// </summary>
    public long Uncacheable { get; init; }

    /// <summary>
    /// Calls sent to the provider without reading the cache: a caller's directive (<see cref="CacheReadMode"/> other than
    /// normal), or a request whose answer depends on state the provider keeps (a Microsoft.Extensions.AI request with a
    /// <c>ConversationId</c>).
    /// </summary>
    public long Bypasses { get; init; }

    /// <summary>
    /// Answers larger than the memory store's <c>max_entry_size</c>, and streams longer than <c>max_stream_elements</c>:
    /// served to their callers but not stored.
    /// </summary>
    public long Oversized { get; init; }

    /// <summary>
    /// Memory entries dropped because changes may have been missed: when Redis serves again after an outage, and when the
    /// backplane reconnects. Any of them could be an answer another instance invalidated meanwhile.
    /// </summary>
    public long FallbackEntriesDiscarded { get; init; }

    /// <summary>
    /// Stale answers served in place of a provider call that failed or (with a soft timeout) was too slow. They are not
    /// counted as hits.
    /// </summary>
    public long StaleServed { get; init; }

    /// <summary>Background refreshes started by a hit late in an entry's freshness (<c>eager_refresh</c>).</summary>
    public long EagerRefreshes { get; init; }

    /// <summary>Semantic lookups made: calls with a free text that no exact entry answered, and that allowed a semantic hit.</summary>
    public long SemanticLookups { get; init; }

    /// <summary>
    /// Answers served for another wording of a call's free text. Counted apart: they are neither <see cref="Hits"/> nor
    /// <see cref="Misses"/> (the exact read that preceded each was a miss, and is counted there).
    /// </summary>
    public long SemanticHits { get; init; }

    /// <summary>Semantic lookups whose best candidate was scored by the judge and refused.</summary>
    public long SemanticNearMisses { get; init; }

    /// <summary>Texts indexed now by this instance's semantic layer (vectors held in memory).</summary>
    public long SemanticEntries { get; init; }

    /// <summary>Embedding calls that failed; each call went on as exact-only.</summary>
    public long SemanticEmbeddingErrors { get; init; }

    /// <summary>Stream elements replayed from the cache to callers (a streamed hit replays every element of its stream).</summary>
    public long StreamElementsReplayed { get; init; }

    /// <summary>The store serving now: "memory", or "redis" (which falls back to "memory" while Redis is unreachable).</summary>
    public string ActiveStore { get; init; } = "memory";

    /// <summary>
    /// The backplane between instances sharing Redis: "connected", "disconnected" (memory copies are not served until it
    /// is back), or "none".
    /// </summary>
    public string Backplane { get; init; } = "none";

    /// <summary>Redis operations that failed or timed out (each was served by the memory level instead).</summary>
    public long RedisErrors { get; init; }

    /// <summary>Reads and writes the memory level served alone because Redis was unreachable.</summary>
    public long Fallbacks { get; init; }

    /// <summary>How often the circuit breaker stopped sending requests to Redis.</summary>
    public long RedisOutages { get; init; }

    /// <summary>Entries held now by this instance's memory level.</summary>
    public long Entries { get; init; }

    /// <summary>Retained bytes held now by this instance's memory level.</summary>
    public long MemoryUsageBytes { get; init; }

    /// <summary>Mean time of a read, in microseconds (a double: a memory hit takes well under the 0.1 us a TimeSpan can hold).</summary>
    public double GetLatencyMeanMicroseconds { get; init; }

    /// <summary>99th percentile of the time of a read, in microseconds (to within about 13 %: the histogram has logarithmic buckets).</summary>
    public double GetLatencyP99Microseconds { get; init; }

    /// <summary>Mean time of a write, in microseconds.</summary>
    public double SetLatencyMeanMicroseconds { get; init; }

    /// <summary>99th percentile of the time of a write, in microseconds.</summary>
    public double SetLatencyP99Microseconds { get; init; }
}

using System;

namespace Caching;

/// <summary>
/// What a caller asks of the cache for the calls of one <see cref="CacheCallContext"/>: the HTTP request directives of
/// RFC 9111 (<c>Cache-Control: no-cache, no-store, max-age, only-if-cached</c>) as the cache understands them.
/// </summary>
public readonly record struct CacheDirectives
{
    /// <summary>Whether to read and write the cache at all.</summary>
    public CacheReadMode Mode { get; init; }

    /// <summary>
    /// The oldest cached answer the caller takes (<c>max-age</c>): an older one is not served; the provider is asked and
    /// its answer replaces it. Null: any answer the cache holds.
    /// </summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>
    /// Answer from the cache or not at all (<c>only-if-cached</c>): when nothing is cached the provider is not called and
    /// the call throws <see cref="NotCachedException"/>.
    /// </summary>
    public bool OnlyIfCached { get; init; }

    /// <summary>
    /// The most an answer may be past its freshness to be served when the provider fails (RFC 5861 <c>stale-if-error</c>);
    /// zero refuses stale answers. Null: whatever the entry's own <c>stale_if_error</c> allows.
    /// </summary>
    public TimeSpan? StaleIfError { get; init; }

    /// <summary>
    /// Only an answer cached for exactly this call is served: no semantic hit (a gateway's <c>x-cache-semantic: off</c>).
    /// The provider's answer is still cached, and indexed for later semantic lookups.
    /// </summary>
    public bool ExactOnly { get; init; }
}

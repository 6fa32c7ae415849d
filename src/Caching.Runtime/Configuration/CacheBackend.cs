namespace Caching;

/// <summary>Where cached values live.</summary>
public enum CacheBackend
{
    /// <summary>In this process, bounded by <see cref="CacheConfig.MaxSize"/>.</summary>
    Memory,

    /// <summary>In Redis (or a Redis Cluster), shared by every instance, with the memory store as fallback.</summary>
    Redis,
}

namespace Caching;

/// <summary>What a caller asks of the cache for the calls it makes inside a <see cref="CacheCallContext"/> scope.</summary>
public enum CacheReadMode
{
    /// <summary>Read the cache; on a miss call the provider and store its answer.</summary>
    Normal,

    /// <summary>Skip the read and call the provider; store the fresh answer (HTTP <c>Cache-Control: no-cache</c>).</summary>
    Refresh,

    /// <summary>Skip the read and the write: the cache is not involved (HTTP <c>Cache-Control: no-store</c>).</summary>
    NoStore,
}

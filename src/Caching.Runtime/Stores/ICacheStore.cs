using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>
/// Where values live. Keys are logical keys; a store that is shared (Redis) prepends the namespace itself. A store may
/// throw: the manager counts the fault and serves a miss.
/// </summary>
internal interface ICacheStore : IAsyncDisposable
{
    ValueTask<StoreLookup<T>> GetAsync<T>(string key, CancellationToken cancellationToken);

    ValueTask<CacheEntry<T>?> GetEntryAsync<T>(string key, CancellationToken cancellationToken);

    ValueTask SetAsync<T>(string key, T value, TimeSpan ttl, CancellationToken cancellationToken);

    ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken);

    ValueTask<long> InvalidateAsync(GlobPattern pattern, CancellationToken cancellationToken);

    ValueTask<long> ClearAsync(CancellationToken cancellationToken);

    /// <summary>"memory" or "redis": which store answers now.</summary>
    string ActiveStore { get; }

    long Count { get; }

    long Evictions { get; }

    long MemoryUsageBytes { get; }
}

/// <summary>The outcome of a read: a value, or nothing.</summary>
internal readonly struct StoreLookup<T>
{
    public static readonly StoreLookup<T> Miss;

    public StoreLookup(T value)
    {
        Found = true;
        Value = value;
    }

    public bool Found { get; }

    public T Value { get; }
}

using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Distributed;

/// <summary>
/// A store shared by every instance of an application, behind each instance's memory level: Redis in the Caching.Redis
/// package. It holds the bytes the manager gives it (an envelope with the value's type and lifetime) and never decodes
/// them. It handles its own faults: a call never throws for the store being slow or down; it answers
/// <see cref="DistributedReadStatus.Unavailable"/>, false or null instead, and the manager serves from memory.
/// </summary>
public interface IDistributedLevel : IAsyncDisposable
{
    /// <summary>What <see cref="CacheStats.ActiveStore"/> reports while this level serves, for example "redis".</summary>
    string Name { get; }

    /// <summary>False while the level is known to be unreachable (its circuit is open); the memory level serves alone then.</summary>
    bool IsServing { get; }

    /// <summary>Completes when the level serves for the first time; never faults.</summary>
    Task FirstServed { get; }

    /// <summary>Operations that failed or timed out.</summary>
    long Errors { get; }

    /// <summary>How often the level stopped serving.</summary>
    long Outages { get; }

    /// <summary>Reads the bytes stored under a logical key.</summary>
    ValueTask<DistributedRead> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores bytes under a logical key for <paramref name="ttl"/>; false when the level did not store them.</summary>
    ValueTask<bool> SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Removes a key; null when the level is unreachable and the removal was queued to run before it serves again.</summary>
    ValueTask<long?> RemoveAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the keys matching a glob pattern over logical keys; null when the removal was queued to run before the level
    /// serves again (the level must not serve before a queued removal has run).
    /// </summary>
    ValueTask<long?> InvalidateAsync(string pattern, CancellationToken cancellationToken);

    /// <summary>Removes every key of the namespace; null when queued as <see cref="InvalidateAsync"/> is.</summary>
    ValueTask<long?> ClearAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Tells the level whom to notify when it stops or starts serving: entries the memory level took while this level
    /// was unreachable are dropped before it serves again.
    /// </summary>
    void Subscribe(ILocalLevelEvents events);
}

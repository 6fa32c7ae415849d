using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>Plain reads (<see cref="ICacheManager.GetAsync{T}"/>) after memory had no fresh entry.</summary>
internal sealed partial class CachePipeline
{
    public async ValueTask<T?> GetAfterMemoryAsync<T>(string key, MemoryRead memoryRead, long sample, CancellationToken cancellationToken)
    {
        if (memoryRead is MemoryRead.WrongType or MemoryRead.Unreadable)
        {
            await DropUnreadableAsync<T>(key, memoryRead).ConfigureAwait(false);
        }

        if (_distributed is { } distributed)
        {
            DistributedLookup<T> lookup = await ReadDistributedAsync<T>(distributed, key, cancellationToken).ConfigureAwait(false);
            if (lookup.Status == DistributedLookupStatus.Fresh)
            {
                Counters.RecordDistributedHit(sample);
                return lookup.Value;
            }

            if (lookup.Status == DistributedLookupStatus.Unavailable && memoryRead is MemoryRead.Miss or MemoryRead.Stale
                && Memory.Read(key, out T copy, out _) is MemoryRead.Hit or MemoryRead.HitRefreshDue)
            {
                // The second level cannot answer: memory serves alone, even a copy skipped because the backplane was down.
                Counters.RecordHit(sample);
                return copy;
            }
        }

        Counters.RecordMiss(sample);
        return default;
    }
}

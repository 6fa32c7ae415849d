using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>What the pipeline does with the memory level beyond a plain hit: unreadable entries and stale candidates.</summary>
internal sealed partial class CachePipeline
{
    /// <summary>
    /// A memory entry of another type, or one that no longer deserializes, is a fault: it is deleted from every level (the
    /// second level holds the same value) so that the key can be filled again.
    /// </summary>
    public async ValueTask DropUnreadableAsync<T>(string key, MemoryRead read)
    {
        RecordFault("read", key, read == MemoryRead.WrongType
            ? $"the entry holds another type than {typeof(T).FullName}"
            : $"the entry could not be read as a {typeof(T).FullName}");
        Memory.Remove(key);
        if (_distributed is { } distributed)
        {
            await distributed.RemoveAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The stale answer a memory entry holds, when memory may be trusted for it: always without a second level, and with
    /// one only when the second level could not be asked (then memory serves alone).
    /// </summary>
    private StaleAnswer<T>? StaleFromMemory<T>(MemoryEntry? entry, bool distributedAnswered)
    {
        if (entry is null || (distributedAnswered && _distributed is not null))
        {
            return null;
        }

        return Memory.ValueOf(entry, out T value) == MemoryRead.Hit ? new StaleAnswer<T>(value, entry.Lifetime) : null;
    }
}

/// <summary>An answer past its freshness that may stand in for a failed provider call.</summary>
internal sealed record StaleAnswer<T>(T Value, EntryLifetime Lifetime);

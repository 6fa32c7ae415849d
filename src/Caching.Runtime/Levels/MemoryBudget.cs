using System.Threading;

namespace Caching;

/// <summary>
/// The bytes the memory store holds, kept as a running total: an entry is added when its insertion is confirmed and
/// taken away when the LRU lets go of it (eviction, removal, replacement), which BitFaster signals by disposing it.
/// Reading the total costs nothing, so stats never walk the entries.
/// </summary>
internal sealed class MemoryBudget(long maxBytes, long maxEntryBytes)
{
    private long _used;

    public long MaxBytes { get; } = maxBytes;

    public long MaxEntryBytes { get; } = maxEntryBytes;

    public long UsedBytes => Volatile.Read(ref _used);

    public bool IsOver => Volatile.Read(ref _used) > MaxBytes;

    public void Add(long bytes) => Interlocked.Add(ref _used, bytes);

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}

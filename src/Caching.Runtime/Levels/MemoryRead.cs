namespace Caching;

/// <summary>The outcome of a memory read, reported rather than thrown so that a hit needs no exception handling.</summary>
internal enum MemoryRead
{
    /// <summary>No live entry (none, or its stale time is over).</summary>
    Miss,

    /// <summary>A fresh entry; the value was read.</summary>
    Hit,

    /// <summary>A fresh entry late in its freshness: the value was read, and an eager refresh is due.</summary>
    HitRefreshDue,

    /// <summary>An entry past its freshness, kept to be served only in place of a failed provider call; the value was not read.</summary>
    Stale,

    /// <summary>An entry of another type.</summary>
    WrongType,

    /// <summary>An entry whose value no longer deserializes.</summary>
    Unreadable,
}

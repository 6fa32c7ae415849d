namespace Caching.Distributed;

/// <summary>A change one instance made to the shared store, as the backplane carries it.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Argument">The logical key (set, remove) or the glob pattern (invalidate); empty for a clear.</param>
public readonly record struct CacheChange(CacheChangeKind Kind, string Argument);

/// <summary>What a <see cref="CacheChange"/> did.</summary>
public enum CacheChangeKind
{
    /// <summary>A value was stored under a key: other copies are stale.</summary>
    Set,

    /// <summary>A key was removed.</summary>
    Remove,

    /// <summary>Keys matching a pattern were removed.</summary>
    Invalidate,

    /// <summary>The namespace was emptied.</summary>
    Clear,
}

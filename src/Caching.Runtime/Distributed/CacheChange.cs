using System;

namespace Caching.Distributed;

/// <summary>A change one instance made to the shared store, as the backplane carries it.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Argument">The logical key (set, remove, indexed) or the glob pattern (invalidate); empty for a clear.</param>
public readonly record struct CacheChange(CacheChangeKind Kind, string Argument)
{
    /// <summary>For a set: the version of the entry written (zero when the sender did not say), so that a copy of that same write is kept.</summary>
    public long Version { get; init; }

    /// <summary>For a set: when the entry written was created, so that a copy of a later write is kept.</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>For an indexed text: the semantic partition whose shared vectors now include the key's.</summary>
    public string? Partition { get; init; }
}

/// <summary>What a <see cref="CacheChange"/> did.</summary>
public enum CacheChangeKind
{
    /// <summary>A value was stored under a key: older copies are stale.</summary>
    Set,

    /// <summary>A key was removed.</summary>
    Remove,

    /// <summary>Keys matching a pattern were removed.</summary>
    Invalidate,

    /// <summary>The namespace was emptied.</summary>
    Clear,

    /// <summary>A text was indexed for semantic lookups: the key's vector joined a partition in the shared store.</summary>
    Indexed,
}

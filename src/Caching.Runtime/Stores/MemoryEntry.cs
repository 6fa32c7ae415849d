using System;

namespace Caching;

/// <summary>What the memory store keeps per key. Immutable, so a reader never sees a half-written entry.</summary>
internal sealed class MemoryEntry(object? stored, Type valueType, long sizeBytes, DateTimeOffset created, DateTimeOffset expires, long expiresAtTimestamp)
{
    public object? Stored { get; } = stored;

    public Type ValueType { get; } = valueType;

    public long SizeBytes { get; } = sizeBytes;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Expires { get; } = expires;

    /// <summary>The <see cref="ExpiryClock"/> reading after which the entry is dead.</summary>
    public long ExpiresAtTimestamp { get; } = expiresAtTimestamp;
}

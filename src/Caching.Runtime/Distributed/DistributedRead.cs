using System;

namespace Caching.Distributed;

/// <summary>The outcome of a read from a <see cref="IDistributedLevel"/>.</summary>
public readonly struct DistributedRead
{
    private DistributedRead(DistributedReadStatus status, ReadOnlyMemory<byte> bytes)
    {
        Status = status;
        Bytes = bytes;
    }

    /// <summary>No entry under the key.</summary>
    public static DistributedRead Miss => new(DistributedReadStatus.Miss, default);

    /// <summary>The level could not answer; the memory level serves.</summary>
    public static DistributedRead Unavailable => new(DistributedReadStatus.Unavailable, default);

    /// <summary>Found, hit or miss, or unavailable.</summary>
    public DistributedReadStatus Status { get; }

    /// <summary>The stored bytes of a hit.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>An entry's stored bytes.</summary>
    public static DistributedRead Hit(ReadOnlyMemory<byte> bytes) => new(DistributedReadStatus.Hit, bytes);
}

/// <summary>What a read from a <see cref="IDistributedLevel"/> found.</summary>
public enum DistributedReadStatus
{
    /// <summary>No entry.</summary>
    Miss,

    /// <summary>An entry.</summary>
    Hit,

    /// <summary>The level could not answer.</summary>
    Unavailable,
}

using System.Collections.Generic;

namespace Caching.Redis;

/// <summary>
/// Removals, invalidations and clears made while Redis was unreachable, replayed in order before Redis serves again.
/// Not thread-safe: the circuit breaker's lock guards it.
/// </summary>
internal sealed class PendingInvalidations
{
    private readonly Queue<PendingInvalidation> _queue = new();

    public bool IsEmpty => _queue.Count == 0;

    public void Add(PendingInvalidation invalidation) => _queue.Enqueue(invalidation);

    public bool TryPeek(out PendingInvalidation? next) => _queue.TryPeek(out next);

    public void RemoveFirst() => _queue.Dequeue();
}

/// <summary>One queued removal: a key, or a pattern ("*" for a clear).</summary>
internal sealed record PendingInvalidation(bool IsPattern, string Argument);

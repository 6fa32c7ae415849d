namespace Caching;

/// <summary>Whether a manager's levels serve as configured: what a readiness probe reports.</summary>
/// <param name="Status">Ready, degraded (memory serves alone) or not ready.</param>
/// <param name="Description">Why, in words.</param>
public sealed record CacheReadiness(CacheReadinessStatus Status, string Description)
{
    internal static CacheReadiness Ready(string description) => new(CacheReadinessStatus.Ready, description);

    internal static CacheReadiness Degraded(string description) => new(CacheReadinessStatus.Degraded, description);

    internal static CacheReadiness NotReady(string description) => new(CacheReadinessStatus.NotReady, description);
}

/// <summary>The states of <see cref="CacheReadiness"/>.</summary>
public enum CacheReadinessStatus
{
    /// <summary>Every configured level serves (and the backplane is proven).</summary>
    Ready,

    /// <summary>The second level is unreachable; memory serves alone, and the instance can take traffic.</summary>
    Degraded,

    /// <summary>The second level serves but the backplane is not proven: memory copies are not trusted yet.</summary>
    NotReady,
}

using System;
using Microsoft.Extensions.Logging;

namespace Caching.Distributed;

/// <summary>A second level and, when the instances share it, a backplane; what a backend package builds.</summary>
/// <param name="Level">The shared store.</param>
/// <param name="Backplane">The change notifications between instances, or null (then an instance's memory copies may outlive another instance's invalidation by up to l1_ttl).</param>
public sealed record DistributedBackend(IDistributedLevel Level, ICacheBackplane? Backplane)
{
    /// <summary>Where the semantic layer's vectors are shared beside the entries, or null (each instance then indexes only what it stored).</summary>
    public ISemanticStore? Semantic { get; init; }
}

/// <summary>
/// Builds the <see cref="DistributedBackend"/> for a configuration. Caching.Redis provides the one for
/// <c>backend = "redis"</c>, which <see cref="CacheManager.Create"/> finds when the package is referenced.
/// </summary>
public interface IDistributedBackendFactory
{
    /// <summary>Builds the backend; connecting happens in the background and never delays this call.</summary>
    DistributedBackend Create(CacheConfig config, TimeProvider timeProvider, ILoggerFactory loggerFactory);
}

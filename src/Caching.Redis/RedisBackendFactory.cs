using System;
using Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace Caching.Redis;

/// <summary>
/// Builds Redis as the second level (and, unless <see cref="CacheConfig.Backplane"/> is false, the pub/sub backplane) for
/// <c>backend = "redis"</c>. <see cref="CacheManager.Create"/> finds this type when the package is referenced; call it
/// yourself to compose a manager by hand.
/// </summary>
public sealed class RedisBackendFactory : IDistributedBackendFactory
{
    /// <summary>How often a probe tries an unreachable Redis, and how often the backplane proves its subscription while it has none.</summary>
    internal static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    /// <inheritdoc />
    public DistributedBackend Create(CacheConfig config, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (string.IsNullOrWhiteSpace(config.RedisUrl))
        {
            throw new CacheConfigException("The Redis backend needs RedisUrl (redis_url), a StackExchange.Redis connection string.") { Field = "redis_url" };
        }

        var connection = new RedisConnection(config.RedisUrl, config.RedisTimeout);
        var level = new RedisLevel(connection, config, ProbeInterval, timeProvider, loggerFactory.CreateLogger<RedisLevel>());
        RedisBackplane? backplane = config.Backplane
            ? new RedisBackplane(connection, config.Namespace, ProbeInterval, timeProvider, loggerFactory.CreateLogger<RedisBackplane>())
            : null;
        return new DistributedBackend(level, backplane)
        {
            Semantic = new RedisSemanticStore(connection, level, config, timeProvider, loggerFactory.CreateLogger<RedisSemanticStore>()),
        };
    }
}

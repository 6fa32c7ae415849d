using System;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace Caching;

/// <summary>
/// Builds a manager's pipeline from its configuration: the memory level always, and the second level a backend package
/// provides (Caching.Redis for <c>backend = "redis"</c>), or the one the caller or the DI container supplies.
/// </summary>
internal static class CacheComposition
{
    private const string RedisFactoryTypeName = "Caching.Redis.RedisBackendFactory, Caching.Redis";

    public static CachePipeline Compose(CacheConfig config, TimeProvider time, ILoggerFactory loggers, ILogger logger, DistributedBackend? distributed)
    {
        JsonSerializerOptions json = ValueJson.OptionsFor(config);
        var counters = new CacheCounters();
        var memory = new MemoryLevel(config.MaxSize, new MemoryBudget(config.MaxMemory, Math.Min(config.MaxEntrySize, config.MaxMemory)), config.Ttl, time, counters, json, config.ValueCopiers);
        distributed ??= config.Backend == CacheBackend.Redis ? LoadFactory(RedisFactoryTypeName).Create(config, time, loggers) : null;
        return new CachePipeline(config, memory, distributed, counters, time, json, logger);
    }

    /// <summary>
    /// The Redis backend of the Caching.Redis package, found by name so that this package does not depend on
    /// StackExchange.Redis; the trimmer keeps the named type when the package is part of the application.
    /// </summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, "Caching.Redis.RedisBackendFactory", "Caching.Redis")]
    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "The one production caller passes the constant name that DynamicDependency keeps.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "As above: the named type's public parameterless constructor is kept.")]
    internal static IDistributedBackendFactory LoadFactory(string typeName)
    {
        Type? factory = Type.GetType(typeName, throwOnError: false);
        if (factory is null)
        {
            throw new CacheConfigException(
                "backend = \"redis\" needs the Caching.Redis package, which this application does not reference: add it (dotnet add package Caching.Redis) or use backend = \"memory\".")
            {
                Field = "backend",
            };
        }

        return (IDistributedBackendFactory)Activator.CreateInstance(factory)!;
    }
}

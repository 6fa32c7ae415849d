using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Caching;

/// <summary>Registers the cache manager.</summary>
public static class CachingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICacheManager"/> (and <see cref="CacheManager"/>) as a singleton built from
    /// <paramref name="config"/>, disposed with the container. The configuration is validated now, so a bad one fails at
    /// start-up. An <see cref="ILoggerFactory"/> and a <see cref="TimeProvider"/> in the container are used when present.
    /// </summary>
    /// <exception cref="CacheConfigException">The configuration is invalid.</exception>
    public static IServiceCollection AddCaching(this IServiceCollection services, CacheConfig config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        services.TryAddSingleton(config);
        services.TryAddSingleton(provider => CacheManager.Create(
            provider.GetRequiredService<CacheConfig>(),
            provider.GetService<ILoggerFactory>(),
            provider.GetService<TimeProvider>()));
        services.TryAddSingleton<ICacheManager>(provider => provider.GetRequiredService<CacheManager>());
        return services;
    }

    /// <summary>Registers the cache manager with options read from the "Cache" section of <paramref name="configuration"/>.</summary>
    /// <exception cref="CacheConfigException">The configuration is invalid.</exception>
    public static IServiceCollection AddCaching(this IServiceCollection services, IConfiguration configuration) =>
        services.AddCaching(CacheConfig.FromConfiguration(configuration));
}

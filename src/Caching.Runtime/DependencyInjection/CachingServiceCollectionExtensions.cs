using System;
using Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Caching;

/// <summary>Registers the cache manager and cached decorators.</summary>
public static class CachingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICacheManager"/> (and <see cref="CacheManager"/>) as a singleton built from
    /// <paramref name="config"/>, disposed with the container. The configuration is validated now, so a bad one fails at
    /// start-up. An <see cref="ILoggerFactory"/> and a <see cref="TimeProvider"/> in the container are used when present,
    /// and so is a <see cref="DistributedBackend"/> (a second level composed by hand); without one, <c>backend = "redis"</c>
    /// uses the Caching.Redis package, and fails at start-up naming it when the application does not reference it.
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
            provider.GetService<TimeProvider>(),
            provider.GetService<DistributedBackend>()));
        services.TryAddSingleton<ICacheManager>(provider => provider.GetRequiredService<CacheManager>());
        return services;
    }

    /// <summary>Registers the cache manager with options read from the "Cache" section of <paramref name="configuration"/>.</summary>
    /// <exception cref="CacheConfigException">The configuration is invalid.</exception>
    public static IServiceCollection AddCaching(this IServiceCollection services, IConfiguration configuration) =>
        services.AddCaching(CacheConfig.FromConfiguration(configuration));

    /// <summary>
    /// Replaces the last registration of <typeparamref name="TService"/> with one that wraps the same implementation in a
    /// cached decorator, with the same lifetime. Generated <c>Add{Decorator}()</c> methods call this.
    /// </summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="TService"/> is not registered.</exception>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static IServiceCollection DecorateWithCache<TService>(this IServiceCollection services, Func<TService, ICacheManager, TService> decorate)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(decorate);
        int index = -1;
        for (int i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(TService) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException($"{typeof(TService).FullName} is not registered; register it before decorating it with a cache.");
        }

        ServiceDescriptor original = services[index];
        services[index] = ServiceDescriptor.Describe(
            typeof(TService),
            provider => decorate(CreateInner<TService>(provider, original), provider.GetRequiredService<ICacheManager>()),
            original.Lifetime);
        return services;
    }

    private static TService CreateInner<TService>(IServiceProvider provider, ServiceDescriptor original)
        where TService : class
    {
        if (original.ImplementationInstance is TService instance)
        {
            return instance;
        }

        if (original.ImplementationFactory is { } factory)
        {
            return (TService)factory(provider);
        }

        return (TService)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!);
    }
}

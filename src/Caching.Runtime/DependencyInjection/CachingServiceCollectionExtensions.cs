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
    /// <paramref name="config"/>, disposed with the container, and made ready in a host's starting phase (its second level
    /// serving and its backplane proven, up to <see cref="CacheConfig.RedisConnectTimeout"/>) before the host takes traffic.
    /// The configuration is validated now, so a bad one fails at start-up. An <see cref="ILoggerFactory"/> and a
    /// <see cref="TimeProvider"/> in the container are used when present, and so is a <see cref="DistributedBackend"/> (a
    /// second level composed by hand), copiers added with <see cref="AddCacheValueCopier{T}"/>, and, when the configuration
    /// enables the semantic layer without an embedder, the container's <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>
    /// and <see cref="ISemanticJudge"/>; without a backend,
    /// <c>backend = "redis"</c> uses the Caching.Redis package, and fails at start-up naming it when the application does
    /// not reference it.
    /// </summary>
    /// <exception cref="CacheConfigException">The configuration is invalid.</exception>
    public static IServiceCollection AddCaching(this IServiceCollection services, CacheConfig config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        services.TryAddSingleton(config);
        services.TryAddSingleton(provider =>
        {
            CacheConfig configured = provider.GetRequiredService<CacheConfig>();
            foreach (CacheValueCopierRegistration registration in provider.GetServices<CacheValueCopierRegistration>())
            {
                registration.AddTo(configured.ValueCopiers);
            }

            if (configured.SemanticEnabled == true && configured.SemanticEmbedder is null)
            {
                configured.SemanticEmbedder = provider.GetService<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>();
                configured.SemanticJudge ??= provider.GetService<ISemanticJudge>();
            }

            return CacheManager.Create(configured, provider.GetService<ILoggerFactory>(), provider.GetService<TimeProvider>(), provider.GetService<DistributedBackend>());
        });
        services.TryAddSingleton<ICacheManager>(provider => provider.GetRequiredService<CacheManager>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, CacheStartup>());
        return services;
    }

    /// <summary>
    /// Adds a hand-written copier of <typeparamref name="T"/> to the manager's <see cref="CacheConfig.ValueCopiers"/>, so that
    /// a hit on a mutable value is a copy instead of a JSON round trip (see <see cref="CacheValueCopiers"/>).
    /// </summary>
    public static IServiceCollection AddCacheValueCopier<T>(this IServiceCollection services, Func<T, T?> tryCopy)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(tryCopy);
        services.AddSingleton(new CacheValueCopierRegistration(copiers => copiers.Add(tryCopy)));
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

/// <summary>A copier added in the DI container, applied to the manager's configuration when the manager is built.</summary>
internal sealed class CacheValueCopierRegistration(Action<CacheValueCopiers> add)
{
    public void AddTo(CacheValueCopiers copiers) => add(copiers);
}

using System;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.AI;

/// <summary><c>UseCaching()</c> for Microsoft.Extensions.AI pipelines, beside MEAI's own <c>UseDistributedCache()</c>.</summary>
public static class CachingBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="global::Caching.Extensions.AI.KeyedCachingChatClient"/> to the pipeline. Without <paramref name="cache"/> the
    /// <see cref="global::Caching.ICacheManager"/> comes from the builder's services (<c>services.AddCaching(...)</c>).
    /// </summary>
    public static ChatClientBuilder UseCaching(this ChatClientBuilder builder, global::Caching.ICacheManager? cache = null, Action<global::Caching.Extensions.AI.CachingChatClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var options = new global::Caching.Extensions.AI.CachingChatClientOptions();
            configure?.Invoke(options);
            return new global::Caching.Extensions.AI.KeyedCachingChatClient(inner, cache ?? services.GetRequiredService<global::Caching.ICacheManager>(), options);
        });
    }

    /// <summary>
    /// Adds a <see cref="global::Caching.Extensions.AI.KeyedCachingChatClient"/> configured by <paramref name="configure"/>, with the
    /// <see cref="global::Caching.ICacheManager"/> from the builder's services (<c>services.AddCaching(...)</c>).
    /// </summary>
    public static ChatClientBuilder UseCaching(this ChatClientBuilder builder, Action<global::Caching.Extensions.AI.CachingChatClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.UseCaching(cache: null, configure);
    }

    /// <summary>
    /// Adds a <see cref="global::Caching.Extensions.AI.CachingEmbeddingGenerator"/> to the pipeline. Without <paramref name="cache"/> the
    /// <see cref="global::Caching.ICacheManager"/> comes from the builder's services.
    /// </summary>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> UseCaching(
        this EmbeddingGeneratorBuilder<string, Embedding<float>> builder,
        global::Caching.ICacheManager? cache = null,
        TimeSpan? ttl = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) => new global::Caching.Extensions.AI.CachingEmbeddingGenerator(inner, cache ?? services.GetRequiredService<global::Caching.ICacheManager>(), ttl));
    }
}

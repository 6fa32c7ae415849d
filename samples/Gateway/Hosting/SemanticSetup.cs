using System;
using Caching;
using Gateway.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting;

/// <summary>
/// The semantic layer of the gateway (<c>Cache:Semantic:Enabled</c>, off by default): its embedder is "local" (MiniLM-L6
/// on this machine, with the judge measured for it) or "upstream" (the provider's embeddings endpoint with
/// <c>Gateway:SemanticEmbeddingModel</c>, judged by a cosine threshold). A Native AOT build has no local embedder.
/// </summary>
internal static class SemanticSetup
{
    public const string Local = "local";
    public const string Upstream = "upstream";

#if LOCAL_EMBEDDER
    public const bool HasLocalEmbedder = true;
#else
    public const bool HasLocalEmbedder = false;
#endif

    /// <summary>The cosine an upstream model's vectors need, until measured for that model on labelled pairs.</summary>
    public const double UpstreamDefaultThreshold = 0.96;

    /// <summary>Registers the embedder and judge the configuration names; true when the layer is on.</summary>
    /// <exception cref="CacheConfigException">The embedder is unknown, or local in a build without one.</exception>
    public static bool AddSemanticLayer(this IServiceCollection services, CacheConfig config, IConfiguration configuration, Func<IServiceProvider, ILlmProvider> upstreamProvider)
    {
        if (config.SemanticEnabled != true)
        {
            return false;
        }

        string embedder = (config.SemanticEmbedderName ?? (HasLocalEmbedder ? Local : Upstream)).Trim().ToLowerInvariant();
        if (embedder == Local)
        {
#if LOCAL_EMBEDDER
            services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(_ => new Caching.Semantic.Onnx.LocalEmbeddingGenerator());
            services.AddSingleton<ISemanticJudge>(Caching.Semantic.Onnx.MiniLmJudge.Default);
            return true;
#else
            throw new CacheConfigException("Cache configuration field 'Semantic:Embedder' is \"local\", but this build has no local embedder (Native AOT leaves ONNX Runtime out): use \"upstream\", or run a build made with -p:LocalEmbedder=true.") { Field = "Semantic:Embedder" };
#endif
        }

        if (embedder != Upstream)
        {
            throw new CacheConfigException($"Cache configuration field 'Semantic:Embedder' has \"{config.SemanticEmbedderName}\": allowed values are \"local\" and \"upstream\".") { Field = "Semantic:Embedder" };
        }

        string model = configuration["Gateway:SemanticEmbeddingModel"] ?? "text-embedding-3-small";
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(provider => new UpstreamEmbeddingGenerator(upstreamProvider(provider), model));
        services.AddSingleton<ISemanticJudge>(new CosineJudge(UpstreamDefaultThreshold));
        return true;
    }
}

using System;

namespace Caching.Semantic.Onnx;

/// <summary>Turns the semantic layer on with the local model.</summary>
public static class SemanticConfigExtensions
{
    /// <summary>
    /// Sets <see cref="CacheConfig.SemanticEmbedder"/> to a <see cref="LocalEmbeddingGenerator"/> and
    /// <see cref="CacheConfig.SemanticJudge"/> to the <see cref="MiniLmJudge"/> measured for it.
    /// </summary>
    public static CacheConfig UseLocalSemanticModel(this CacheConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.SemanticEmbedder = new LocalEmbeddingGenerator();
        config.SemanticJudge = MiniLmJudge.Default;
        return config;
    }
}

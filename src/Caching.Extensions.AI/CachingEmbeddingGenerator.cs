using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Extensions.AI.Keys;
using Microsoft.Extensions.AI;

namespace Caching.Extensions.AI;

/// <summary>
/// Caches embeddings one input at a time: a batch whose inputs are partly cached calls the inner generator once, with
/// only the missing inputs in their order, and returns every embedding in input order. Keys are
/// <c>embedding:{ModelId}:{hash}</c> over the input, the dimensions and the additional properties.
/// </summary>
/// <remarks>A cached embedding keeps its vector and model id; the inner generator's usage and additional properties of a batch are not cached.</remarks>
public class CachingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ICacheManager _cache;
    private readonly TimeSpan? _ttl;
    private string? _defaultModelId;
    private bool _metadataRead;

    /// <summary>Wraps <paramref name="innerGenerator"/> so that each input's embedding is served from <paramref name="cache"/> when it can be.</summary>
    public CachingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, ICacheManager cache, TimeSpan? ttl = null)
        : base(innerGenerator)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _ttl = ttl;
    }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        string[] inputs = [.. values];
        string model = options?.ModelId ?? DefaultModelId();
        var results = new Embedding<float>?[inputs.Length];
        var keys = new string?[inputs.Length];
        var missing = new List<int>();
        for (int i = 0; i < inputs.Length; i++)
        {
            keys[i] = CachedKeyedCalls.GenerateAsyncKey(model, inputs[i], options?.Dimensions, options?.AdditionalProperties);
            float[]? vector = keys[i] is { } key ? await _cache.GetAsync<float[]>(key, cancellationToken).ConfigureAwait(false) : null;
            if (vector is null)
            {
                missing.Add(i);
            }
            else
            {
                results[i] = new Embedding<float>(vector) { ModelId = model };
            }
        }

        if (missing.Count > 0)
        {
            GeneratedEmbeddings<Embedding<float>> generated = await base.GenerateAsync(missing.Select(i => inputs[i]), options, cancellationToken).ConfigureAwait(false);
            if (generated.Count != missing.Count)
            {
                throw new InvalidOperationException($"The inner generator returned {generated.Count} embeddings for {missing.Count} inputs.");
            }

            for (int j = 0; j < missing.Count; j++)
            {
                int i = missing[j];
                results[i] = generated[j];
                if (keys[i] is { } key)
                {
                    await _cache.SetAsync(key, generated[j].Vector.ToArray(), _ttl is { } ttl ? CacheEntryOptions.FromTimeSpan(ttl) : null, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    _cache.RecordUncacheable();
                }
            }
        }

        return new GeneratedEmbeddings<Embedding<float>>(results.Select(r => r!));
    }

    private string DefaultModelId()
    {
        if (!_metadataRead)
        {
            _defaultModelId = InnerGenerator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId;
            _metadataRead = true;
        }

        return _defaultModelId ?? string.Empty;
    }
}

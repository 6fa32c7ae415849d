using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Contracts;
using Gateway.Hosting;
using Microsoft.Extensions.AI;

namespace Gateway.Providers;

/// <summary>
/// The semantic layer's embedder when <c>Cache:Semantic:Embedder</c> is "upstream": the provider's own embeddings
/// endpoint (uncached: a question's vector is asked once, when no exact answer is cached), with
/// <c>Gateway:SemanticEmbeddingModel</c>.
/// </summary>
public sealed class UpstreamEmbeddingGenerator(ILlmProvider upstream, string model) : IEmbeddingGenerator<string, Embedding<float>>
{
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        string[] texts = [.. values];
        var request = new EmbeddingRequest { Model = model, Input = JsonSerializer.SerializeToElement(texts, GatewayJson.Info<string[]>()) };
        EmbeddingResponse response = await upstream.EmbedAsync(request, scope: null, cancellationToken);
        if (response.Data.Length != texts.Length)
        {
            throw new InvalidOperationException($"The upstream embeddings endpoint answered {response.Data.Length} vectors for {texts.Length} texts.");
        }

        return new GeneratedEmbeddings<Embedding<float>>(response.Data.OrderBy(d => d.Index).Select(d => new Embedding<float>(d.Embedding.ToArray()) { ModelId = model }));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Generators.Tests.Behaviour;

public sealed record ChatMessage(string Role, string Content, string? Name = null);

public enum ResponseFormat
{
    Text,
    Json,
}

public sealed record ToolSpec(string Name, IReadOnlyDictionary<string, string> Parameters);

public sealed record ChatRequest(
    string Model,
    IReadOnlyList<ChatMessage> Messages,
    double? Temperature = null,
    int? MaxTokens = null,
    [property: NotCacheKey] string? User = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    ResponseFormat Format = ResponseFormat.Text,
    IReadOnlyList<ToolSpec>? Tools = null);

[ImmutableObject(true)]
public sealed record ChatResponse(string Id, string Content);

public sealed record ImageResult(string Url);

public interface IChatProvider
{
    [CachedCompletion(Ttl = "10m")]
    Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default);

    [CachedEmbedding]
    ValueTask<float[]> EmbedAsync(string model, string input, CancellationToken cancellationToken = default);

    [CachedImage]
    Task<ImageResult> GenerateImageAsync(string model, string prompt, int width, int height, [CacheScope] string tenant, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default);
}

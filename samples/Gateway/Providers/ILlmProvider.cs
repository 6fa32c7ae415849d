using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Caching;
using Gateway.Contracts;

namespace Gateway.Providers;

/// <summary>
/// The upstream provider. The attributes are all the caching code this gateway has: the generator emits
/// <c>CachedLlmProvider</c> and <c>AddCachedLlmProvider()</c> from them. The scope keeps answers apart that must not be
/// shared (an end user's, when <c>Gateway:KeyByEndUser</c> is on); null shares them. Providers ignore it.
/// </summary>
public interface ILlmProvider
{
    [CachedCompletion]
    Task<ChatCompletionResponse> CompleteAsync(ChatCompletionRequest request, [CacheScope] string? scope = null, CancellationToken cancellationToken = default);

    /// <summary>A chat completion as the provider streams it, ending with a usage chunk.</summary>
    [CachedCompletion]
    IAsyncEnumerable<ChatCompletionChunk> CompleteStreamingAsync(ChatCompletionRequest request, [CacheScope] string? scope = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// A chat completion whose last message, the user's plain text, is given apart (see <see cref="SemanticQuestion"/>):
    /// with <c>Cache:Semantic:Enabled</c> the cache may answer it from a question worded differently, everything else
    /// equal. Providers answer <see cref="SemanticQuestion.Reassemble"/>'s request.
    /// </summary>
    [CachedCompletion(Semantic = true)]
    Task<ChatCompletionResponse> CompleteQuestionAsync(ChatCompletionRequest conversation, [SemanticText] string question, [CacheScope] string? scope = null, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="CompleteQuestionAsync"/>, streamed.</summary>
    [CachedCompletion(Semantic = true)]
    IAsyncEnumerable<ChatCompletionChunk> CompleteQuestionStreamingAsync(ChatCompletionRequest conversation, [SemanticText] string question, [CacheScope] string? scope = null, CancellationToken cancellationToken = default);

    [CachedEmbedding]
    Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, [CacheScope] string? scope = null, CancellationToken cancellationToken = default);

    [CachedImage]
    Task<ImageResponse> GenerateImageAsync(ImageRequest request, [CacheScope] string? scope = null, CancellationToken cancellationToken = default);
}

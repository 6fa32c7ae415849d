using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Caching.Extensions.AI.Keys;

/// <summary>
/// The calls whose keys the generator builds (<c>CachedKeyedCalls.*Key</c>): never implemented, only annotated, so that
/// every key of this package comes from generated code over the Microsoft.Extensions.AI types.
/// </summary>
internal interface IKeyedCalls
{
    [CachedCompletion]
    Task<ChatResponse> GetResponseAsync([CacheModel] string model, IEnumerable<ChatMessage> messages, ChatOptionsKey? options);

    [CachedCompletion]
    Task<ChatResponse> GetScopedResponseAsync([CacheModel] string model, [CacheScope] string scope, IEnumerable<ChatMessage> messages, ChatOptionsKey? options);

    [CachedCompletion]
    IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync([CacheModel] string model, IEnumerable<ChatMessage> messages, ChatOptionsKey? options);

    [CachedCompletion]
    IAsyncEnumerable<ChatResponseUpdate> GetScopedStreamingResponseAsync([CacheModel] string model, [CacheScope] string scope, IEnumerable<ChatMessage> messages, ChatOptionsKey? options);

    /// <summary>
    /// The semantic partition of a request: every message but the last one's text, every option, the scope, and whether it
    /// streams. Only the key method is used.
    /// </summary>
    [CachedCompletion]
    Task<ChatResponse> GetSemanticPartitionAsync([CacheModel] string model, [CacheScope] string? scope, bool streaming, IEnumerable<ChatMessage> earlierMessages, LastTurnKey lastTurn, ChatOptionsKey? options);

    [CachedEmbedding]
    Task<float[]> GenerateAsync([CacheModel] string model, string input, int? dimensions, IReadOnlyDictionary<string, object?>? additionalProperties);
}

using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Caching.Extensions.AI;

/// <summary>How <see cref="CachingChatClient"/> caches.</summary>
public sealed class CachingChatClientOptions
{
    /// <summary>
    /// The tenant a request belongs to (null: none). Requests of different scopes never share an entry, and
    /// <c>InvalidateAsync("scope:" + CacheKeyBuilder.EscapePattern(tenant) + ":*")</c> removes one tenant's entries.
    /// </summary>
    public Func<IEnumerable<ChatMessage>, ChatOptions?, string?>? CacheScope { get; set; }

    /// <summary>How long an answer is kept; null: the cache's default.</summary>
    public TimeSpan? Ttl { get; set; }

    /// <summary>
    /// Whether an answer that asks for tool calls (finish reason <see cref="ChatFinishReason.ToolCalls"/>) is cached.
    /// Default true: the same conversation and tools ask for the same calls.
    /// </summary>
    public bool CacheToolCalls { get; set; } = true;
}

using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Caching.Extensions.AI;

/// <summary>How <see cref="KeyedCachingChatClient"/> caches.</summary>
public sealed class CachingChatClientOptions
{
    /// <summary>
    /// The tenant a request belongs to (null: none). Requests of different scopes never share an entry, and
    /// <c>InvalidateAsync("scope:" + CacheKeyBuilder.EscapePattern(tenant) + ":*")</c> removes one tenant's entries.
    /// </summary>
    public Func<IEnumerable<ChatMessage>, ChatOptions?, string?>? CacheScope { get; set; }

    /// <summary>How long an answer is fresh; null: the cache's default.</summary>
    public TimeSpan? Ttl { get; set; }

    /// <summary>
    /// How long after its freshness an answer is kept, stale, to stand in for a failing inner client (an exception or a
    /// timeout); null: the cache's <c>stale_if_error</c>. A stale answer is never served while the inner client answers.
    /// </summary>
    public TimeSpan? StaleIfError { get; set; }

    /// <summary>With a stale answer to fall back on, how long the inner client may take before the stale answer is served (it goes on to refresh the entry); null: the cache's setting.</summary>
    public TimeSpan? SoftTimeout { get; set; }

    /// <summary>With a stale answer to fall back on, the longest the inner client may take before it is cancelled; null: the cache's setting.</summary>
    public TimeSpan? HardTimeout { get; set; }

    /// <summary>The part of an answer's freshness after which a hit refreshes it in the background (0.9, say); null: the cache's setting.</summary>
    public double? EagerRefresh { get; set; }

    /// <summary>
    /// Whether an answer that asks for tool calls (finish reason <see cref="ChatFinishReason.ToolCalls"/>) is cached.
    /// Default true: the same conversation and tools ask for the same calls.
    /// </summary>
    public bool CacheToolCalls { get; set; } = true;

    /// <summary>
    /// Whether a request may be answered with a response cached for another wording of its last user message, everything
    /// else equal (earlier messages, every option, the scope): a semantic hit, when the cache manager has a semantic layer
    /// (<c>CacheConfig.SemanticEmbedder</c>). Only a last message from the user made of text alone is compared. (A request
    /// with a <see cref="ChatOptions.ConversationId"/>, whose history the provider keeps, is never cached at all.) Default false.
    /// </summary>
    public bool Semantic { get; set; }

    /// <summary>The cache options these settings make, or null when they leave everything to the cache's configuration.</summary>
    internal CacheEntryOptions? ToEntryOptions() =>
        Ttl is null && StaleIfError is null && SoftTimeout is null && HardTimeout is null && EagerRefresh is null
            ? null
            : new CacheEntryOptions { Ttl = Ttl, StaleIfError = StaleIfError, SoftTimeout = SoftTimeout, HardTimeout = HardTimeout, EagerRefresh = EagerRefresh };
}

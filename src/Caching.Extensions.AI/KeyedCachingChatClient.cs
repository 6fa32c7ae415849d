using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Caching.Extensions.AI.Keys;
using Microsoft.Extensions.AI;

namespace Caching.Extensions.AI;

/// <summary>
/// Answers repeated chat requests from an <see cref="ICacheManager"/>, with keys built by generated code (hence the
/// name, which also keeps it apart from Microsoft.Extensions.AI's own <c>CachingChatClient</c>): one inner call per key at a time (concurrent
/// identical requests share it), streamed responses recorded and replayed update by update. Keys are
/// <c>chat:{ModelId}:{hash}</c> over every message and every option that reaches the provider, built by generated code.
/// </summary>
/// <remarks>
/// What is stored: a response whose finish reason is absent, <see cref="ChatFinishReason.Stop"/>,
/// <see cref="ChatFinishReason.Length"/> or (with <see cref="CachingChatClientOptions.CacheToolCalls"/>)
/// <see cref="ChatFinishReason.ToolCalls"/>. Any other (a content filter, a provider-specific reason) is returned to the
/// callers that asked together but not stored, so the next request asks the provider again. A streamed response is
/// stored when its stream completes (its updates carry the finish reason, and are replayed as they came).
/// </remarks>
public class KeyedCachingChatClient : DelegatingChatClient
{
    private readonly ICacheManager _cache;
    private readonly CachingChatClientOptions _options;
    private readonly CacheEntryOptions? _entryOptions;
    private string? _defaultModelId;
    private bool _metadataRead;

    /// <summary>Wraps <paramref name="innerClient"/> so that its answers are served from <paramref name="cache"/> when they can be.</summary>
    /// <remarks>
    /// A hit hands out a copy of the stored response (a caller may change the one it gets): a hand-written
    /// <see cref="ChatResponse"/> copier is added to <paramref name="cache"/>'s <see cref="ICacheManager.ValueCopiers"/>
    /// (unless it has one), a fraction of the JSON round trip it replaces.
    /// </remarks>
    public KeyedCachingChatClient(IChatClient innerClient, ICacheManager cache, CachingChatClientOptions? options = null)
        : base(innerClient)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _options = options ?? new CachingChatClientOptions();
        _entryOptions = _options.ToEntryOptions();
        cache.ValueCopiers?.TryAdd<ChatResponse>(ChatResponseCopy.TryCopy);
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        IReadOnlyList<ChatMessage> list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        if (KeepsStateAtProvider(options))
        {
            _cache.RecordBypass();
            return base.GetResponseAsync(list, options, cancellationToken);
        }

        string? key = Key(list, options, streaming: false);
        if (key is null)
        {
            _cache.RecordUncacheable();
            return base.GetResponseAsync(list, options, cancellationToken);
        }

        var state = (Client: this, Messages: list, Options: options);
        ValueTask<ChatResponse> pending = SemanticQueryOf(list, options, streaming: false) is { } semantic
            ? _cache.GetOrCreateAsync(key, semantic, state, AskInnerClient, _entryOptions, cancellationToken)
            : _cache.GetOrCreateAsync(key, state, AskInnerClient, _entryOptions, cancellationToken);

        // A hit has completed already: no state machine for it.
        return pending.IsCompletedSuccessfully ? Task.FromResult(pending.Result) : pending.AsTask();
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        IReadOnlyList<ChatMessage> list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        string? key = KeepsStateAtProvider(options) ? null : Key(list, options, streaming: true);
        IAsyncEnumerable<ChatResponseUpdate> updates;
        if (KeepsStateAtProvider(options))
        {
            _cache.RecordBypass();
            updates = base.GetStreamingResponseAsync(list, options, cancellationToken);
        }
        else if (key is null)
        {
            _cache.RecordUncacheable();
            updates = base.GetStreamingResponseAsync(list, options, cancellationToken);
        }
        else
        {
            var state = (Inner: InnerClient, Messages: list, Options: options);
            updates = SemanticQueryOf(list, options, streaming: true) is { } semantic
                ? _cache.GetOrCreateStreamAsync(key, semantic, state, StreamInnerClient, _entryOptions, cancellationToken)
                : _cache.GetOrCreateStreamAsync(key, state, StreamInnerClient, _entryOptions, cancellationToken);
        }

        await foreach (ChatResponseUpdate update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    private static async ValueTask<ChatResponse> AskInnerClient((KeyedCachingChatClient Client, IReadOnlyList<ChatMessage> Messages, ChatOptions? Options) state, CacheFactoryContext context, CancellationToken cancellationToken)
    {
        ChatResponse response = await state.Client.InnerClient.GetResponseAsync(state.Messages, state.Options, cancellationToken).ConfigureAwait(false);
        if (!state.Client.IsStorable(response))
        {
            context.DoNotStore();
        }

        return response;
    }

    private static IAsyncEnumerable<ChatResponseUpdate> StreamInnerClient((IChatClient Inner, IReadOnlyList<ChatMessage> Messages, ChatOptions? Options) state, CancellationToken cancellationToken) =>
        state.Inner.GetStreamingResponseAsync(state.Messages, state.Options, cancellationToken);

    /// <summary>
    /// The semantic query of a request when <see cref="CachingChatClientOptions.Semantic"/> is on and its last message is
    /// the user's, made of text alone: that text, within the partition of everything else. Null otherwise.
    /// </summary>
    private SemanticQuery? SemanticQueryOf(IReadOnlyList<ChatMessage> messages, ChatOptions? options, bool streaming)
    {
        if (!_options.Semantic || messages.Count == 0)
        {
            return null;
        }

        ChatMessage last = messages[^1];
        if (last.Role != ChatRole.User || last.Contents.Count == 0 || !last.Contents.All(c => c is TextContent { AdditionalProperties: null or { Count: 0 } }))
        {
            return null;
        }

        string text = last.Contents.Count == 1 ? ((TextContent)last.Contents[0]).Text : string.Join("\n", last.Contents.Select(c => ((TextContent)c).Text));
        var lastTurn = new LastTurnKey(last.Role.Value, last.AuthorName, last.AdditionalProperties is { Count: > 0 } properties ? properties : null);
        IEnumerable<ChatMessage> earlier = messages.Take(messages.Count - 1);
        string? partition = CachedKeyedCalls.GetSemanticPartitionAsyncKey(ModelOf(options), _options.CacheScope?.Invoke(messages, options), streaming, earlier, lastTurn, ChatOptionsKey.From(options));
        return partition is null || text.Length == 0 ? null : new SemanticQuery(partition, text);
    }

    /// <summary>
    /// A request with a <see cref="ChatOptions.ConversationId"/> continues a conversation the provider holds: the same
    /// messages mean something else in another state of it, so it is never answered from the cache, as
    /// Microsoft.Extensions.AI's own caching client does.
    /// </summary>
    private static bool KeepsStateAtProvider(ChatOptions? options) => options?.ConversationId is not null;

    /// <summary>The key of a whole response, or null when a value in the request cannot be keyed.</summary>
    internal string? ResponseKey(IReadOnlyList<ChatMessage> messages, ChatOptions? options) => Key(messages, options, streaming: false);

    /// <summary>A streamed and a whole response are different operations, so their keys differ.</summary>
    private string? Key(IReadOnlyList<ChatMessage> messages, ChatOptions? options, bool streaming)
    {
        string model = ModelOf(options);
        ChatOptionsKey? optionsKey = ChatOptionsKey.From(options);
        string? scope = _options.CacheScope?.Invoke(messages, options);
        return (streaming, scope) switch
        {
            (false, null) => CachedKeyedCalls.GetResponseAsyncKey(model, messages, optionsKey),
            (false, _) => CachedKeyedCalls.GetScopedResponseAsyncKey(model, scope, messages, optionsKey),
            (true, null) => CachedKeyedCalls.GetStreamingResponseAsyncKey(model, messages, optionsKey),
            (true, _) => CachedKeyedCalls.GetScopedStreamingResponseAsyncKey(model, scope, messages, optionsKey),
        };
    }

    private string ModelOf(ChatOptions? options)
    {
        if (options?.ModelId is { } model)
        {
            return model;
        }

        if (!_metadataRead)
        {
            _defaultModelId = InnerClient.GetService<ChatClientMetadata>()?.DefaultModelId;
            _metadataRead = true;
        }

        return _defaultModelId ?? string.Empty;
    }

    /// <summary>Whether a response may be stored: not a content-filtered one, nor (unless asked) one that calls tools.</summary>
    private bool IsStorable(ChatResponse response)
    {
        ChatFinishReason? reason = response.FinishReason;
        bool storable = reason is null
            || reason == ChatFinishReason.Stop
            || reason == ChatFinishReason.Length
            || (reason == ChatFinishReason.ToolCalls && _options.CacheToolCalls);
        if (storable && !_options.CacheToolCalls && response.Messages.Any(m => m.Contents.OfType<FunctionCallContent>().Any()))
        {
            storable = false;
        }

        return storable;
    }
}

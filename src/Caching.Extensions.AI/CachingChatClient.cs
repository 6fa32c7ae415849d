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
/// Answers repeated chat requests from an <see cref="ICacheManager"/>: one inner call per key at a time (concurrent
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
public class CachingChatClient : DelegatingChatClient
{
    private readonly ICacheManager _cache;
    private readonly CachingChatClientOptions _options;
    private string? _defaultModelId;
    private bool _metadataRead;

    static CachingChatClient()
    {
        // A hit hands out a copy of the stored response (a caller may change the one it gets); copying by hand is a
        // fraction of a JSON round trip.
        CacheValueCopier.Register<ChatResponse>(ChatResponseCopy.TryCopy);
    }

    /// <summary>Wraps <paramref name="innerClient"/> so that its answers are served from <paramref name="cache"/> when they can be.</summary>
    public CachingChatClient(IChatClient innerClient, ICacheManager cache, CachingChatClientOptions? options = null)
        : base(innerClient)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _options = options ?? new CachingChatClientOptions();
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        IReadOnlyList<ChatMessage> list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        string? key = Key(list, options, streaming: false);
        if (key is null)
        {
            _cache.RecordUncacheable();
            return base.GetResponseAsync(list, options, cancellationToken);
        }

        ValueTask<ChatResponse> pending = _cache.GetOrCreateAsync(
            key,
            (Client: this, Messages: list, Options: options),
            static async (state, token) => state.Client.Storable(await state.Client.InnerClient.GetResponseAsync(state.Messages, state.Options, token).ConfigureAwait(false)),
            _options.Ttl,
            cancellationToken);

        // A hit has completed already: no state machine for it.
        return pending.IsCompletedSuccessfully ? Task.FromResult(pending.Result) : CompleteAsync(pending);
    }

    private static async Task<ChatResponse> CompleteAsync(ValueTask<ChatResponse> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (UnstorableResponseException unstorable)
        {
            return unstorable.Response;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        IReadOnlyList<ChatMessage> list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        string? key = Key(list, options, streaming: true);
        IAsyncEnumerable<ChatResponseUpdate> updates;
        if (key is null)
        {
            _cache.RecordUncacheable();
            updates = base.GetStreamingResponseAsync(list, options, cancellationToken);
        }
        else
        {
            updates = _cache.GetOrCreateStreamAsync(
                key,
                (Inner: InnerClient, Messages: list, Options: options),
                static (state, token) => state.Inner.GetStreamingResponseAsync(state.Messages, state.Options, token),
                _options.Ttl,
                cancellationToken);
        }

        await foreach (ChatResponseUpdate update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

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

    /// <summary>The response, or an exception carrying it when it must not be stored (so the flight stores nothing).</summary>
    private ChatResponse Storable(ChatResponse response)
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

        return storable ? response : throw new UnstorableResponseException(response);
    }
}

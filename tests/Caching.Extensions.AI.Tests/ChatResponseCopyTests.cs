using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Caching.Extensions.AI.Tests;

/// <summary>
/// A hit hands out a hand-made copy of the stored <see cref="ChatResponse"/>: it must be equal to the original on the wire
/// and share nothing a caller could change; a response it cannot copy is kept as JSON, and callers are isolated all the same.
/// </summary>
public sealed class ChatResponseCopyTests
{
    public static TheoryData<string> CopyableResponses() => [.. Copyable.Keys];

    private static readonly Dictionary<string, Func<ChatResponse>> Copyable = new()
    {
        ["text"] = () => new ChatResponse(new ChatMessage(ChatRole.Assistant, "hello")),
        ["every response member"] = () => new ChatResponse(new ChatMessage(ChatRole.Assistant, "hi") { AuthorName = "bot", MessageId = "m1", CreatedAt = DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture) })
        {
            ResponseId = "r1",
            ConversationId = "c1",
            ModelId = "gpt-4o",
            CreatedAt = DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture),
            FinishReason = ChatFinishReason.Length,
            Usage = Usage(),
            AdditionalProperties = new() { ["system_fingerprint"] = "fp", ["n"] = 3, ["json"] = JsonDocument.Parse("""{"a":[1,2]}""").RootElement },
            RawRepresentation = new object(),
        },
        ["reasoning, text and usage contents"] = () => new ChatResponse(new ChatMessage(ChatRole.Assistant,
        [
            new TextReasoningContent("thinking") { ProtectedData = "sealed" },
            new TextContent("answer") { AdditionalProperties = new() { ["logprob"] = -0.5 } },
            new UsageContent(Usage()),
        ])),
        ["function calls"] = () => new ChatResponse(new ChatMessage(ChatRole.Assistant,
        [
            new FunctionCallContent("call-1", "lookup", new Dictionary<string, object?> { ["q"] = "x", ["limit"] = 5, ["filter"] = JsonDocument.Parse("""{"k":"v"}""").RootElement }),
            new FunctionCallContent("call-2", "now") { InformationalOnly = true },
        ]))
        { FinishReason = ChatFinishReason.ToolCalls },
        ["several messages"] = () => new ChatResponse([new ChatMessage(ChatRole.Assistant, "one"), new ChatMessage(ChatRole.Tool, "two") { AdditionalProperties = new() { ["at"] = DateTimeOffset.UnixEpoch } }]),
    };

    [Theory]
    [MemberData(nameof(CopyableResponses))]
    public void A_copy_is_equal_on_the_wire_and_shares_nothing_mutable(string name)
    {
        ChatResponse original = Copyable[name]();

        ChatResponse? copy = ChatResponseCopy.TryCopy(original);

        Assert.NotNull(copy);
        Assert.Equal(Json(original), Json(copy));
        Assert.Null(copy.RawRepresentation);
        Assert.Equal([], SharedMutableObjects(original, copy));
    }

    [Theory]
    [MemberData(nameof(CopyableResponses))]
    public async Task Hits_are_equal_to_the_answer_on_the_wire_and_share_nothing_mutable(string name)
    {
        await using CacheManager cache = CacheManager.Create(new CacheConfig { MaxSize = 1_000 });
        using var client = new KeyedCachingChatClient(new FixedChatClient(Copyable[name]), cache);
        ChatResponse answer = await client.GetResponseAsync([new ChatMessage(ChatRole.User, name)]);

        ChatResponse first = await client.GetResponseAsync([new ChatMessage(ChatRole.User, name)]);
        ChatResponse second = await client.GetResponseAsync([new ChatMessage(ChatRole.User, name)]);

        Assert.Equal(Json(answer), Json(first));
        Assert.Equal([], SharedMutableObjects(first, second));
        Assert.Equal([], SharedMutableObjects(answer, first));
        Assert.Equal(1, cache.GetStats().Misses);
    }

    public static TheoryData<string> DeclinedResponses() => [.. Declined.Keys];

    private static readonly Dictionary<string, Func<ChatResponse>> Declined = new()
    {
        ["data content"] = () => new ChatResponse(new ChatMessage(ChatRole.Assistant, [new DataContent(new byte[] { 1, 2, 3 }, "image/png")])),
        ["annotated text"] = () => new ChatResponse(new ChatMessage(ChatRole.Assistant, [new TextContent("cited") { Annotations = [new CitationAnnotation { Title = "source" }] }])),
        ["a mutable property value"] = () => new ChatResponse(new ChatMessage(ChatRole.Assistant, "x")) { AdditionalProperties = new() { ["list"] = new List<int> { 1 } } },
        ["a subclassed message"] = () => new ChatResponse(new DerivedMessage()),
    };

    [Theory]
    [MemberData(nameof(DeclinedResponses))]
    public async Task A_response_the_copy_declines_is_kept_as_json_and_hits_stay_isolated(string name)
    {
        Assert.Null(ChatResponseCopy.TryCopy(Declined[name]()));
        await using CacheManager cache = CacheManager.Create(new CacheConfig { MaxSize = 1_000 });
        using var client = new KeyedCachingChatClient(new FixedChatClient(Declined[name]), cache);
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, name)]);

        ChatResponse first = await client.GetResponseAsync([new ChatMessage(ChatRole.User, name)]);
        first.Messages.Clear();
        ChatResponse second = await client.GetResponseAsync([new ChatMessage(ChatRole.User, name)]);

        Assert.NotEmpty(second.Messages);
        Assert.Equal(1, cache.GetStats().Misses);
    }

    /// <summary>
    /// The copy names every member of the types it copies; when Microsoft.Extensions.AI adds one, this fails until the copy
    /// carries it (a copy that silently dropped a member would serve a different answer).
    /// </summary>
    [Theory]
    [InlineData(typeof(ChatResponse), "AdditionalProperties ContinuationToken ConversationId CreatedAt FinishReason Messages ModelId RawRepresentation ResponseId Text Usage")]
    [InlineData(typeof(ChatMessage), "AdditionalProperties AuthorName Contents CreatedAt MessageId RawRepresentation Role Text")]
    [InlineData(typeof(TextContent), "AdditionalProperties Annotations RawRepresentation Text")]
    [InlineData(typeof(TextReasoningContent), "AdditionalProperties Annotations ProtectedData RawRepresentation Text")]
    [InlineData(typeof(FunctionCallContent), "AdditionalProperties Annotations Arguments CallId Exception InformationalOnly Name RawRepresentation")]
    [InlineData(typeof(UsageContent), "AdditionalProperties Annotations Details RawRepresentation")]
    [InlineData(typeof(UsageDetails), "AdditionalCounts CachedInputTokenCount InputAudioTokenCount InputTextTokenCount InputTokenCount OutputAudioTokenCount OutputTextTokenCount OutputTokenCount ReasoningTokenCount TotalTokenCount")]
    public void The_copy_knows_every_public_member_of_the_types_it_copies(Type type, string members)
    {
        string actual = string.Join(' ', type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).Select(p => p.Name).Distinct().Order(StringComparer.Ordinal));

        Assert.Equal(members, actual);
    }

    private static UsageDetails Usage() => new()
    {
        InputTokenCount = 10,
        OutputTokenCount = 5,
        TotalTokenCount = 15,
        CachedInputTokenCount = 2,
        ReasoningTokenCount = 1,
        AdditionalCounts = new() { ["extra"] = 7 },
    };

    private static string Json(ChatResponse response) => JsonSerializer.Serialize(response, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse)));

    /// <summary>Every object reachable from both graphs through public properties, other than strings and boxed values.</summary>
    private static List<string> SharedMutableObjects(object left, object right)
    {
        var fromLeft = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
        Walk(left, "response", fromLeft);
        var fromRight = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
        Walk(right, "response", fromRight);
        return [.. fromRight.Keys.Where(fromLeft.ContainsKey).Select(o => fromRight[o])];
    }

    private static void Walk(object? value, string path, Dictionary<object, string> seen)
    {
        if (value is null or string or JsonElement or Type or IEqualityComparer or IComparer || value.GetType().IsValueType || path.Length > 400 || !seen.TryAdd(value, path))
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (object? item in sequence)
            {
                Walk(item is DictionaryEntry entry ? entry.Value : item, $"{path}[{i++}]", seen);
            }
        }

        foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.Name is not ("RawRepresentation" or "Text"))
            {
                Walk(property.GetValue(value), $"{path}.{property.Name}", seen);
            }
        }
    }

    private sealed class DerivedMessage : ChatMessage
    {
        public DerivedMessage()
            : base(ChatRole.Assistant, "derived")
        {
        }
    }

    private sealed class FixedChatClient(Func<ChatResponse> answer) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(answer());

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield break;
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}

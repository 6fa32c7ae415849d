using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Caching.Extensions.AI;

/// <summary>
/// A hand-written copy of a <see cref="ChatResponse"/> for the cache (<see cref="CacheValueCopiers"/>): every caller gets an
/// instance of its own without a JSON round trip per hit. The copy shares nothing mutable with the original and is equal
/// to it on the wire; what is not on the wire (<c>RawRepresentation</c>) is not copied, as a JSON copy would not have it.
/// </summary>
/// <remarks>
/// Only the shapes a provider usually answers with are copied: text, reasoning, function calls and usage, with
/// additional properties whose values are immutable. Anything else (another content type, annotations, a continuation
/// token, a mutable property value) makes the copy decline, and the cache keeps that response as JSON.
/// </remarks>
internal static class ChatResponseCopy
{
    public static ChatResponse? TryCopy(ChatResponse response)
    {
        if (response.ContinuationToken is not null
            || !TryCopy(response.AdditionalProperties, out AdditionalPropertiesDictionary? properties)
            || !TryCopy(response.Usage, out UsageDetails? usage))
        {
            return null;
        }

        if (TryCopyAll(response.Messages, TryCopy) is not { } messages)
        {
            return null;
        }

        return new ChatResponse(messages)
        {
            ResponseId = response.ResponseId,
            ConversationId = response.ConversationId,
            ModelId = response.ModelId,
            CreatedAt = response.CreatedAt,
            FinishReason = response.FinishReason,
            Usage = usage,
            AdditionalProperties = properties,
        };
    }

    private static ChatMessage? TryCopy(ChatMessage message)
    {
        if (message.GetType() != typeof(ChatMessage)
            || !TryCopy(message.AdditionalProperties, out AdditionalPropertiesDictionary? properties)
            || TryCopyAll(message.Contents, TryCopy) is not { } contents)
        {
            return null;
        }

        return new ChatMessage(message.Role, contents)
        {
            AuthorName = message.AuthorName,
            CreatedAt = message.CreatedAt,
            MessageId = message.MessageId,
            AdditionalProperties = properties,
        };
    }

    private static AIContent? TryCopy(AIContent content)
    {
        if (content.Annotations is { Count: > 0 } || !TryCopy(content.AdditionalProperties, out AdditionalPropertiesDictionary? properties))
        {
            return null;
        }

        // Exact types only: a subclass may carry state this copy does not know.
        Type type = content.GetType();
        AIContent? copy = null;
        if (type == typeof(TextContent))
        {
            copy = new TextContent(((TextContent)content).Text);
        }
        else if (type == typeof(TextReasoningContent))
        {
            var reasoning = (TextReasoningContent)content;
            copy = new TextReasoningContent(reasoning.Text) { ProtectedData = reasoning.ProtectedData };
        }
        else if (type == typeof(FunctionCallContent))
        {
            copy = TryCopy((FunctionCallContent)content);
        }
        else if (type == typeof(UsageContent) && TryCopy(((UsageContent)content).Details, out UsageDetails? details))
        {
            copy = new UsageContent(details!);
        }

        if (copy is not null)
        {
            copy.AdditionalProperties = properties;
        }

        return copy;
    }

    private static FunctionCallContent? TryCopy(FunctionCallContent call)
    {
        if (call.Exception is not null)
        {
            return null;
        }

        Dictionary<string, object?>? arguments = null;
        if (call.Arguments is { } original && !TryShareAll(original, arguments = new Dictionary<string, object?>(original.Count)))
        {
            return null;
        }

        return new FunctionCallContent(call.CallId, call.Name, arguments) { InformationalOnly = call.InformationalOnly };
    }

    private static bool TryCopy(UsageDetails? usage, out UsageDetails? copy)
    {
        copy = null;
        if (usage is null)
        {
            return true;
        }

        if (usage.GetType() != typeof(UsageDetails))
        {
            return false;
        }

        // The experimental counts are on the wire too, so a copy without them would not equal the original.
#pragma warning disable MEAI001
        copy = new UsageDetails
        {
            InputTokenCount = usage.InputTokenCount,
            OutputTokenCount = usage.OutputTokenCount,
            TotalTokenCount = usage.TotalTokenCount,
            CachedInputTokenCount = usage.CachedInputTokenCount,
            ReasoningTokenCount = usage.ReasoningTokenCount,
            InputAudioTokenCount = usage.InputAudioTokenCount,
            InputTextTokenCount = usage.InputTextTokenCount,
            OutputAudioTokenCount = usage.OutputAudioTokenCount,
            OutputTextTokenCount = usage.OutputTextTokenCount,
            AdditionalCounts = usage.AdditionalCounts is { } counts ? new AdditionalPropertiesDictionary<long>(counts) : null,
        };
#pragma warning restore MEAI001
        return true;
    }

    private static bool TryCopy(AdditionalPropertiesDictionary? properties, out AdditionalPropertiesDictionary? copy)
    {
        copy = null;
        if (properties is null)
        {
            return true;
        }

        copy = new AdditionalPropertiesDictionary();
        if (!TryShareAll(properties, copy))
        {
            copy = null;
            return false;
        }

        return true;
    }

    /// <summary>Copies of every item, or null when the copy declines one.</summary>
    /// <remarks>An index loop: a <c>foreach</c> over the interface boxes the list's enumerator on every hit.</remarks>
    private static List<T>? TryCopyAll<T>(IList<T> items, Func<T, T?> tryCopy)
        where T : class
    {
        var copies = new List<T>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            if (tryCopy(items[i]) is not { } copy)
            {
                return null;
            }

            copies.Add(copy);
        }

        return copies;
    }

    /// <summary>Adds every entry whose value both instances may hold; false at the first one that cannot be shared.</summary>
    private static bool TryShareAll<TDictionary>(IEnumerable<KeyValuePair<string, object?>> source, TDictionary destination)
        where TDictionary : IDictionary<string, object?>
    {
        foreach (KeyValuePair<string, object?> entry in source)
        {
            if (!TryShare(entry.Value, out object? shared))
            {
                return false;
            }

            destination.Add(entry.Key, shared);
        }

        return true;
    }

    /// <summary>A value both instances may hold: immutable ones as they are, a JSON element as an independent clone.</summary>
    private static bool TryShare(object? value, out object? shared)
    {
        shared = value;
        switch (value)
        {
            case null or string or bool or char or byte or sbyte or short or ushort or int or uint or long or ulong
                or float or double or decimal or Half or Int128 or UInt128
                or DateTime or DateTimeOffset or TimeSpan or DateOnly or TimeOnly or Guid:
                return true;
            case JsonElement element:
                // A clone owns its memory and is never disposed, so every copy can hold it.
                shared = element.Clone();
                return true;
            default:
                return false;
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Gateway.Contracts;
using Gateway.Hosting;

namespace Gateway.Providers;

/// <summary>
/// A chat request cut in two for the semantic layer: the conversation (every field, every message, the last one with its
/// content left out) names the partition; the last user message's text is what may be worded differently. Only a last
/// message from the user whose content is a plain string is cut; any other request stays exact.
/// </summary>
public static class SemanticQuestion
{
    public static bool TrySplit(ChatCompletionRequest request, [NotNullWhen(true)] out ChatCompletionRequest? conversation, [NotNullWhen(true)] out string? question)
    {
        conversation = null;
        question = null;
        if (request.Messages is not { Count: > 0 } messages
            || messages[^1] is not { Role: "user", Content: { ValueKind: JsonValueKind.String } content } last
            || content.GetString() is not { Length: > 0 } text)
        {
            return false;
        }

        ChatMessage[] withoutText = [.. messages];
        withoutText[^1] = last with { Content = null };
        conversation = request with { Messages = withoutText };
        question = text;
        return true;
    }

    /// <summary>The request as the client sent it: the conversation with the question back in its last message.</summary>
    public static ChatCompletionRequest Reassemble(ChatCompletionRequest conversation, string question)
    {
        ChatMessage[] messages = [.. conversation.Messages!];
        messages[^1] = messages[^1] with { Content = JsonSerializer.SerializeToElement(question, GatewayJson.Info<string>()) };
        return conversation with { Messages = messages };
    }
}

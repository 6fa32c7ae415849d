using System.Collections.Generic;
using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.Validation;

/// <summary>
/// The messages of a chat request, by role as OpenAI's API takes them: which properties each role has, which content
/// parts it may send, and the shape of each part and tool call. Anything else is refused before a provider is paid.
/// </summary>
internal static class MessageRules
{
    public const int MaxMessages = 2048;

    private static readonly string[] Roles = ["developer", "system", "user", "assistant", "tool", "function"];
    private static readonly HashSet<string> TextOnly = JsonRules.Set("text");
    private static readonly HashSet<string> UserParts = JsonRules.Set("text", "image_url", "input_audio", "file");
    private static readonly HashSet<string> AssistantParts = JsonRules.Set("text", "refusal");
    private static readonly HashSet<string> TextPart = JsonRules.Set("type", "text");
    private static readonly HashSet<string> ImagePart = JsonRules.Set("type", "image_url");
    private static readonly HashSet<string> ImageUrl = JsonRules.Set("url", "detail");
    private static readonly HashSet<string> AudioPart = JsonRules.Set("type", "input_audio");
    private static readonly HashSet<string> InputAudio = JsonRules.Set("data", "format");
    private static readonly HashSet<string> FilePart = JsonRules.Set("type", "file");
    private static readonly HashSet<string> FileFields = JsonRules.Set("file_data", "file_id", "filename");
    private static readonly HashSet<string> RefusalPart = JsonRules.Set("type", "refusal");
    private static readonly HashSet<string> ToolCall = JsonRules.Set("id", "type", "function", "custom");
    private static readonly HashSet<string> FunctionCall = JsonRules.Set("name", "arguments");
    private static readonly HashSet<string> CustomCall = JsonRules.Set("name", "input");
    private static readonly HashSet<string> AssistantAudio = JsonRules.Set("id");
    private static readonly string[] ImageDetails = ["auto", "low", "high"];
    private static readonly string[] AudioFormats = ["wav", "mp3"];
    private static readonly string[] ToolCallTypes = ["function", "custom"];

    public static RequestError? Check(IReadOnlyList<ChatMessage?>? messages, bool allowUnknownFields)
    {
        if (messages is null)
        {
            return Invalid.Missing("messages");
        }

        if (messages.Count == 0)
        {
            return Invalid.EmptyArray("messages");
        }

        if (messages.Count > MaxMessages)
        {
            return Invalid.TooLong("messages", MaxMessages, messages.Count);
        }

        for (int i = 0; i < messages.Count; i++)
        {
            if (Message(messages[i], JsonRules.Index("messages", i), allowUnknownFields) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static RequestError? Message(ChatMessage? message, string at, bool allowUnknownFields)
    {
        if (message is null)
        {
            return Invalid.Type(at, "an object", "null");
        }

        if (message.Role is null)
        {
            return Invalid.Missing(at + ".role");
        }

        if (System.Array.IndexOf(Roles, message.Role) < 0)
        {
            return Invalid.Value(at + ".role", message.Role, Roles);
        }

        if (!allowUnknownFields && message.Extra is { Count: > 0 } extra)
        {
            foreach (string name in extra.Keys)
            {
                return Invalid.Unexpected(at, name);
            }
        }

        return message.Role switch
        {
            "developer" or "system" => Only(message, at, name: true) ?? RequiredContent(message, at, TextOnly),
            "user" => Only(message, at, name: true) ?? RequiredContent(message, at, UserParts),
            "assistant" => Assistant(message, at),
            "tool" => Only(message, at, toolCallId: true) ?? RequiredContent(message, at, TextOnly)
                ?? (message.ToolCallId is null ? Invalid.Missing(at + ".tool_call_id") : null),
            _ => Only(message, at, name: true)
                ?? (message.Name is null ? Invalid.Missing(at + ".name") : null)
                ?? (message.Content is { ValueKind: not (JsonValueKind.String or JsonValueKind.Null) } content ? Invalid.Type(at + ".content", "a string", content) : null),
        };
    }

    /// <summary>Refuses the properties of other roles that this role does not have.</summary>
    private static RequestError? Only(ChatMessage message, string at, bool name = false, bool toolCallId = false, bool assistant = false) =>
        (!name && message.Name is not null) ? Invalid.Unexpected(at, "name")
        : (!toolCallId && message.ToolCallId is not null) ? Invalid.Unexpected(at, "tool_call_id")
        : (!assistant && message.Refusal is not null) ? Invalid.Unexpected(at, "refusal")
        : (!assistant && message.ToolCalls is not null) ? Invalid.Unexpected(at, "tool_calls")
        : (!assistant && message.FunctionCall is not null) ? Invalid.Unexpected(at, "function_call")
        : (!assistant && message.Audio is not null) ? Invalid.Unexpected(at, "audio")
        : null;

    private static RequestError? Assistant(ChatMessage message, string at)
    {
        if (Only(message, at, name: true, assistant: true) is { } unexpected)
        {
            return unexpected;
        }

        bool hasContent = message.Content is { ValueKind: not JsonValueKind.Null };
        if (!hasContent && message.ToolCalls is null && message.FunctionCall is null && message.Refusal is null && message.Audio is null)
        {
            return Invalid.Missing(at + ".content");
        }

        return (hasContent ? Content(message.Content!.Value, at + ".content", AssistantParts) : null)
            ?? (message.ToolCalls is { } calls ? JsonRules.Array(calls, at + ".tool_calls", 1024, ToolCallOf) : null)
            ?? (message.FunctionCall is { } call ? JsonRules.ObjectOf(call, at + ".function_call", FunctionCall)
                ?? JsonRules.Required(call, "name", at + ".function_call", JsonRules.String)
                ?? JsonRules.Required(call, "arguments", at + ".function_call", JsonRules.String) : null)
            ?? (message.Audio is { } audio ? JsonRules.ObjectOf(audio, at + ".audio", AssistantAudio) ?? JsonRules.Required(audio, "id", at + ".audio", JsonRules.String) : null);
    }

    private static RequestError? RequiredContent(ChatMessage message, string at, HashSet<string> partTypes) =>
        message.Content is { ValueKind: not JsonValueKind.Null } content
            ? Content(content, at + ".content", partTypes)
            : Invalid.Missing(at + ".content");

    private static RequestError? Content(JsonElement content, string at, HashSet<string> partTypes) => content.ValueKind switch
    {
        JsonValueKind.String => null,
        JsonValueKind.Array => JsonRules.Array(content, at, 1024, (part, partAt) => Part(part, partAt, partTypes)),
        _ => Invalid.Type(at, "one of a string or an array of objects", content),
    };

    private static RequestError? Part(JsonElement part, string at, HashSet<string> partTypes)
    {
        if (JsonRules.Object(part, at) is { } notObject)
        {
            return notObject;
        }

        if (JsonRules.Required(part, "type", at, JsonRules.String) is { } noType)
        {
            return noType;
        }

        string type = part.GetProperty("type").GetString()!;
        if (!partTypes.Contains(type))
        {
            return Invalid.Value(at + ".type", type, [.. partTypes]);
        }

        return type switch
        {
            "text" => JsonRules.ObjectOf(part, at, TextPart) ?? JsonRules.Required(part, "text", at, JsonRules.String),
            "refusal" => JsonRules.ObjectOf(part, at, RefusalPart) ?? JsonRules.Required(part, "refusal", at, JsonRules.String),
            "image_url" => JsonRules.ObjectOf(part, at, ImagePart) ?? JsonRules.Required(part, "image_url", at, static (image, imageAt) =>
                JsonRules.ObjectOf(image, imageAt, ImageUrl)
                ?? JsonRules.Required(image, "url", imageAt, JsonRules.NonEmptyString)
                ?? JsonRules.Optional(image, "detail", imageAt, static (detail, detailAt) => JsonRules.OneOf(detail, detailAt, ImageDetails))),
            "input_audio" => JsonRules.ObjectOf(part, at, AudioPart) ?? JsonRules.Required(part, "input_audio", at, static (audio, audioAt) =>
                JsonRules.ObjectOf(audio, audioAt, InputAudio)
                ?? JsonRules.Required(audio, "data", audioAt, JsonRules.String)
                ?? JsonRules.Required(audio, "format", audioAt, static (format, formatAt) => JsonRules.OneOf(format, formatAt, AudioFormats))),
            _ => JsonRules.ObjectOf(part, at, FilePart) ?? JsonRules.Required(part, "file", at, static (file, fileAt) =>
                JsonRules.ObjectOf(file, fileAt, FileFields)
                ?? JsonRules.Optional(file, "file_data", fileAt, JsonRules.String)
                ?? JsonRules.Optional(file, "file_id", fileAt, JsonRules.String)
                ?? JsonRules.Optional(file, "filename", fileAt, JsonRules.String)
                ?? (file.TryGetProperty("file_data", out _) || file.TryGetProperty("file_id", out _) ? null : Invalid.Missing(fileAt + ".file_id"))),
        };
    }

    private static RequestError? ToolCallOf(JsonElement call, string at)
    {
        RequestError? shape = JsonRules.ObjectOf(call, at, ToolCall)
            ?? JsonRules.Required(call, "id", at, JsonRules.String)
            ?? JsonRules.Required(call, "type", at, static (type, typeAt) => JsonRules.OneOf(type, typeAt, ToolCallTypes));
        if (shape is not null)
        {
            return shape;
        }

        return call.GetProperty("type").ValueEquals("function")
            ? JsonRules.Required(call, "function", at, static (function, functionAt) =>
                JsonRules.ObjectOf(function, functionAt, FunctionCall)
                ?? JsonRules.Required(function, "name", functionAt, JsonRules.String)
                ?? JsonRules.Required(function, "arguments", functionAt, JsonRules.String))
            : JsonRules.Required(call, "custom", at, static (custom, customAt) =>
                JsonRules.ObjectOf(custom, customAt, CustomCall)
                ?? JsonRules.Required(custom, "name", customAt, JsonRules.String)
                ?? JsonRules.Required(custom, "input", customAt, JsonRules.String));
    }
}

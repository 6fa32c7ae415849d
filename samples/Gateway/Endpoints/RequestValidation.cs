using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Gateway.Contracts;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// Checks a request before any provider call, so that a client mistake is an OpenAI-format 400 naming the parameter
/// (never a 500, never a paid call, never a cached answer that cannot be served back).
/// </summary>
internal static class RequestValidation
{
    public const int MaxModelLength = 256;
    public const int MaxChoices = 10;
    public const int MaxDimensions = 8192;

    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "developer", "user", "assistant", "tool", "function" };
    private static readonly HashSet<string> PartTypes = new(StringComparer.Ordinal) { "text", "image_url", "input_audio", "file", "refusal" };

    public static IResult? Validate(ChatCompletionRequest request) =>
        Model(request.Model)
        ?? Messages(request.Messages)
        ?? Range(request.N, 1, MaxChoices, "n")
        ?? Range(request.MaxTokens, 1, int.MaxValue, "max_tokens")
        ?? Range(request.MaxCompletionTokens, 1, int.MaxValue, "max_completion_tokens")
        ?? Range(request.Temperature, 0, 2, "temperature")
        ?? Range(request.TopP, 0, 1, "top_p")
        ?? Range(request.PresencePenalty, -2, 2, "presence_penalty")
        ?? Range(request.FrequencyPenalty, -2, 2, "frequency_penalty")
        ?? (request.StreamOptions is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) }
            ? RequestReader.BadRequest("stream_options must be an object such as {\"include_usage\": true}.", "stream_options")
            : null);

    public static IResult? Validate(EmbeddingRequest request) =>
        Model(request.Model)
        ?? EmbeddingInput(request.Input)
        ?? Range(request.Dimensions, 1, MaxDimensions, "dimensions")
        ?? (request.EncodingFormat is null or "float" or "base64"
            ? null
            : RequestReader.BadRequest($"'{request.EncodingFormat}' is not a valid encoding_format: use \"float\" or \"base64\".", "encoding_format"));

    public static IResult? Validate(ImageRequest request) =>
        Model(request.Model)
        ?? (string.IsNullOrWhiteSpace(request.Prompt) ? RequestReader.BadRequest("You must provide a prompt.", "prompt") : null)
        ?? Range(request.N, 1, MaxChoices, "n");

    private static IResult? Model(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return RequestReader.BadRequest("You must provide a model parameter.", "model");
        }

        if (model.Length > MaxModelLength)
        {
            return RequestReader.BadRequest($"The model name is longer than {MaxModelLength} characters.", "model");
        }

        foreach (char c in model)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029')
            {
                return RequestReader.BadRequest("The model name contains a control character.", "model");
            }
        }

        return null;
    }

    private static IResult? Messages(IReadOnlyList<ChatMessage?>? messages)
    {
        if (messages is not { Count: > 0 })
        {
            return RequestReader.BadRequest("You must provide at least one message.", "messages");
        }

        for (int i = 0; i < messages.Count; i++)
        {
            string at = "messages[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (messages[i] is not { } message)
            {
                return RequestReader.BadRequest($"{at} must be an object with a role and content.", at);
            }

            if (message.Role is null || !Roles.Contains(message.Role))
            {
                return RequestReader.BadRequest($"{at}.role must be one of: {string.Join(", ", Roles)}.", at + ".role");
            }

            if (Content(message, at + ".content") is { } invalid)
            {
                return invalid;
            }
        }

        return null;
    }

    private static IResult? Content(ChatMessage message, string at)
    {
        if (message.Content is not { } content || content.ValueKind is JsonValueKind.Null)
        {
            // Assistant turns that only call tools carry no content.
            return message.Role == "assistant" || message.ToolCalls is not null ? null : RequestReader.BadRequest($"{at} is required.", at);
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return RequestReader.BadRequest($"{at} must be a string or an array of content parts.", at);
        }

        int index = 0;
        foreach (JsonElement part in content.EnumerateArray())
        {
            string partAt = at + "[" + index++.ToString(CultureInfo.InvariantCulture) + "]";
            if (part.ValueKind != JsonValueKind.Object
                || !part.TryGetProperty("type", out JsonElement type)
                || type.ValueKind != JsonValueKind.String
                || !PartTypes.Contains(type.GetString()!))
            {
                return RequestReader.BadRequest($"{partAt} must be an object whose type is one of: {string.Join(", ", PartTypes)}.", partAt + ".type");
            }

            if (type.ValueEquals("text") && (!part.TryGetProperty("text", out JsonElement text) || text.ValueKind != JsonValueKind.String))
            {
                return RequestReader.BadRequest($"{partAt}.text must be a string.", partAt + ".text");
            }
        }

        return null;
    }

    private static IResult? EmbeddingInput(JsonElement? input)
    {
        bool valid = input switch
        {
            { ValueKind: JsonValueKind.String } => true,
            { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() > 0 => IsUniformInputArray(array),
            _ => false,
        };
        return valid ? null : RequestReader.BadRequest("input must be a string, a non-empty array of strings, or token arrays.", "input");
    }

    private static bool IsUniformInputArray(JsonElement array)
    {
        foreach (JsonElement item in array.EnumerateArray())
        {
            bool ok = item.ValueKind switch
            {
                JsonValueKind.String => true,
                JsonValueKind.Number => item.TryGetInt32(out int token) && token >= 0,
                JsonValueKind.Array => item.GetArrayLength() > 0 && IsTokenArray(item),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTokenArray(JsonElement array)
    {
        foreach (JsonElement token in array.EnumerateArray())
        {
            if (token.ValueKind != JsonValueKind.Number || !token.TryGetInt32(out int value) || value < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static IResult? Range(int? value, int min, int max, string param) =>
        value is { } v && (v < min || v > max)
            ? RequestReader.BadRequest($"{param} must be between {min} and {max}; got {v}.", param)
            : null;

    private static IResult? Range(double? value, double min, double max, string param) =>
        value is { } v && !(v >= min && v <= max)
            ? RequestReader.BadRequest($"{param} must be between {min} and {max}; got {v.ToString(CultureInfo.InvariantCulture)}.", param)
            : null;
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Gateway.Validation;

/// <summary>
/// Checks of JSON values the gateway forwards as they are (content parts, tools, response formats): their type, the
/// properties they may have, and the values a property may take. Each returns the first error, or null.
/// </summary>
internal static class JsonRules
{
    public static string Index(string param, int index) => param + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    public static RequestError? Object(JsonElement value, string param) =>
        value.ValueKind == JsonValueKind.Object ? null : Invalid.Type(param, "an object", value);

    /// <summary>An object whose properties are all among <paramref name="allowed"/>.</summary>
    public static RequestError? ObjectOf(JsonElement value, string param, IReadOnlySet<string> allowed)
    {
        if (Object(value, param) is { } notObject)
        {
            return notObject;
        }

        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                return Invalid.Unexpected(param, property.Name);
            }
        }

        return null;
    }

    public static RequestError? String(JsonElement value, string param) =>
        value.ValueKind == JsonValueKind.String ? null : Invalid.Type(param, "a string", value);

    public static RequestError? Boolean(JsonElement value, string param) =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : Invalid.Type(param, "a boolean", value);

    public static RequestError? OneOf(JsonElement value, string param, IReadOnlyCollection<string> supported)
    {
        if (String(value, param) is { } notString)
        {
            return notString;
        }

        string text = value.GetString()!;
        foreach (string candidate in supported)
        {
            if (candidate == text)
            {
                return null;
            }
        }

        return Invalid.Value(param, text, supported);
    }

    /// <summary>A required property of an object, checked by <paramref name="check"/>.</summary>
    public static RequestError? Required(JsonElement owner, string name, string param, Func<JsonElement, string, RequestError?> check)
    {
        string at = param + "." + name;
        return owner.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? check(value, at)
            : Invalid.Missing(at);
    }

    /// <summary>An optional property (absent or null is fine), checked by <paramref name="check"/> when present.</summary>
    public static RequestError? Optional(JsonElement owner, string name, string param, Func<JsonElement, string, RequestError?> check) =>
        owner.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? check(value, param + "." + name)
            : null;

    /// <summary>An array of at most <paramref name="max"/> items (at least one), each checked by <paramref name="item"/>.</summary>
    public static RequestError? Array(JsonElement value, string param, int max, Func<JsonElement, string, RequestError?> item)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return Invalid.Type(param, "an array", value);
        }

        int length = value.GetArrayLength();
        if (length == 0)
        {
            return Invalid.EmptyArray(param);
        }

        if (length > max)
        {
            return Invalid.TooLong(param, max, length);
        }

        int index = 0;
        foreach (JsonElement element in value.EnumerateArray())
        {
            if (item(element, Index(param, index++)) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    public static RequestError? NonEmptyString(JsonElement value, string param) =>
        String(value, param) ?? (value.GetString()!.Length == 0 ? Invalid.EmptyString(param) : null);

    /// <summary>A function or tool name as OpenAI accepts it: 1 to 64 letters, digits, '_' or '-'.</summary>
    public static RequestError? FunctionName(JsonElement value, string param)
    {
        if (String(value, param) is { } notString)
        {
            return notString;
        }

        string name = value.GetString()!;
        if (name.Length is 0 or > 64)
        {
            return Invalid.Value(param, $"'{(name.Length > 64 ? name[..64] + "…" : name)}' must be 1 to 64 characters long.");
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return Invalid.Value(param, $"'{name}' may contain only letters, digits, underscores and dashes.");
            }
        }

        return null;
    }

    public static HashSet<string> Set(params string[] values) => new(values, StringComparer.Ordinal);
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Gateway.Endpoints;

/// <summary>
/// Finds a JSON string (value or property name) that is not valid Unicode: escapes that do not form valid UTF-16, such
/// as a lone surrogate ("\ud800"), or bytes that are not UTF-8. Such text cannot become a .NET string or be sent
/// upstream, so the request is refused with a 400 naming where it is.
/// </summary>
internal static class UnicodeValidator
{
    /// <summary>The path of the first invalid string (for example <c>messages[0].content</c>), or null when every string is valid.</summary>
    public static string? FindInvalidString(ReadOnlySpan<byte> json)
    {
        // Nearly every request is valid UTF-8 with no surrogate escape at all: two vectorized scans prove it, and only a
        // request that fails them is walked token by token to find (and name) the invalid string.
        return System.Text.Unicode.Utf8.IsValid(json) && !MayHoldSurrogateEscape(json) ? null : FindByWalking(json);
    }

    /// <summary>True when some <c>\u</c> escape names a surrogate (D800–DFFF); conservative (an escaped backslash before "ud8.." counts too).</summary>
    private static bool MayHoldSurrogateEscape(ReadOnlySpan<byte> json)
    {
        int at;
        while ((at = json.IndexOf("\\u"u8)) >= 0)
        {
            json = json[(at + 2)..];
            if (json.Length >= 2 && json[0] is (byte)'d' or (byte)'D' && json[1] is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F'))
            {
                return true;
            }
        }

        return false;
    }

    private static string? FindByWalking(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var containers = new List<Container>();
        string? name = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (!IsValid(ref reader))
                        {
                            return containers.Count == 0 || containers[^1].Path.Length == 0 ? "$" : containers[^1].Path;
                        }

                        name = reader.GetString();
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        containers.Add(new Container(PathOfValue(containers, name), reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        containers.RemoveAt(containers.Count - 1);
                        break;
                    default:
                        string path = PathOfValue(containers, name);
                        if (reader.TokenType == JsonTokenType.String && !IsValid(ref reader))
                        {
                            return path.Length == 0 ? "$" : path;
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON is reported by the deserializer with its own message.
        }

        return null;
    }

    /// <summary>The path of the value that starts now: a property of the enclosing object, or the next element of the enclosing array.</summary>
    private static string PathOfValue(List<Container> containers, string? name)
    {
        if (containers.Count == 0)
        {
            return string.Empty;
        }

        Container parent = containers[^1];
        if (parent.IsArray)
        {
            return parent.Path + "[" + (parent.Count++).ToString(CultureInfo.InvariantCulture) + "]";
        }

        return parent.Path.Length == 0 ? name ?? string.Empty : parent.Path + "." + name;
    }

    private static bool IsValid(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return System.Text.Unicode.Utf8.IsValid(reader.ValueSpan);
        }

        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private sealed class Container(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Count { get; set; }
    }
}

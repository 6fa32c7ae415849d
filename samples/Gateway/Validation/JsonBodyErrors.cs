using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gateway.Validation;

/// <summary>
/// Turns a body the serializer refused into an OpenAI-format error: malformed JSON is named as such, and a value of the
/// wrong type names its parameter (from the JSON path) and the type the contract expects, without .NET type names.
/// </summary>
internal static class JsonBodyErrors
{
    public static RequestError Describe(ReadOnlySpan<byte> body, JsonException exception, JsonTypeInfo contract)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException syntax)
        {
            return new RequestError($"The request body is not valid JSON: {Reason(syntax)}", null, "invalid_json");
        }

        using (document)
        {
            List<PathSegment> path = PathSegment.Parse(exception.Path ?? "$");
            if (path.Count == 0)
            {
                return new RequestError("The request body must be a JSON object.", null, "invalid_type");
            }

            string param = PathSegment.Format(path);
            string actual = Find(document.RootElement, path) is { } value ? JsonKinds.Describe(value) : "a value";
            string? expected = Expected(contract, path);
            return expected switch
            {
                null => new RequestError($"Invalid value for '{param}'.", param, "invalid_value"),
                "a number" when actual is "an integer" or "a decimal" => new RequestError($"Invalid '{param}': the number is out of range.", param, "invalid_value"),
                "an integer" when actual is "an integer" => new RequestError($"Invalid '{param}': the integer is out of range.", param, "invalid_value"),
                _ => Invalid.Type(param, expected, actual),
            };
        }
    }

    /// <summary>The reader's own words (what and where), without the path it appends.</summary>
    private static string Reason(JsonException exception)
    {
        string message = exception.Message;
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        string what = (cut < 0 ? message : message[..cut]).Trim();
        return exception.LineNumber is { } line && exception.BytePositionInLine is { } position
            ? $"{what} (line {(line + 1).ToString(CultureInfo.InvariantCulture)}, byte {(position + 1).ToString(CultureInfo.InvariantCulture)})"
            : what;
    }

    private static JsonElement? Find(JsonElement root, List<PathSegment> path)
    {
        JsonElement current = root;
        foreach (PathSegment segment in path)
        {
            if (segment.Name is { } name && current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out JsonElement property))
            {
                current = property;
            }
            else if (segment.Name is null && current.ValueKind == JsonValueKind.Array && segment.Index < current.GetArrayLength())
            {
                current = current[segment.Index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>What the contract takes at the path ("a string", "an integer", …), or null when it does not say.</summary>
    private static string? Expected(JsonTypeInfo contract, List<PathSegment> path)
    {
        JsonTypeInfo info = contract;
        foreach (PathSegment segment in path)
        {
            Type? next = null;
            if (info.Kind == JsonTypeInfoKind.Object && segment.Name is { } name)
            {
                foreach (JsonPropertyInfo property in info.Properties)
                {
                    if (property.Name == name)
                    {
                        next = property.PropertyType;
                        break;
                    }
                }
            }
            else if (info.Kind is JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary)
            {
                next = info.ElementType;
            }

            if (next is null)
            {
                return null;
            }

            info = info.Options.GetTypeInfo(next);
        }

        return Describe(info);
    }

    private static string? Describe(JsonTypeInfo info)
    {
        Type type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => "an array",
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "a boolean",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(uint) || type == typeof(ulong) => "an integer",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
            _ => null,
        };
    }
}

/// <summary>One step of a JSON path as System.Text.Json reports it: <c>$.name</c>, <c>$['odd name']</c>, <c>$[3]</c>.</summary>
internal readonly record struct PathSegment(string? Name, int Index)
{
    public static List<PathSegment> Parse(string path)
    {
        var segments = new List<PathSegment>();
        int i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                int end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(new PathSegment(path[(i + 1)..end], 0));
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                int end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add(new PathSegment(path[(i + 2)..end], 0));
                i = Math.Min(path.Length, end + 2);
            }
            else if (path[i] == '[')
            {
                int end = path.IndexOf(']', i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(new PathSegment(null, int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index) ? index : 0));
                i = Math.Min(path.Length, end + 1);
            }
            else
            {
                break;
            }
        }

        return segments;
    }

    /// <summary>The parameter as OpenAI names it: <c>messages[0].content</c>.</summary>
    public static string Format(List<PathSegment> path)
    {
        var text = new System.Text.StringBuilder();
        foreach (PathSegment segment in path)
        {
            if (segment.Name is { } name)
            {
                text.Append(text.Length == 0 ? string.Empty : ".").Append(name);
            }
            else
            {
                text.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }

        return text.ToString();
    }
}

using System;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Caching;

/// <summary>Raw JSON values, keyed by their content as it goes on the wire.</summary>
public ref partial struct CacheKeyWriter
{
    /// <summary>
    /// Writes a JSON value by its content: objects as maps in their property order (a reordered JSON schema is a
    /// different request), arrays as sequences, numbers by their exact text ("1.0" and "1" differ), strings unescaped
    /// (so "\u0041" equals "A") and written losslessly even when they hold a lone surrogate escape, booleans and null
    /// as themselves. Insignificant whitespace is not part of the key.
    /// </summary>
    public void WriteJsonElement(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                BeginMap();
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    WriteJsonText(JsonMarshal.GetRawUtf8PropertyName(property));
                    WriteJsonElement(property.Value);
                }

                EndMap();
                break;
            case JsonValueKind.Array:
                BeginSequence();
                foreach (JsonElement item in value.EnumerateArray())
                {
                    WriteJsonElement(item);
                }

                EndSequence();
                break;
            case JsonValueKind.String:
                ReadOnlySpan<byte> quoted = JsonMarshal.GetRawUtf8Value(value);
                WriteJsonText(quoted[1..^1]);
                break;
            case JsonValueKind.Number:
                WriteMarker(KeyEncodingMarker.JsonNumber, JsonMarshal.GetRawUtf8Value(value));
                break;
            case JsonValueKind.True:
                WriteBoolean(true);
                break;
            case JsonValueKind.False:
                WriteBoolean(false);
                break;
            default:
                WriteNull();
                break;
        }
    }

    /// <summary>Writes a parsed JSON document by its root value (or a null).</summary>
    public void WriteJsonDocument(JsonDocument? value)
    {
        if (value is null)
        {
            WriteNull();
            return;
        }

        WriteJsonElement(value.RootElement);
    }

    /// <summary>
    /// Writes a JSON node exactly as <see cref="WriteJsonElement"/> writes the same JSON: a C# null is JSON null,
    /// objects keep their property order.
    /// </summary>
    public void WriteJsonNode(JsonNode? value)
    {
        switch (value)
        {
            case null:
                WriteNull();
                break;
            case JsonObject jsonObject:
                BeginMap();
                foreach (System.Collections.Generic.KeyValuePair<string, JsonNode?> property in jsonObject)
                {
                    WriteString(property.Key);
                    WriteJsonNode(property.Value);
                }

                EndMap();
                break;
            case JsonArray array:
                BeginSequence();
                foreach (JsonNode? item in array)
                {
                    WriteJsonNode(item);
                }

                EndSequence();
                break;
            default:
                WriteJsonValue((JsonValue)value);
                break;
        }
    }

    private void WriteJsonValue(JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            WriteJsonElement(element);
            return;
        }

        // A value built in code (JsonValue.Create(3.5)): its wire form is what the node writes, so that form is keyed.
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(json);
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        WriteJsonElement(document.RootElement);
    }

    /// <summary>
    /// Writes the text of a JSON string token (without its quotes) as the string it stands for. Text without escapes
    /// is already the UTF-8 of that string; escapes are decoded by hand because a lone surrogate escape ("\ud800") is
    /// valid JSON that <see cref="JsonElement.GetString"/> refuses.
    /// </summary>
    private void WriteJsonText(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            WriteMarker(KeyEncodingMarker.String, raw);
            return;
        }

        char[] rented = ArrayPool<char>.Shared.Rent(raw.Length);
        try
        {
            int length = Unescape(raw, rented);
            WriteString(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static int Unescape(ReadOnlySpan<byte> raw, Span<char> destination)
    {
        int written = 0;
        while (!raw.IsEmpty)
        {
            int escape = raw.IndexOf((byte)'\\');
            ReadOnlySpan<byte> plain = escape < 0 ? raw : raw[..escape];
            written += Encoding.UTF8.GetChars(plain, destination[written..]);
            if (escape < 0)
            {
                break;
            }

            byte code = raw[escape + 1];
            int consumed = 2;
            char decoded = code switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                (byte)'u' => (char)ParseHex(raw.Slice(escape + 2, 4)),
                _ => (char)code, // '"', '\\' and '/' stand for themselves
            };
            if (code == (byte)'u')
            {
                consumed = 6;
            }

            destination[written++] = decoded;
            raw = raw[(escape + consumed)..];
        }

        return written;
    }

    private static int ParseHex(ReadOnlySpan<byte> hex)
    {
        int value = 0;
        foreach (byte digit in hex)
        {
            value = (value << 4) | digit switch
            {
                >= (byte)'0' and <= (byte)'9' => digit - '0',
                >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
                _ => digit - 'A' + 10,
            };
        }

        return value;
    }
}

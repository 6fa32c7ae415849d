using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;
using Gateway.Contracts;

namespace Gateway.Endpoints;

/// <summary>
/// <c>encoding_format: "base64"</c>, as OpenAI sends it: each embedding as base64 of its float32 values in little-endian
/// order. The official SDKs ask for it by default and decode it themselves.
/// </summary>
internal static class EmbeddingEncoding
{
    public static Base64EmbeddingResponse ToBase64(EmbeddingResponse response) => new(
        response.ObjectType,
        response.Data.Select(d => new Base64EmbeddingData(d.ObjectType, d.Index, Encode(d.Embedding))).ToArray(),
        response.Model,
        response.Usage);

    public static string Encode(IReadOnlyList<float> values)
    {
        byte[] bytes = new byte[values.Count * sizeof(float)];
        for (int i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return Convert.ToBase64String(bytes);
    }

    public static float[] Decode(string base64)
    {
        byte[] bytes = Convert.FromBase64String(base64);
        float[] values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return values;
    }
}

internal sealed record Base64EmbeddingResponse(
    [property: JsonPropertyName("object")] string ObjectType,
    [property: JsonPropertyName("data")] IReadOnlyList<Base64EmbeddingData> Data,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("usage")] Usage? Usage);

internal sealed record Base64EmbeddingData(
    [property: JsonPropertyName("object")] string ObjectType,
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("embedding")] string Embedding);

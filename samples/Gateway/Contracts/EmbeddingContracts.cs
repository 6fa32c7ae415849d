using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Caching;

namespace Gateway.Contracts;

/// <summary>POST /v1/embeddings (settable, as every request contract: see <see cref="ChatCompletionRequest"/>): input is a string, an array of strings or an array of token arrays.</summary>
public sealed record EmbeddingRequest
{
    [JsonPropertyName("model")] public string? Model { get; set; }

    [JsonPropertyName("input")] public JsonElement? Input { get; set; }

    /// <summary>"float" or "base64": how the answer is written, not what it is, so one cached entry serves both.</summary>
    [JsonPropertyName("encoding_format")][NotCacheKey] public string? EncodingFormat { get; set; }

    [JsonPropertyName("dimensions")] public int? Dimensions { get; set; }

    [JsonPropertyName("user")][NotCacheKey] public string? User { get; set; }

    // Settable rather than init: the System.Text.Json source generator cannot fill an init-only extension data property.
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

[ImmutableObject(true)]
public sealed record EmbeddingResponse
{
    [JsonPropertyName("object")] public string ObjectType { get; init; } = "list";

    [JsonPropertyName("data")] public IReadOnlyList<EmbeddingData> Data { get; init; } = [];

    [JsonPropertyName("model")] public string Model { get; init; } = "";

    [JsonPropertyName("usage")] public Usage? Usage { get; init; }
}

public sealed record EmbeddingData
{
    [JsonPropertyName("object")] public string ObjectType { get; init; } = "embedding";

    [JsonPropertyName("index")] public int Index { get; init; }

    [JsonPropertyName("embedding")] public IReadOnlyList<float> Embedding { get; init; } = [];
}

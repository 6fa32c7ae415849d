using System.Collections.Generic;
using System.Collections.Immutable;
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

    /// <summary>Fields this gateway does not know: refused, unless <c>Gateway:AllowUnknownFields</c> sends them upstream (and keys them).</summary>
    // Settable rather than init: the System.Text.Json source generator cannot fill an init-only extension data property.
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

[ImmutableObject(true)]
public sealed record EmbeddingResponse
{
    [JsonPropertyName("object")] public string ObjectType { get; init; } = "list";

    [JsonPropertyName("data")] public ImmutableArray<EmbeddingData> Data { get; init; } = [];

    [JsonPropertyName("model")] public string Model { get; init; } = "";

    [JsonPropertyName("usage")] public Usage? Usage { get; init; }

    /// <summary>The upstream's other fields, passed on as they came.</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, JsonElement> AdditionalFields => ExtensionFields.ReadOnly(Extra);

    [JsonExtensionData, JsonInclude] internal Dictionary<string, JsonElement>? Extra { get; set; }
}

[ImmutableObject(true)]
public sealed record EmbeddingData
{
    [JsonPropertyName("object")] public string ObjectType { get; init; } = "embedding";

    [JsonPropertyName("index")] public int Index { get; init; }

    [JsonPropertyName("embedding")] public ImmutableArray<float> Embedding { get; init; } = [];
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Caching;

namespace Gateway.Contracts;

/// <summary>POST /v1/images/generations (settable, as every request contract: see <see cref="ChatCompletionRequest"/>).</summary>
public sealed record ImageRequest
{
    [JsonPropertyName("model")] public string? Model { get; set; }

    [JsonPropertyName("prompt")] public string? Prompt { get; set; }

    [JsonPropertyName("n")] public int? N { get; set; }

    [JsonPropertyName("size")] public string? Size { get; set; }

    [JsonPropertyName("quality")] public string? Quality { get; set; }

    [JsonPropertyName("style")] public string? Style { get; set; }

    [JsonPropertyName("response_format")] public string? ResponseFormat { get; set; }

    [JsonPropertyName("background")] public string? Background { get; set; }

    [JsonPropertyName("moderation")] public string? Moderation { get; set; }

    [JsonPropertyName("output_compression")] public int? OutputCompression { get; set; }

    [JsonPropertyName("output_format")] public string? OutputFormat { get; set; }

    [JsonPropertyName("user")][NotCacheKey] public string? User { get; set; }

    /// <summary>Fields this gateway does not know: refused, unless <c>Gateway:AllowUnknownFields</c> sends them upstream (and keys them).</summary>
    // Settable rather than init: the System.Text.Json source generator cannot fill an init-only extension data property.
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

[ImmutableObject(true)]
public sealed record ImageResponse
{
    [JsonPropertyName("created")] public long Created { get; init; }

    [JsonPropertyName("data")] public ImmutableArray<ImageData> Data { get; init; } = [];

    /// <summary>The upstream's other fields (<c>usage</c>, <c>output_format</c>, …), passed on as they came.</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, JsonElement> AdditionalFields => ExtensionFields.ReadOnly(Extra);

    [JsonExtensionData, JsonInclude] internal Dictionary<string, JsonElement>? Extra { get; set; }
}

[ImmutableObject(true)]
public sealed record ImageData
{
    [JsonPropertyName("url")] public string? Url { get; init; }

    [JsonPropertyName("b64_json")] public string? B64Json { get; init; }

    [JsonPropertyName("revised_prompt")] public string? RevisedPrompt { get; init; }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Contracts;

/// <summary>
/// One server-sent event of a streamed chat completion (<c>chat.completion.chunk</c>). Never mutated after it is built,
/// so a cached stream's chunks are shared by every replay.
/// </summary>
[ImmutableObject(true)]
public sealed record ChatCompletionChunk
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("object")] public string ObjectType { get; init; } = "chat.completion.chunk";

    [JsonPropertyName("created")] public long Created { get; init; }

    [JsonPropertyName("model")] public string Model { get; init; } = "";

    [JsonPropertyName("choices")] public ImmutableArray<ChatChunkChoice> Choices { get; init; } = [];

    /// <summary>Only on the last chunk, and only when the request asked for it (<c>stream_options.include_usage</c>).</summary>
    [JsonPropertyName("usage")] public Usage? Usage { get; init; }

    /// <summary>The upstream's other fields, passed on as they came.</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, JsonElement> AdditionalFields => ExtensionFields.ReadOnly(Extra);

    [JsonExtensionData, JsonInclude] internal Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The usage chunk: no choices, only token counts.</summary>
    [JsonIgnore] public bool IsUsageOnly => Choices.Length == 0 && Usage is not null;
}

[ImmutableObject(true)]
public sealed record ChatChunkChoice
{
    [JsonPropertyName("index")] public int Index { get; init; }

    [JsonPropertyName("delta")] public ChatChunkDelta Delta { get; init; } = new();

    [JsonPropertyName("finish_reason")] public string? FinishReason { get; init; }

    /// <summary>The upstream's other fields, passed on as they came.</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, JsonElement> AdditionalFields => ExtensionFields.ReadOnly(Extra);

    [JsonExtensionData, JsonInclude] internal Dictionary<string, JsonElement>? Extra { get; set; }
}

[ImmutableObject(true)]
public sealed record ChatChunkDelta
{
    [JsonPropertyName("role")] public string? Role { get; init; }

    [JsonPropertyName("content")] public string? Content { get; init; }

    [JsonPropertyName("refusal")] public string? Refusal { get; init; }

    [JsonPropertyName("tool_calls")] public JsonElement? ToolCalls { get; init; }

    /// <summary>The upstream's other fields, passed on as they came.</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, JsonElement> AdditionalFields => ExtensionFields.ReadOnly(Extra);

    [JsonExtensionData, JsonInclude] internal Dictionary<string, JsonElement>? Extra { get; set; }
}

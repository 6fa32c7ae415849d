using System.Collections.Generic;
using System.Collections.Immutable;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Contracts;

/// <summary>
/// The answer. Immutable, so the cache serves the same instance to every caller: init-only properties, immutable arrays,
/// JSON values (which cannot change), and the upstream's fields this contract does not model kept where only the
/// serializer can reach them (<see cref="ExtensionFields"/>).
/// </summary>
[ImmutableObject(true)]
public sealed record ChatCompletionResponse
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("object")] public string ObjectType { get; init; } = "chat.completion";

    [JsonPropertyName("created")] public long Created { get; init; }

    [JsonPropertyName("model")] public string Model { get; init; } = "";

    [JsonPropertyName("choices")] public ImmutableArray<ChatChoice> Choices { get; init; } = [];

    [JsonPropertyName("usage")] public Usage? Usage { get; init; }

    /// <summary>The upstream's other fields (<c>system_fingerprint</c>, <c>service_tier</c>, …), passed on as they came.</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, JsonElement> AdditionalFields => ExtensionFields.ReadOnly(Extra);

    [JsonExtensionData, JsonInclude] internal Dictionary<string, JsonElement>? Extra { get; set; }
}

[ImmutableObject(true)]
public sealed record ChatChoice
{
    [JsonPropertyName("index")] public int Index { get; init; }

    [JsonPropertyName("message")] public ChatResponseMessage Message { get; init; } = new();

    [JsonPropertyName("finish_reason")] public string? FinishReason { get; init; }

    /// <summary>The upstream's other fields of a choice (<c>logprobs</c>, …).</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, JsonElement> AdditionalFields => ExtensionFields.ReadOnly(Extra);

    [JsonExtensionData, JsonInclude] internal Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The message of an answer: the request's message shape, immutable because the cache shares answers.</summary>
[ImmutableObject(true)]
public sealed record ChatResponseMessage
{
    [JsonPropertyName("role")] public string? Role { get; init; }

    [JsonPropertyName("content")] public JsonElement? Content { get; init; }

    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("refusal")] public string? Refusal { get; init; }

    [JsonPropertyName("tool_calls")] public JsonElement? ToolCalls { get; init; }

    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; init; }

    /// <summary>The upstream's other fields of a message (<c>annotations</c>, <c>audio</c>, …).</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, JsonElement> AdditionalFields => ExtensionFields.ReadOnly(Extra);

    [JsonExtensionData, JsonInclude] internal Dictionary<string, JsonElement>? Extra { get; set; }
}

[ImmutableObject(true)]
public sealed record Usage
{
    [JsonPropertyName("prompt_tokens")] public int PromptTokens { get; init; }

    [JsonPropertyName("completion_tokens")] public int CompletionTokens { get; init; }

    [JsonPropertyName("total_tokens")] public int TotalTokens { get; init; }

    /// <summary>The upstream's token details (<c>prompt_tokens_details</c>, …).</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, JsonElement> AdditionalFields => ExtensionFields.ReadOnly(Extra);

    [JsonExtensionData, JsonInclude] internal Dictionary<string, JsonElement>? Extra { get; set; }
}

using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Caching;

namespace Gateway.Contracts;

/// <summary>POST /v1/chat/completions, in the OpenAI wire format. Every field that can change the answer is in the cache key.</summary>
/// <remarks>
/// Request contracts have settable properties: System.Text.Json fills init-only ones through its constructor-argument
/// path, which took 4.7 us for the reference request against 3.5 us with setters (and 1 KB more). A request lives for
/// one call and is never shared, so nothing relies on it being immutable; answers, which the cache shares, stay init-only.
/// </remarks>
public sealed record ChatCompletionRequest
{
    [JsonPropertyName("model")] public string? Model { get; set; }

    [JsonPropertyName("messages")] public IReadOnlyList<ChatMessage>? Messages { get; set; }

    [JsonPropertyName("temperature")] public double? Temperature { get; set; }

    [JsonPropertyName("top_p")] public double? TopP { get; set; }

    [JsonPropertyName("n")] public int? N { get; set; }

    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }

    [JsonPropertyName("max_completion_tokens")] public int? MaxCompletionTokens { get; set; }

    [JsonPropertyName("stop")] public JsonElement? Stop { get; set; }

    [JsonPropertyName("presence_penalty")] public double? PresencePenalty { get; set; }

    [JsonPropertyName("frequency_penalty")] public double? FrequencyPenalty { get; set; }

    [JsonPropertyName("logit_bias")] public IReadOnlyDictionary<string, double>? LogitBias { get; set; }

    [JsonPropertyName("seed")] public long? Seed { get; set; }

    [JsonPropertyName("tools")] public JsonElement? Tools { get; set; }

    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }

    [JsonPropertyName("response_format")] public JsonElement? ResponseFormat { get; set; }

    /// <summary>An end-user id for the provider's abuse monitoring: it does not change the answer.</summary>
    [JsonPropertyName("user")][NotCacheKey] public string? User { get; set; }

    /// <summary>
    /// Whether the answer is streamed. Not in the key: streamed answers are cached by their own method, so a streamed and
    /// a whole answer never share an entry.
    /// </summary>
    [JsonPropertyName("stream")][NotCacheKey] public bool? Stream { get; set; }

    /// <summary>
    /// <c>{"include_usage": true}</c> adds a usage chunk at the end of a stream. Not in the key: the usage chunk is always
    /// asked of the provider and cached, and left out on the way to a client that did not ask for it.
    /// </summary>
    [JsonPropertyName("stream_options")][NotCacheKey] public JsonElement? StreamOptions { get; set; }

    /// <summary>Fields this gateway does not model: kept in the key (they may change the answer) and sent upstream.</summary>
    // Settable rather than init: the System.Text.Json source generator cannot fill an init-only extension data property.
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One message of a request: content is a string or an array of parts.</summary>
public sealed record ChatMessage
{
    [JsonPropertyName("role")] public string? Role { get; set; }

    [JsonPropertyName("content")] public JsonElement? Content { get; set; }

    [JsonPropertyName("name")] public string? Name { get; set; }

    [JsonPropertyName("tool_calls")] public JsonElement? ToolCalls { get; set; }

    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; set; }
}

/// <summary>The answer. Never mutated after it is built, so the cache serves the same instance to every caller.</summary>
[ImmutableObject(true)]
public sealed record ChatCompletionResponse
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("object")] public string ObjectType { get; init; } = "chat.completion";

    [JsonPropertyName("created")] public long Created { get; init; }

    [JsonPropertyName("model")] public string Model { get; init; } = "";

    [JsonPropertyName("choices")] public IReadOnlyList<ChatChoice> Choices { get; init; } = [];

    [JsonPropertyName("usage")] public Usage? Usage { get; init; }

    // Settable rather than init: the System.Text.Json source generator cannot fill an init-only extension data property.
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed record ChatChoice
{
    [JsonPropertyName("index")] public int Index { get; init; }

    [JsonPropertyName("message")] public ChatResponseMessage Message { get; init; } = new();

    [JsonPropertyName("finish_reason")] public string? FinishReason { get; init; }

    // Settable rather than init: the System.Text.Json source generator cannot fill an init-only extension data property.
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The message of an answer: the request's message shape, immutable because the cache shares answers.</summary>
public sealed record ChatResponseMessage
{
    [JsonPropertyName("role")] public string? Role { get; init; }

    [JsonPropertyName("content")] public JsonElement? Content { get; init; }

    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("tool_calls")] public JsonElement? ToolCalls { get; init; }

    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; init; }
}

public sealed record Usage
{
    [JsonPropertyName("prompt_tokens")] public int PromptTokens { get; init; }

    [JsonPropertyName("completion_tokens")] public int CompletionTokens { get; init; }

    [JsonPropertyName("total_tokens")] public int TotalTokens { get; init; }
}

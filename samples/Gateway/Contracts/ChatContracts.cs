using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Caching;

namespace Gateway.Contracts;

/// <summary>
/// POST /v1/chat/completions, in the OpenAI wire format. Every field that can change the answer is in the cache key;
/// fields that only label, bill or route the request (<c>user</c>, <c>store</c>, <c>metadata</c>, …) are not.
/// </summary>
/// <remarks>
/// Request contracts have settable properties: System.Text.Json fills init-only ones through its constructor-argument
/// path, which is slower and allocates more. A request lives for one call and is never shared, so nothing relies on it
/// being immutable; answers, which the cache shares, are immutable.
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

    [JsonPropertyName("logprobs")] public bool? Logprobs { get; set; }

    [JsonPropertyName("top_logprobs")] public int? TopLogprobs { get; set; }

    [JsonPropertyName("seed")] public long? Seed { get; set; }

    [JsonPropertyName("tools")] public JsonElement? Tools { get; set; }

    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }

    [JsonPropertyName("parallel_tool_calls")] public bool? ParallelToolCalls { get; set; }

    [JsonPropertyName("functions")] public JsonElement? Functions { get; set; }

    [JsonPropertyName("function_call")] public JsonElement? FunctionCall { get; set; }

    [JsonPropertyName("response_format")] public JsonElement? ResponseFormat { get; set; }

    [JsonPropertyName("modalities")] public IReadOnlyList<string>? Modalities { get; set; }

    [JsonPropertyName("audio")] public JsonElement? Audio { get; set; }

    [JsonPropertyName("prediction")] public JsonElement? Prediction { get; set; }

    [JsonPropertyName("reasoning_effort")] public string? ReasoningEffort { get; set; }

    [JsonPropertyName("verbosity")] public string? Verbosity { get; set; }

    [JsonPropertyName("web_search_options")] public JsonElement? WebSearchOptions { get; set; }

    /// <summary>An end-user id for the provider's abuse monitoring; in the key only with <c>Gateway:KeyByEndUser</c> (as a scope).</summary>
    [JsonPropertyName("user")][NotCacheKey] public string? User { get; set; }

    /// <summary>The newer name of <see cref="User"/>: treated the same way.</summary>
    [JsonPropertyName("safety_identifier")][NotCacheKey] public string? SafetyIdentifier { get; set; }

    /// <summary>Asks the provider to keep the completion; such a request bypasses the cache unless <c>Gateway:BypassCacheWhenStored</c> is false.</summary>
    [JsonPropertyName("store")][NotCacheKey] public bool? Store { get; set; }

    /// <summary>Labels for stored completions: they do not change the answer.</summary>
    [JsonPropertyName("metadata")][NotCacheKey] public IReadOnlyDictionary<string, string>? Metadata { get; set; }

    /// <summary>The provider's own prompt-cache hint: it does not change the answer.</summary>
    [JsonPropertyName("prompt_cache_key")][NotCacheKey] public string? PromptCacheKey { get; set; }

    /// <summary>Latency and price tier: it does not change the answer.</summary>
    [JsonPropertyName("service_tier")][NotCacheKey] public string? ServiceTier { get; set; }

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

    /// <summary>
    /// Fields this gateway does not know: refused as OpenAI refuses them, unless <c>Gateway:AllowUnknownFields</c> lets them
    /// through to an upstream that takes more (then they are in the key and sent upstream).
    /// </summary>
    // Settable rather than init: the System.Text.Json source generator cannot fill an init-only extension data property.
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One message of a request: content is a string or an array of parts.</summary>
public sealed record ChatMessage
{
    [JsonPropertyName("role")] public string? Role { get; set; }

    [JsonPropertyName("content")] public JsonElement? Content { get; set; }

    [JsonPropertyName("name")] public string? Name { get; set; }

    [JsonPropertyName("refusal")] public string? Refusal { get; set; }

    [JsonPropertyName("tool_calls")] public JsonElement? ToolCalls { get; set; }

    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; set; }

    [JsonPropertyName("function_call")] public JsonElement? FunctionCall { get; set; }

    [JsonPropertyName("audio")] public JsonElement? Audio { get; set; }

    /// <summary>Properties a message of its role does not have: refused unless <c>Gateway:AllowUnknownFields</c>.</summary>
    // Settable rather than init: the System.Text.Json source generator cannot fill an init-only extension data property.
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

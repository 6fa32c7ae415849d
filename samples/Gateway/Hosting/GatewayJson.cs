using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Caching;
using Gateway.Contracts;
using Gateway.Endpoints;

namespace Gateway.Hosting;

/// <summary>
/// The JSON settings of the OpenAI wire format (property names from the contracts, nulls left out), with every contract's
/// serializer generated at compile time: no reflection, so the gateway runs under Native AOT, and the cache stores its
/// answers through the same contracts (<see cref="CacheConfig.JsonSerializerOptions"/>).
/// </summary>
public static class GatewayJson
{
    /// <summary>
    /// The generated contracts with relaxed escaping: the gateway's JSON is an API's, never embedded in HTML, so an
    /// apostrophe or a non-ASCII letter is written as itself, as OpenAI writes it, not as a <c>\u</c> escape.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(GatewayJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = GatewayJsonContext.Default,
    };

    /// <summary>The generated contract of <typeparamref name="T"/>, looked up once per type (requests read it on every call).</summary>
    public static JsonTypeInfo<T> Info<T>() => InfoOf<T>.Value;

    private static class InfoOf<T>
    {
        public static readonly JsonTypeInfo<T> Value = (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
    }
}

// OpenAI reads names case-sensitively and never takes a number from a string; the web defaults do both, so both are off.
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(ChatCompletionChunk[]))]
[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(EmbeddingResponse))]
[JsonSerializable(typeof(Base64EmbeddingResponse))]
[JsonSerializable(typeof(ImageRequest))]
[JsonSerializable(typeof(ImageResponse))]
[JsonSerializable(typeof(OpenAiError))]
[JsonSerializable(typeof(CacheStats))]
[JsonSerializable(typeof(Gateway.Dashboard.DashboardData))]
[JsonSerializable(typeof(Gateway.Savings.SavingsReport))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
[JsonSerializable(typeof(AdminEndpoints.Removed))]
[JsonSerializable(typeof(AdminEndpoints.RemovedKey))]
[JsonSerializable(typeof(AdminEndpoints.InvalidateRequest))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext
{
}

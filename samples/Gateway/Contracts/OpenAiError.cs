using System.Text.Json.Serialization;

namespace Gateway.Contracts;

/// <summary>The OpenAI error body: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
public sealed record OpenAiError([property: JsonPropertyName("error")] OpenAiErrorDetail Error)
{
    public static OpenAiError InvalidRequest(string message, string? param = null) =>
        new(new OpenAiErrorDetail(message, "invalid_request_error", param, null));
}

public sealed record OpenAiErrorDetail(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonPropertyName("code"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);

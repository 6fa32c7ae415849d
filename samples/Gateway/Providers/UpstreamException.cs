using System;
using System.Text.Json;
using Gateway.Contracts;
using Gateway.Hosting;

namespace Gateway.Providers;

/// <summary>
/// The upstream failed: its 4xx answers (a client mistake it caught, or 429) go back to the client as they are, anything
/// else is a 502; the body is always an OpenAI-format error (redacted), and nothing is cached.
/// </summary>
public sealed class UpstreamException : Exception
{
    public UpstreamException()
    {
    }

    public UpstreamException(string message)
        : base(message)
    {
    }

    public UpstreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UpstreamException(int statusCode, string body)
        : base($"The upstream provider answered {statusCode}.")
    {
        StatusCode = statusCode;
        Body = body;
    }

    public int StatusCode { get; } = 502;

    /// <summary>A 502 with an OpenAI-format body saying what went wrong.</summary>
    public static UpstreamException BadGateway(string message) =>
        new(502, JsonSerializer.Serialize(new OpenAiError(new OpenAiErrorDetail(message, "upstream_error", null, "bad_gateway")), GatewayJson.Info<OpenAiError>()));

    /// <summary>An upstream error answer: 4xx passed on (wrapped when its body is not an OpenAI error), 5xx as a 502.</summary>
    public static UpstreamException FromUpstream(int status, string redactedBody)
    {
        if (status is >= 400 and < 500 && IsOpenAiError(redactedBody))
        {
            return new UpstreamException(status, redactedBody);
        }

        string excerpt = redactedBody.Length <= 200 ? redactedBody : redactedBody[..200] + "…";
        string message = $"The upstream provider answered {status}: {excerpt}";
        return status is >= 400 and < 500
            ? new UpstreamException(status, JsonSerializer.Serialize(new OpenAiError(new OpenAiErrorDetail(message, "upstream_error", null, null)), GatewayJson.Info<OpenAiError>()))
            : BadGateway(message);
    }

    private static bool IsOpenAiError(string body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public string Body { get; } = "";
}

using System;

namespace Gateway.Providers;

/// <summary>The upstream answered with an error; its status and (redacted) body go back to the client, and nothing is cached.</summary>
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

    public string Body { get; } = "";
}

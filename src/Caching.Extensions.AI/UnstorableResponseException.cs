using System;
using Microsoft.Extensions.AI;

namespace Caching.Extensions.AI;

/// <summary>
/// Carries a response out of a cache flight that must not store it (a content filter, tool calls not to be cached):
/// failures are never stored, and every caller waiting on the flight unwraps the response.
/// </summary>
internal sealed class UnstorableResponseException : Exception
{
    public UnstorableResponseException()
    {
        Response = new ChatResponse();
    }

    public UnstorableResponseException(string message)
        : base(message)
    {
        Response = new ChatResponse();
    }

    public UnstorableResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Response = new ChatResponse();
    }

    public UnstorableResponseException(ChatResponse response)
        : base("The response is not to be stored.")
    {
        Response = response;
    }

    public ChatResponse Response { get; }
}

using System;

namespace Gateway.Providers;

/// <summary>
/// Which failures of the upstream a stale answer may stand in for: the provider's own (429, 5xx, unreachable, a timeout,
/// an answer it could not give), never the client's (any other 4xx: the request itself is wrong, and a stale answer would
/// hide it).
/// </summary>
public static class UpstreamFailures
{
    public static bool ServeStale(Exception failure) => failure switch
    {
        UpstreamException upstream => upstream.StatusCode is 429 or >= 500,
        _ => true,
    };
}

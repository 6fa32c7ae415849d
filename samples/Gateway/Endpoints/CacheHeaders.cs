using System;
using Caching;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>Maps Cache-Control to a read mode, and what the cache did to x-cache and x-cache-key.</summary>
internal static class CacheHeaders
{
    public static CacheReadMode ModeOf(HttpRequest request)
    {
        string directives = request.Headers.CacheControl.ToString();
        if (directives.Contains("no-store", StringComparison.OrdinalIgnoreCase))
        {
            return CacheReadMode.NoStore;
        }

        return directives.Contains("no-cache", StringComparison.OrdinalIgnoreCase) ? CacheReadMode.Refresh : CacheReadMode.Normal;
    }

    public static void Write(HttpResponse response, CacheCallContext call)
    {
        response.Headers["x-cache"] = call.Outcome switch
        {
            CacheOutcome.Hit => "HIT",
            CacheOutcome.Miss => "MISS",
            _ => "BYPASS",
        };
        if (call.Key is { } key)
        {
            // Header values must be printable ASCII: a key that is not (a model name with other characters) is written
            // percent-encoded, so writing the header can never fail.
            response.Headers["x-cache-key"] = key.AsSpan().ContainsAnyExceptInRange(' ', '~') ? Uri.EscapeDataString(key) : key;
        }
    }
}

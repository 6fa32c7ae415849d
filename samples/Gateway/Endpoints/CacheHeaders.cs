using System;
using System.Globalization;
using Caching;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// What the cache did, told to the client: <c>x-cache</c> (HIT, MISS, BYPASS, STALE for a stale answer served in place
/// of a failing provider, or SEMANTIC-HIT for an answer cached for another wording of the question, with its
/// <c>x-cache-similarity</c>), <c>x-cache-key</c>, an RFC 9211 <c>Cache-Status</c> and, on a cached answer, its
/// <c>Age</c> in seconds.
/// </summary>
internal static class CacheHeaders
{
    /// <summary>The cache's name in Cache-Status.</summary>
    public const string CacheName = "gateway";

    public static void Write(HttpResponse response, CacheCallContext call, CachePolicy policy)
    {
        response.Headers["x-cache"] = call.Outcome switch
        {
            CacheOutcome.Hit => "HIT",
            CacheOutcome.Miss => "MISS",
            CacheOutcome.Stale => "STALE",
            CacheOutcome.SemanticHit => "SEMANTIC-HIT",
            _ => "BYPASS",
        };
        if (call is { Outcome: CacheOutcome.SemanticHit, Similarity: { } similarity })
        {
            response.Headers["x-cache-similarity"] = similarity.ToString("F3", CultureInfo.InvariantCulture);
        }

        response.Headers["Cache-Status"] = CacheStatus(call, policy);
        if (call.Outcome is CacheOutcome.Hit or CacheOutcome.Stale or CacheOutcome.SemanticHit && call.Age is { } age)
        {
            response.Headers.Age = ((long)age.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        if (call.Key is { } key)
        {
            // Header values must be printable ASCII: a key that is not (a model name with other characters) is written
            // percent-encoded, so writing the header can never fail.
            response.Headers["x-cache-key"] = key.AsSpan().ContainsAnyExceptInRange(' ', '~') ? Uri.EscapeDataString(key) : key;
        }
    }

    /// <summary>The Cache-Status of a request only-if-cached could not answer.</summary>
    public static void WriteNotCached(HttpResponse response) =>
        response.Headers["Cache-Status"] = CacheName + "; fwd=miss; detail=only-if-cached";

    private static string CacheStatus(CacheCallContext call, CachePolicy policy)
    {
        string stored = call.Stored ? "; stored" : string.Empty;
        return call.Outcome switch
        {
            CacheOutcome.Hit => CacheName + "; hit",
            CacheOutcome.Stale => CacheName + "; hit; fwd=stale",
            CacheOutcome.SemanticHit => CacheName + "; hit; detail=semantic",
            CacheOutcome.Miss when call.SkippedOlderAnswer => CacheName + "; fwd=stale" + stored,
            CacheOutcome.Miss => CacheName + "; fwd=miss" + stored,
            _ when policy.BypassedByRule => CacheName + "; fwd=bypass",
            _ => CacheName + "; fwd=request" + stored,
        };
    }
}

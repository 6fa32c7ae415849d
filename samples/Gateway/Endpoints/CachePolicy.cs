using Caching;
using Gateway.Contracts;
using Gateway.Hosting;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// How one request uses the cache: the client's HTTP directives, the gateway's caching rules (sampled requests,
/// <c>store: true</c>) and the scope that keeps answers apart (an end user's, with <c>Gateway:KeyByEndUser</c>).
/// </summary>
internal readonly record struct CachePolicy(HttpCacheDirectives Http, bool BypassedByRule, string? Scope)
{
    public CacheDirectives Directives => Http.ToCache(BypassedByRule);

    public static CachePolicy ForChat(HttpRequest http, ChatCompletionRequest request, GatewayOptions options)
    {
        bool bypass = (options.BypassCacheWhenStored && request.Store == true)
            || (!options.CacheSampledRequests && IsSampled(request));
        return new CachePolicy(HttpCacheDirectives.Parse(http), bypass, ScopeOf(request.User ?? request.SafetyIdentifier, options));
    }

    public static CachePolicy For(HttpRequest http, string? endUser, GatewayOptions options) =>
        new(HttpCacheDirectives.Parse(http), false, ScopeOf(endUser, options));

    /// <summary>
    /// A request is deterministic when its temperature or its top_p is 0 (greedy decoding); anything else, including a
    /// temperature left to the provider's default of 1, samples.
    /// </summary>
    public static bool IsSampled(ChatCompletionRequest request) => request.Temperature != 0 && request.TopP != 0;

    private static string? ScopeOf(string? endUser, GatewayOptions options) =>
        options.KeyByEndUser && endUser is not null ? "user:" + endUser : null;
}

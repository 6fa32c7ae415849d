using Caching;
using Gateway.Contracts;
using Gateway.Hosting;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// How one request uses the cache: the client's HTTP directives, the gateway's caching rules (sampled requests,
/// <c>store: true</c>) and the scope that keeps answers apart (an end user's, with <c>Gateway:KeyByEndUser</c>).
/// </summary>
internal readonly record struct CachePolicy(HttpCacheDirectives Http, bool BypassedByRule, string? Scope, bool ExactOnly = false)
{
    /// <summary>The request header that refuses semantic hits: <c>x-cache-semantic: off</c> (<c>on</c>, the default, allows them).</summary>
    public const string SemanticHeader = "x-cache-semantic";

    public CacheDirectives Directives => Http.ToCache(BypassedByRule) with { ExactOnly = ExactOnly };

    /// <summary>A header the gateway reads with a value it does not know: a 400 naming the header.</summary>
    public static Validation.RequestError? CheckHeaders(HttpRequest http) =>
        http.Headers[SemanticHeader] is { Count: > 0 } values && values.ToString().Trim().ToLowerInvariant() is not ("on" or "off")
            ? new Validation.RequestError($"Invalid value for header '{SemanticHeader}': expected \"on\" or \"off\", got \"{values}\".", SemanticHeader, "invalid_value")
            : null;

    public static CachePolicy ForChat(HttpRequest http, ChatCompletionRequest request, GatewayOptions options)
    {
        bool bypass = (options.BypassCacheWhenStored && request.Store == true)
            || (!options.CacheSampledRequests && IsSampled(request));
        return new CachePolicy(HttpCacheDirectives.Parse(http), bypass, ScopeOf(http, request.User ?? request.SafetyIdentifier, options), RefusesSemantic(http));
    }

    public static CachePolicy For(HttpRequest http, string? endUser, GatewayOptions options) =>
        new(HttpCacheDirectives.Parse(http), false, ScopeOf(http, endUser, options));

    /// <summary>
    /// A request is deterministic when its temperature or its top_p is 0 (greedy decoding); anything else, including a
    /// temperature left to the provider's default of 1, samples.
    /// </summary>
    public static bool IsSampled(ChatCompletionRequest request) => request.Temperature != 0 && request.TopP != 0;

    private static bool RefusesSemantic(HttpRequest http) =>
        string.Equals(http.Headers[SemanticHeader].ToString().Trim(), "off", System.StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The tenant's pool (<c>tenant:{name}</c>, or <c>shared</c>), then the end user's part when end users are kept apart:
    /// <c>tenant:acme/user:bob</c>. An open gateway has no tenant part.
    /// </summary>
    private static string? ScopeOf(HttpRequest http, string? endUser, GatewayOptions options)
    {
        string? user = options.KeyByEndUser && endUser is not null ? "user:" + endUser : null;
        return TenantKeys.TenantOf(http.HttpContext) is { } tenant
            ? user is null ? tenant.CacheScope : tenant.CacheScope + TenantScopes.UserSeparator + user
            : user;
    }
}

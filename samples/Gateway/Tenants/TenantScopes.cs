using Caching;

namespace Gateway.Tenants;

/// <summary>The invalidation patterns that reach a tenant's own entries and nothing else.</summary>
internal static class TenantScopes
{
    /// <summary>Between a tenant's pool and an end user's part in a scope (a tenant name never contains it).</summary>
    public const char UserSeparator = '/';

    /// <summary>
    /// The patterns for a tenant's pattern over its logical keys (<c>chat:gpt-4o:*</c>): one for its pool's own entries,
    /// one for its end users' (<c>Gateway:KeyByEndUser</c>). Both start with the pool's scope written literally, so no
    /// pattern a tenant sends can match another pool's keys.
    /// </summary>
    public static string[] PatternsFor(Tenant tenant, string pattern)
    {
        string pool = "scope:" + CacheKeyBuilder.EscapePattern(tenant.CacheScope);
        return [pool + ":" + pattern, pool + UserSeparator + "*:" + pattern];
    }
}

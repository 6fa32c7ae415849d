namespace Gateway.Tenants;

/// <summary>
/// A team that calls the gateway with its own keys (<c>Gateway:Tenants:{Name}</c>). Its answers are cached under
/// <see cref="CacheScope"/>: its own, or the one pool every tenant with <c>SharedCache</c> uses.
/// </summary>
internal sealed record Tenant(string Name, bool SharesCache)
{
    /// <summary>The scope of the pool that tenants with <c>SharedCache: true</c> share.</summary>
    public const string SharedScope = "shared";

    /// <summary>The cache scope of this tenant's answers (before any end user's part).</summary>
    public string CacheScope { get; } = SharesCache ? SharedScope : "tenant:" + Name;

    /// <summary>The label of calls made with no tenant, on an open gateway.</summary>
    public const string Anonymous = "anonymous";
}

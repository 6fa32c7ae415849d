using System;

namespace Caching;

/// <summary>
/// Marks a parameter (for example a tenant id) whose value isolates cache entries: two scopes never share an
/// entry, and every entry of one scope starts with <c>scope:{scope}:</c>, so one
/// <c>InvalidateAsync("scope:" + CacheKeyBuilder.EscapePattern(tenant) + ":*")</c> removes them all.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class CacheScopeAttribute : Attribute
{
}

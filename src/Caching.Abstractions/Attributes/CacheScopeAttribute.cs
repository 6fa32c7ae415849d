using System;

namespace Caching;

/// <summary>
/// Marks a parameter (for example a tenant id) whose value isolates cache entries: two scopes never share an
/// entry, and every entry of one scope starts with <c>scope:{scope}:</c>, so one
/// <c>InvalidateAsync("scope:" + CacheKeyBuilder.EscapePattern(tenant) + ":*")</c> removes them all. A null scope means
/// the call is not scoped: its key has no <c>scope:</c> prefix (an empty string is a scope of its own).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class CacheScopeAttribute : Attribute
{
}

using System;

namespace Caching;

/// <summary>
/// Leaves a parameter, property or field out of the cache key: use it for values that cannot change the
/// provider's answer (request ids, user ids kept for auditing, tracing data).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class NotCacheKeyAttribute : Attribute
{
}

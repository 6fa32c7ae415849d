using System;

namespace Caching;

/// <summary>
/// Caches the answers of an embedding method. Keys look like <c>embedding:{model}:{hash}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CachedEmbeddingAttribute : CachedCallAttribute
{
}

using System;

namespace Caching;

/// <summary>
/// Caches the answers of an image-generation method. Keys look like <c>image:{model}:{hash}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CachedImageAttribute : CachedCallAttribute
{
}

using System;

namespace Caching;

/// <summary>
/// Caches the answers of a chat-completion method. Keys look like <c>chat:{model}:{hash}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CachedCompletionAttribute : CachedCallAttribute
{
}

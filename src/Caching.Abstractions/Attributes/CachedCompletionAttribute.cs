using System;

namespace Caching;

/// <summary>
/// Caches the answers of a chat-completion method. Keys look like <c>chat:{model}:{hash}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CachedCompletionAttribute : CachedCallAttribute
{
    /// <summary>
    /// Whether an answer cached for another wording of the <see cref="SemanticTextAttribute"/> text, with everything else
    /// equal, may be served (a semantic hit) when the cache manager has a semantic layer. Exact hits are always checked first.
    /// </summary>
    public bool Semantic { get; set; }
}

using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>Every diagnostic the caching generator's analyzer reports.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Caching";

    public static readonly DiagnosticDescriptor NoModel = new(
        "CACHE001",
        "No model input on a cached method",
        "Cached method '{0}' has no model: add a 'string model' parameter, a request parameter with a string 'Model' property, or mark the parameter or property that names the model with [CacheModel]",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UncacheableReturnType = new(
        "CACHE002",
        "Return type cannot be cached",
        "Cached method '{0}' returns '{1}', which has no value to cache: return Task<T>, ValueTask<T> or IAsyncEnumerable<T>",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnencodableInput = new(
        "CACHE003",
        "Input cannot be part of the cache key",
        "'{0}' of type '{1}' cannot be part of the cache key of '{2}': {3}. Mark it [NotCacheKey] if it cannot change the provider's answer.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidDuration = new(
        "CACHE004",
        "Invalid duration literal",
        "{0} \"{1}\" is not a duration ({2}): use a positive duration such as \"250ms\", \"90s\", \"10m\", \"1h\", \"1d\" or \"1h30m\"",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ByRefParameter = new(
        "CACHE005",
        "ref, out or in parameter on a cached method",
        "Parameter '{0}' of cached method '{1}' is passed by reference; a cached call cannot write back to it: pass it by value",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericMethod = new(
        "CACHE006",
        "Generic cached method",
        "Cached method '{0}' is generic; its key and value types must be known at compile time: make it non-generic",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SeveralCachingAttributes = new(
        "CACHE007",
        "More than one caching attribute",
        "Method '{0}' has more than one of [CachedCompletion], [CachedEmbedding] and [CachedImage]: keep one",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ScopeNotString = new(
        "CACHE008",
        "Cache scope is not a string",
        "[CacheScope] parameter '{0}' is a '{1}': a scope must be a string (convert ids with ToString at the call site)",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UndecoratableInterface = new(
        "CACHE009",
        "Interface cannot be decorated",
        "Interface '{0}' has cached methods but cannot be decorated: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SemanticTextMisuse = new(
        "CACHE010",
        "Semantic caching without one free text",
        "Cached method '{0}' has Semantic = true but {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);
}

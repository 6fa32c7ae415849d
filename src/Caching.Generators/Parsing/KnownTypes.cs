using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>The symbols the parser compares against, looked up once per compilation.</summary>
internal sealed class KnownTypes
{
    public const string CachedCompletionAttribute = "Caching.CachedCompletionAttribute";
    public const string CachedEmbeddingAttribute = "Caching.CachedEmbeddingAttribute";
    public const string CachedImageAttribute = "Caching.CachedImageAttribute";

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, KnownTypes> PerCompilation = new();

    private KnownTypes(Compilation compilation)
    {
        CachedCompletion = compilation.GetTypeByMetadataName(CachedCompletionAttribute);
        CachedEmbedding = compilation.GetTypeByMetadataName(CachedEmbeddingAttribute);
        CachedImage = compilation.GetTypeByMetadataName(CachedImageAttribute);
        NotCacheKey = compilation.GetTypeByMetadataName("Caching.NotCacheKeyAttribute");
        CacheModel = compilation.GetTypeByMetadataName("Caching.CacheModelAttribute");
        CacheScope = compilation.GetTypeByMetadataName("Caching.CacheScopeAttribute");
        SemanticText = compilation.GetTypeByMetadataName("Caching.SemanticTextAttribute");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        AsyncEnumerable = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
        DateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        Guid = compilation.GetTypeByMetadataName("System.Guid");
        ReadOnlyMemory = compilation.GetTypeByMetadataName("System.ReadOnlyMemory`1");
        Memory = compilation.GetTypeByMetadataName("System.Memory`1");
        ArraySegment = compilation.GetTypeByMetadataName("System.ArraySegment`1");
        JsonElement = compilation.GetTypeByMetadataName("System.Text.Json.JsonElement");
        JsonDocument = compilation.GetTypeByMetadataName("System.Text.Json.JsonDocument");
        JsonNode = compilation.GetTypeByMetadataName("System.Text.Json.Nodes.JsonNode");
        JsonInclude = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonIncludeAttribute");
        JsonIgnore = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonIgnoreAttribute");
        JsonPolymorphic = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonPolymorphicAttribute");
        JsonDerivedType = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonDerivedTypeAttribute");
        BinaryData = compilation.GetTypeByMetadataName("System.BinaryData");
        BigInteger = compilation.GetTypeByMetadataName("System.Numerics.BigInteger");
        Half = compilation.GetTypeByMetadataName("System.Half");
        Int128 = compilation.GetTypeByMetadataName("System.Int128");
        UInt128 = compilation.GetTypeByMetadataName("System.UInt128");
        DateOnly = compilation.GetTypeByMetadataName("System.DateOnly");
        TimeOnly = compilation.GetTypeByMetadataName("System.TimeOnly");
        Uri = compilation.GetTypeByMetadataName("System.Uri");
        ImmutableArray = compilation.GetTypeByMetadataName("System.Collections.Immutable.ImmutableArray`1");
        Enumerable = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
        Dictionary = compilation.GetTypeByMetadataName("System.Collections.Generic.IDictionary`2");
        ReadOnlyList = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyList`1");
        List = compilation.GetTypeByMetadataName("System.Collections.Generic.IList`1");
        ReadOnlyDictionary = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyDictionary`2");
        Set = compilation.GetTypeByMetadataName("System.Collections.Generic.ISet`1");
        ReadOnlySet = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlySet`1");
        Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        ServiceCollection = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IServiceCollection");
        DecorateExtension = compilation.GetTypeByMetadataName("Caching.CachingServiceCollectionExtensions");
    }

    /// <summary>The known types of a compilation, looked up once however many annotated methods ask.</summary>
    public static KnownTypes For(Compilation compilation) => PerCompilation.GetValue(compilation, static c => new KnownTypes(c));

    public INamedTypeSymbol? CachedCompletion { get; }

    public INamedTypeSymbol? CachedEmbedding { get; }

    public INamedTypeSymbol? CachedImage { get; }

    public INamedTypeSymbol? NotCacheKey { get; }

    public INamedTypeSymbol? CacheModel { get; }

    public INamedTypeSymbol? CacheScope { get; }

    public INamedTypeSymbol? SemanticText { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? AsyncEnumerable { get; }

    public INamedTypeSymbol? DateTimeOffset { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    public INamedTypeSymbol? Guid { get; }

    public INamedTypeSymbol? ReadOnlyMemory { get; }

    public INamedTypeSymbol? Memory { get; }

    public INamedTypeSymbol? ArraySegment { get; }

    public INamedTypeSymbol? JsonElement { get; }

    public INamedTypeSymbol? JsonDocument { get; }

    public INamedTypeSymbol? JsonNode { get; }

    public INamedTypeSymbol? JsonInclude { get; }

    public INamedTypeSymbol? JsonIgnore { get; }

    public INamedTypeSymbol? JsonPolymorphic { get; }

    public INamedTypeSymbol? JsonDerivedType { get; }

    public INamedTypeSymbol? BinaryData { get; }

    public INamedTypeSymbol? BigInteger { get; }

    public INamedTypeSymbol? Half { get; }

    public INamedTypeSymbol? Int128 { get; }

    public INamedTypeSymbol? UInt128 { get; }

    public INamedTypeSymbol? DateOnly { get; }

    public INamedTypeSymbol? TimeOnly { get; }

    public INamedTypeSymbol? Uri { get; }

    public INamedTypeSymbol? ImmutableArray { get; }

    public INamedTypeSymbol Enumerable { get; }

    public INamedTypeSymbol? Dictionary { get; }

    public INamedTypeSymbol? ReadOnlyList { get; }

    public INamedTypeSymbol? List { get; }

    public INamedTypeSymbol? ReadOnlyDictionary { get; }

    public INamedTypeSymbol? Set { get; }

    public INamedTypeSymbol? ReadOnlySet { get; }

    public INamedTypeSymbol? Stream { get; }

    public INamedTypeSymbol? ServiceCollection { get; }

    public INamedTypeSymbol? DecorateExtension { get; }

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        known is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute) => FindAttribute(symbol, attribute) is not null;

    public static AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return null;
        }

        foreach (AttributeData data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return data;
            }
        }

        return null;
    }
}

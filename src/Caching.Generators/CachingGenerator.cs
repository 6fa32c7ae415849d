using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Generators;

/// <summary>
/// Emits a cached decorator for every interface with a [CachedCompletion], [CachedEmbedding] or [CachedImage] method.
/// Misuse is reported by <see cref="CachingAnalyzer"/>, so that #pragma and .editorconfig work on it and this
/// pipeline's outputs stay cacheable.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CachingGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<InterfaceModel> completions = ModelsFor(context, KnownTypes.CachedCompletionAttribute);
        IncrementalValuesProvider<InterfaceModel> embeddings = ModelsFor(context, KnownTypes.CachedEmbeddingAttribute);
        IncrementalValuesProvider<InterfaceModel> images = ModelsFor(context, KnownTypes.CachedImageAttribute);

        IncrementalValueProvider<EquatableArray<InterfaceModel>> all = completions.Collect()
            .Combine(embeddings.Collect())
            .Combine(images.Collect())
            .Select(static (models, _) => Distinct(models.Left.Left.AddRange(models.Left.Right).AddRange(models.Right)))
            .WithTrackingName(TrackingNames.Models);

        IncrementalValuesProvider<InterfaceModel> each = all.SelectMany(static (models, _) => models.ToImmutableArray())
            .WithTrackingName(TrackingNames.Interfaces);

        context.RegisterSourceOutput(each, static (output, model) => output.AddSource(Naming.HintName(model), DecoratorEmitter.Emit(model)));

        // One writer per keyed type for the whole compilation, shared by every decorator.
        IncrementalValueProvider<EquatableArray<TypeWriterModel>> writers = all
            .Select(static (models, _) => new EquatableArray<TypeWriterModel>(
                models.SelectMany(m => m.TypeWriters).GroupBy(w => w.TypeName).Select(g => g.First()).OrderBy(w => Naming.WriterMethod(w.TypeName), System.StringComparer.Ordinal)))
            .WithTrackingName(TrackingNames.Writers);
        context.RegisterSourceOutput(writers, static (output, models) =>
        {
            if (models.Count > 0)
            {
                output.AddSource(KeyWritersEmitter.HintName, KeyWritersEmitter.Emit(models));
            }
        });
    }

    private static IncrementalValuesProvider<InterfaceModel> ModelsFor(IncrementalGeneratorInitializationContext context, string attribute) =>
        context.SyntaxProvider.ForAttributeWithMetadataName(
                attribute,
                static (node, _) => node is MethodDeclarationSyntax { Parent: InterfaceDeclarationSyntax },
                static (syntax, cancellationToken) => Parse(syntax, cancellationToken))
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Parsed);

    /// <summary>
    /// Parses the interface of an annotated method, once: only its first annotated method does it, so that an interface
    /// with 500 cached methods is parsed once rather than 500 times.
    /// </summary>
    private static InterfaceModel? Parse(GeneratorAttributeSyntaxContext syntax, CancellationToken cancellationToken)
    {
        if (syntax.TargetSymbol is not IMethodSymbol { ContainingType: { } type } target)
        {
            return null;
        }

        KnownTypes known = KnownTypes.For(syntax.SemanticModel.Compilation);
        var parser = new InterfaceParser(known, report: null, cancellationToken);
        IMethodSymbol? first = type.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(parser.IsCached);
        return SymbolEqualityComparer.Default.Equals(first, target) ? parser.Parse(type) : null;
    }

    private static EquatableArray<InterfaceModel> Distinct(ImmutableArray<InterfaceModel> models) =>
        new(models.GroupBy(Naming.HintName).Select(g => g.First()).OrderBy(Naming.HintName, System.StringComparer.Ordinal));
}

/// <summary>Names of the tracked pipeline steps, for incrementality tests.</summary>
internal static class TrackingNames
{
    public const string Parsed = "Parsed";
    public const string Models = "Models";
    public const string Interfaces = "Interfaces";
    public const string Writers = "Writers";
}

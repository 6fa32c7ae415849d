using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Caching.Generators;

/// <summary>Reports misuse of the caching attributes (CACHE001–CACHE010) at the offending member or argument.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CachingAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.NoModel,
        DiagnosticDescriptors.UncacheableReturnType,
        DiagnosticDescriptors.UnencodableInput,
        DiagnosticDescriptors.InvalidDuration,
        DiagnosticDescriptors.ByRefParameter,
        DiagnosticDescriptors.GenericMethod,
        DiagnosticDescriptors.SeveralCachingAttributes,
        DiagnosticDescriptors.ScopeNotString,
        DiagnosticDescriptors.UndecoratableInterface,
        DiagnosticDescriptors.SemanticTextMisuse,
    ];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            KnownTypes known = KnownTypes.For(start.Compilation);
            if (known.CachedCompletion is null && known.CachedEmbedding is null && known.CachedImage is null)
            {
                return;
            }

            start.RegisterSymbolAction(
                symbolContext =>
                {
                    if (symbolContext.Symbol is INamedTypeSymbol { TypeKind: TypeKind.Interface } type)
                    {
                        new InterfaceParser(known, symbolContext.ReportDiagnostic, symbolContext.CancellationToken).Parse(type);
                    }
                },
                SymbolKind.NamedType);
        });
    }
}

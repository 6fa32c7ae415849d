using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Generators;

/// <summary>The caching attributes on a method: which kind of call they declare, and the durations they set.</summary>
internal sealed class CachingAttributes
{
    private static readonly string[] DurationNames = ["Ttl", "StaleIfError", "SoftTimeout", "HardTimeout"];
    private readonly KnownTypes _known;

    public CachingAttributes(KnownTypes known) => _known = known;

    public List<AttributeData> On(IMethodSymbol method) =>
        method.GetAttributes().Where(a => KindOf(a) != CacheKind.None).ToList();

    public CacheKind KindOf(AttributeData attribute)
    {
        INamedTypeSymbol? type = attribute.AttributeClass;
        return type is null ? CacheKind.None
            : SymbolEqualityComparer.Default.Equals(type, _known.CachedCompletion) ? CacheKind.Completion
            : SymbolEqualityComparer.Default.Equals(type, _known.CachedEmbedding) ? CacheKind.Embedding
            : SymbolEqualityComparer.Default.Equals(type, _known.CachedImage) ? CacheKind.Image
            : CacheKind.None;
    }

    /// <summary>
    /// The durations the attribute sets (Ttl, StaleIfError, SoftTimeout, HardTimeout), each checked (CACHE009); null when
    /// it sets none.
    /// </summary>
    public static EntryOptionsModel? EntryOptions(AttributeData attribute, Action<Diagnostic>? report, ref bool valid)
    {
        var milliseconds = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Value.Value is null || Array.IndexOf(DurationNames, argument.Key) < 0)
            {
                continue;
            }

            string text = argument.Value.Value.ToString();
            if (CacheDuration.TryParse(text, out TimeSpan duration, out string error))
            {
                milliseconds[argument.Key] = (long)duration.TotalMilliseconds;
            }
            else if (argument.Key != "Ttl" && text.Trim() == "0")
            {
                milliseconds[argument.Key] = 0;
            }
            else
            {
                string allowed = argument.Key == "Ttl" ? error : error + ", or \"0\" for none";
                report?.Invoke(Diagnostic.Create(DiagnosticDescriptors.InvalidDuration, ArgumentLocation(attribute, argument.Key) ?? Location.None, argument.Key, text, allowed));
                valid = false;
            }
        }

        return milliseconds.Count == 0
            ? null
            : new EntryOptionsModel(Get("Ttl"), Get("StaleIfError"), Get("SoftTimeout"), Get("HardTimeout"));

        long? Get(string name) => milliseconds.TryGetValue(name, out long value) ? value : null;
    }

    private static Location? ArgumentLocation(AttributeData attribute, string name)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax syntax && syntax.ArgumentList is not null)
        {
            foreach (AttributeArgumentSyntax argument in syntax.ArgumentList.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return argument.Expression.GetLocation();
                }
            }

            return syntax.GetLocation();
        }

        return attribute.ApplicationSyntaxReference is { } reference
            ? Location.Create(reference.SyntaxTree, reference.Span)
            : null;
    }
}

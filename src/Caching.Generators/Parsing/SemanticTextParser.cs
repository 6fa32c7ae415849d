using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>
/// Finds the free text of a <c>[CachedCompletion(Semantic = true)]</c> method: the one string parameter, or string property
/// of a parameter's type, marked [SemanticText]. Reports CACHE010 when there is none, more than one, or one that is not a
/// string or not part of the key.
/// </summary>
internal sealed class SemanticTextParser
{
    private readonly KnownTypes _known;
    private readonly Action<Diagnostic>? _report;

    public SemanticTextParser(KnownTypes known, Action<Diagnostic>? report)
    {
        _known = known;
        _report = report;
    }

    /// <summary>Where the decorator reads the free text, and the member it reads; null for a method that is not semantic or is misused.</summary>
    public (ValueSource Source, ISymbol Member)? Parse(IMethodSymbol method, AttributeData attribute, string methodName, Location methodLocation, ref bool valid)
    {
        if (!attribute.NamedArguments.Any(a => a.Key == "Semantic" && a.Value.Value is true))
        {
            return null;
        }

        var marked = new List<(ValueSource Source, ISymbol Symbol, ITypeSymbol Type)>();
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (KnownTypes.HasAttribute(parameter, _known.SemanticText))
            {
                marked.Add((new ValueSource(parameter.Name), parameter, parameter.Type));
            }
            else if (!KnownTypes.Is(parameter.Type, _known.CancellationToken))
            {
                foreach (IPropertySymbol property in MethodParser.ReadableProperties(parameter.Type).Where(p => KnownTypes.HasAttribute(p, _known.SemanticText)))
                {
                    marked.Add((MethodParser.PropertyOf(parameter, property.Name), property, property.Type));
                }
            }
        }

        string? problem = marked.Count switch
        {
            0 => "no free text: mark one string parameter, or one string property of a parameter's type, [SemanticText]",
            > 1 => $"[SemanticText] marks {string.Join(" and ", marked.Select(m => "'" + m.Symbol.Name + "'"))}: mark the one free text",
            _ when marked[0].Type.SpecialType != SpecialType.System_String =>
                $"[SemanticText] marks '{marked[0].Symbol.Name}' of type '{marked[0].Type.ToDisplayString(Formats.Message)}': the free text must be a string",
            _ when KnownTypes.HasAttribute(marked[0].Symbol, _known.NotCacheKey) =>
                $"[SemanticText] marks '{marked[0].Symbol.Name}', which is [NotCacheKey]: the free text must be part of the exact key",
            _ => null,
        };
        if (problem is not null)
        {
            Location location = marked.Count == 1 ? marked[0].Symbol.Locations.FirstOrDefault() ?? methodLocation : methodLocation;
            _report?.Invoke(Diagnostic.Create(DiagnosticDescriptors.SemanticTextMisuse, location, methodName, problem));
            valid = false;
            return null;
        }

        return (marked[0].Source, marked[0].Symbol);
    }

    /// <summary>A [SemanticText] property the key writers left out (System.Text.Json ignores it): the text would not be in the key.</summary>
    public void ReportUnkeyedProperty(ISymbol property, string methodName, Location methodLocation) =>
        _report?.Invoke(Diagnostic.Create(
            DiagnosticDescriptors.SemanticTextMisuse,
            property.Locations.FirstOrDefault() ?? methodLocation,
            methodName,
            $"[SemanticText] marks '{property.Name}', which is not on the wire (so not in the exact key): the free text must be part of the exact key"));
}

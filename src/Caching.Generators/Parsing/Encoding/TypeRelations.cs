using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>How one type relates to another: base types, implemented generic interfaces, the .NET libraries.</summary>
internal static class TypeRelations
{
    /// <summary>The type itself or the interface it implements whose definition is <paramref name="definition"/>.</summary>
    public static INamedTypeSymbol? FindGeneric(INamedTypeSymbol type, INamedTypeSymbol? definition)
    {
        if (definition is null)
        {
            return null;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, definition))
        {
            return type;
        }

        foreach (INamedTypeSymbol candidate in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, definition))
            {
                return candidate;
            }
        }

        return null;
    }

    public static bool InheritsFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A type of the .NET libraries (namespace System): its public members do not show its whole state.</summary>
    public static bool IsFrameworkType(INamedTypeSymbol type)
    {
        if (type.SpecialType is SpecialType.System_Object or SpecialType.System_ValueType)
        {
            return true;
        }

        INamespaceSymbol? ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: false, Name: "System" };
    }

    /// <summary>The type's full name without annotations or <c>global::</c>: what generated members are named after.</summary>
    public static string NameOf(ITypeSymbol type) =>
        type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted));
}

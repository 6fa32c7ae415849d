using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>Why a decorator cannot be generated for an interface (CACHE002), or null when it can.</summary>
internal static class Decoratability
{
    public static string? WhyNot(INamedTypeSymbol type)
    {
        if (type.IsGenericType)
        {
            return "it is generic; declare a non-generic interface that extends it";
        }

        if (type.ContainingType is not null)
        {
            return "it is nested in a type; declare it at namespace level";
        }

        if (type.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
        {
            return "it is not public or internal";
        }

        foreach (INamedTypeSymbol owner in new[] { type }.Concat(type.AllInterfaces))
        {
            foreach (ISymbol member in owner.GetMembers())
            {
                if (member.IsStatic && member.IsAbstract)
                {
                    return $"it has the static abstract member '{member.Name}'";
                }

                if (member is IEventSymbol && member.IsAbstract)
                {
                    return $"it declares the event '{member.Name}', which a decorator cannot forward yet";
                }

                if (member is IPropertySymbol { IsIndexer: true, IsAbstract: true })
                {
                    return "it declares an indexer, which a decorator cannot forward yet";
                }
            }
        }

        return null;
    }
}

using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>
/// What System.Text.Json puts on the wire for a type, which is what its key covers: public properties with a public
/// getter and public fields, own and inherited, plus non-public ones marked [JsonInclude], minus [JsonIgnore]d and
/// [NotCacheKey] ones. Non-public state the wire does not show makes the type unkeyable.
/// </summary>
internal sealed class WireContract
{
    private readonly KnownTypes _known;
    private readonly EncodingDiagnostics _diagnostics;

    public WireContract(KnownTypes known, EncodingDiagnostics diagnostics)
    {
        _known = known;
        _diagnostics = diagnostics;
    }

    /// <summary>The members by name, each with whether it must be read through an accessor; <paramref name="failed"/> when the type cannot be keyed whole.</summary>
    public List<(ISymbol Member, bool ViaAccessor)> MembersOf(INamedTypeSymbol type, in EncodingContext at, ref bool failed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(ISymbol, bool)>();
        for (INamedTypeSymbol? current = type; current is not null && !TypeRelations.IsFrameworkType(current); current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared || member is not (IPropertySymbol { IsIndexer: false } or IFieldSymbol { IsConst: false }))
                {
                    continue;
                }

                if (!seen.Add(member.Name) || KnownTypes.HasAttribute(member, _known.NotCacheKey) || IsAlwaysIgnored(member))
                {
                    continue;
                }

                bool included = KnownTypes.HasAttribute(member, _known.JsonInclude);
                bool isPublic = member switch
                {
                    IPropertySymbol property => property.DeclaredAccessibility == Accessibility.Public && property.GetMethod?.DeclaredAccessibility == Accessibility.Public,
                    _ => member.DeclaredAccessibility == Accessibility.Public,
                };
                if (isPublic)
                {
                    result.Add((member, false));
                }
                else if (included && (member is IFieldSymbol || ((IPropertySymbol)member).GetMethod is not null) && !type.IsValueType)
                {
                    result.Add((member, true));
                }
                else if (member is IFieldSymbol && !IsBackingField(member))
                {
                    _diagnostics.Fail(type, at, $"it holds non-public state ('{member.Name}') that System.Text.Json does not put on the wire, so a key could cover only part of its value; mark it [JsonInclude] to key it, or [NotCacheKey] if it cannot change the answer");
                    failed = true;
                }
                else if (included)
                {
                    _diagnostics.Fail(type, at, $"its [JsonInclude] member '{member.Name}' cannot be read from generated code (a write-only property, or a member of a struct)");
                    failed = true;
                }
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Item1.Name, b.Item1.Name));
        return result;
    }

    /// <summary>
    /// The first member a user-defined collection type declares besides its elements, if any: System.Text.Json writes
    /// only the elements. Members that implement the collection's interfaces (Count, Keys, …) are part of being one.
    /// </summary>
    public static string? OwnCollectionMember(INamedTypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Interface)
        {
            return null;
        }

        var implementations = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (INamedTypeSymbol contract in type.AllInterfaces)
        {
            foreach (ISymbol member in contract.GetMembers())
            {
                if (type.FindImplementationForInterfaceMember(member) is { } implementation)
                {
                    implementations.Add(implementation);
                }
            }
        }

        for (INamedTypeSymbol? current = type; current is not null && !TypeRelations.IsFrameworkType(current); current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                if (!member.IsStatic && !member.IsImplicitlyDeclared && member.DeclaredAccessibility == Accessibility.Public
                    && member is IPropertySymbol { IsIndexer: false } or IFieldSymbol
                    && !implementations.Contains(member))
                {
                    return member.Name;
                }
            }
        }

        return null;
    }

    public bool IsPolymorphic(INamedTypeSymbol type) =>
        KnownTypes.HasAttribute(type, _known.JsonPolymorphic) || KnownTypes.HasAttribute(type, _known.JsonDerivedType);

    private bool IsAlwaysIgnored(ISymbol member)
    {
        AttributeData? ignore = KnownTypes.FindAttribute(member, _known.JsonIgnore);
        if (ignore is null)
        {
            return false;
        }

        // JsonIgnoreCondition.Always is 1 and the default; WhenWritingNull/Default still put the value on the wire.
        foreach (KeyValuePair<string, TypedConstant> argument in ignore.NamedArguments)
        {
            if (argument.Key == "Condition" && argument.Value.Value is int condition)
            {
                return condition == 1;
            }
        }

        return true;
    }

    private static bool IsBackingField(ISymbol member) =>
        member is IFieldSymbol { AssociatedSymbol: not null } || member.Name.StartsWith("<", StringComparison.Ordinal);
}

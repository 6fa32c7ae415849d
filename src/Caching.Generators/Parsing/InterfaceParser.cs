using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>
/// Turns an interface symbol into an <see cref="InterfaceModel"/>. The generator calls it without a reporter and
/// emits what it can; the analyzer calls it with one and reports every misuse at its location.
/// </summary>
internal sealed class InterfaceParser
{
    private readonly KnownTypes _known;
    private readonly Action<Diagnostic>? _report;
    private readonly CancellationToken _cancellationToken;
    private readonly CachingAttributes _attributes;

    public InterfaceParser(KnownTypes known, Action<Diagnostic>? report, CancellationToken cancellationToken)
    {
        _known = known;
        _report = report;
        _cancellationToken = cancellationToken;
        _attributes = new CachingAttributes(known);
    }

    /// <summary>True when any method of the interface, or of one it extends, carries a caching attribute.</summary>
    public bool HasCachedMethods(INamedTypeSymbol type) =>
        AllMethods(type).Any(m => _attributes.On(m.Method).Count > 0);

    /// <summary>True when the method carries a caching attribute.</summary>
    public bool IsCached(IMethodSymbol method) => _attributes.On(method).Count > 0;

    public InterfaceModel? Parse(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Interface || !HasCachedMethods(type))
        {
            return null;
        }

        string? problem = Decoratability.WhyNot(type);
        if (problem is not null)
        {
            _report?.Invoke(Diagnostic.Create(DiagnosticDescriptors.UndecoratableInterface, type.Locations.FirstOrDefault() ?? Location.None, type.Name, problem));
            return null;
        }

        var resolver = new EncodingResolver(_known, _report);
        var methods = new MethodParser(_known, _attributes, resolver, _report);
        var parsed = new List<MethodModel>();
        List<(IMethodSymbol Method, INamedTypeSymbol Owner)> all = AllMethods(type).ToList();
        var overloaded = new HashSet<string>(
            all.Where(m => _attributes.On(m.Method).Count > 0).GroupBy(m => m.Method.Name).Where(g => g.Count() > 1).Select(g => g.Key),
            StringComparer.Ordinal);
        foreach ((IMethodSymbol method, INamedTypeSymbol owner) in all)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            string? explicitType = SymbolEqualityComparer.Default.Equals(owner, type) ? null : Formats.DisplayNotNull(owner);
            parsed.Add(methods.Parse(method, owner, explicitType, overloaded.Contains(method.Name)));
        }

        string? ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
        return new InterfaceModel(
            ns,
            type.Name,
            Formats.DisplayNotNull(type),
            type.DeclaredAccessibility == Accessibility.Public,
            ClashesWithUnprefixedInterface(type),
            new EquatableArray<MethodModel>(parsed),
            new EquatableArray<PropertyModel>(Properties(type)),
            new EquatableArray<TypeWriterModel>(resolver.Writers),
            _known.ServiceCollection is not null && _known.DecorateExtension is not null);
    }

    /// <summary>IChat and Chat in one namespace would both have the decorator CachedChat: the one with the prefix keeps it.</summary>
    private bool ClashesWithUnprefixedInterface(INamedTypeSymbol type)
    {
        string? unprefixed = Naming.UnprefixedName(type.Name);
        return unprefixed is not null
            && type.ContainingNamespace.GetTypeMembers(unprefixed).Any(t => t.TypeKind == TypeKind.Interface && HasCachedMethods(t));
    }

    private static List<PropertyModel> Properties(INamedTypeSymbol type)
    {
        var properties = new List<PropertyModel>();
        foreach (INamedTypeSymbol owner in new[] { type }.Concat(type.AllInterfaces))
        {
            foreach (IPropertySymbol property in owner.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || !property.IsAbstract)
                {
                    continue;
                }

                properties.Add(new PropertyModel(
                    property.Name,
                    Formats.Display(property.Type),
                    property.GetMethod is not null,
                    property.SetMethod is not null,
                    property.SetMethod?.IsInitOnly == true,
                    Formats.DisplayNotNull(owner)));
            }
        }

        return properties;
    }

    private static IEnumerable<(IMethodSymbol Method, INamedTypeSymbol Owner)> AllMethods(INamedTypeSymbol type)
    {
        foreach (INamedTypeSymbol owner in new[] { type }.Concat(type.AllInterfaces))
        {
            foreach (IMethodSymbol method in owner.GetMembers().OfType<IMethodSymbol>())
            {
                if (method.MethodKind == MethodKind.Ordinary && method.IsAbstract && !method.IsStatic)
                {
                    yield return (method, owner);
                }
            }
        }
    }
}

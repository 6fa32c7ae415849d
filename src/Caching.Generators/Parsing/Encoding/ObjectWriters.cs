using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>
/// The shared writers of the object types reached from keys: one per type, by its wire members, or for a polymorphic
/// base a dispatcher over its declared derived types. A writer that fails is not remembered, so every method that
/// reaches the type reports its own diagnostic.
/// </summary>
internal sealed class ObjectWriters
{
    private readonly KnownTypes _known;
    private readonly EncodingDiagnostics _diagnostics;
    private readonly WireContract _contract;
    private readonly EncodingResolver _values;
    private readonly Dictionary<ITypeSymbol, TypeWriterModel> _writers = new(SymbolEqualityComparer.Default);
    private readonly List<TypeWriterModel> _ordered = [];
    private readonly HashSet<ITypeSymbol> _inProgress = new(SymbolEqualityComparer.Default);

    public ObjectWriters(KnownTypes known, EncodingDiagnostics diagnostics, EncodingResolver values)
    {
        _known = known;
        _diagnostics = diagnostics;
        _contract = new WireContract(known, diagnostics);
        _values = values;
    }

    public IReadOnlyList<TypeWriterModel> All => _ordered;

    public bool IsPolymorphic(INamedTypeSymbol type) => _contract.IsPolymorphic(type);

    /// <summary>The writer of an object type, by the members on its wire; false after reporting why it has none.</summary>
    public bool TryWriteObject(INamedTypeSymbol type, in EncodingContext at, bool discriminated = false)
    {
        ITypeSymbol key = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (_writers.ContainsKey(key))
        {
            return true;
        }

        if (!_inProgress.Add(key))
        {
            _diagnostics.Fail(type, at, "it contains itself, so a value could be infinitely deep");
            return false;
        }

        try
        {
            var members = new List<KeyFieldModel>();
            bool failed = false;
            foreach ((ISymbol member, bool viaAccessor) in _contract.MembersOf(type, at, ref failed))
            {
                ITypeSymbol memberType = member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type;
                Location location = member.Locations.FirstOrDefault(l => l.IsInSource) ?? at.Fallback;
                ValueShape? shape = _values.Resolve(memberType, at.Member(member, location));
                if (shape is null)
                {
                    failed = true;
                    continue;
                }

                members.Add(new KeyFieldModel(member.Name, shape, KnownTypes.HasAttribute(member, _known.SemanticText), viaAccessor, member is IFieldSymbol));
            }

            if (!failed && members.Count == 0 && !discriminated)
            {
                _diagnostics.Fail(type, at, "it has no public properties or fields (nor [JsonInclude] members) to hash");
                failed = true;
            }

            if (failed)
            {
                return false;
            }

            var model = new TypeWriterModel(
                Formats.DisplayNotNull(type),
                TypeRelations.NameOf(type),
                type.IsValueType,
                type.IsSealed || type.IsValueType,
                new EquatableArray<KeyFieldModel>(members),
                EquatableArray<DerivedTypeModel>.Empty);
            _writers[key] = model;
            _ordered.Add(model);
            return true;
        }
        finally
        {
            _inProgress.Remove(key);
        }
    }

    /// <summary>
    /// A [JsonPolymorphic] base (or one with [JsonDerivedType]s) is written as a discriminator and the members of the
    /// declared derived type the value is; a value of any other type is not cached.
    /// </summary>
    public bool TryWritePolymorphic(INamedTypeSymbol type, in EncodingContext at)
    {
        ITypeSymbol key = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (_writers.ContainsKey(key))
        {
            return true;
        }

        List<(INamedTypeSymbol Type, string Discriminator)> declared = DeclaredDerivedTypes(type);
        if (declared.Count == 0)
        {
            _diagnostics.Fail(type, at, "it is polymorphic but declares no [JsonDerivedType], so no value of it can be keyed");
            return false;
        }

        var dispatcher = new TypeWriterModel(Formats.DisplayNotNull(type), TypeRelations.NameOf(type), false, false, EquatableArray<KeyFieldModel>.Empty, EquatableArray<DerivedTypeModel>.Empty);

        // A derived type that refers back to its base reuses the dispatcher.
        _writers[key] = dispatcher;
        var derived = new List<DerivedTypeModel>();
        bool failed = false;
        foreach ((INamedTypeSymbol derivedType, string discriminator) in declared)
        {
            // A derived type with no members of its own is still told apart from its siblings by its discriminator.
            if (!TryWriteObject(derivedType, at.Derived(discriminator), discriminated: true))
            {
                failed = true;
                continue;
            }

            derived.Add(new DerivedTypeModel(Formats.DisplayNotNull(derivedType), TypeRelations.NameOf(derivedType), discriminator));
        }

        if (failed)
        {
            _writers.Remove(key);
            return false;
        }

        TypeWriterModel model = dispatcher with { Derived = new EquatableArray<DerivedTypeModel>(derived) };
        _writers[key] = model;
        _ordered.Add(model);
        return true;
    }

    private List<(INamedTypeSymbol Type, string Discriminator)> DeclaredDerivedTypes(INamedTypeSymbol type)
    {
        var declared = new List<(INamedTypeSymbol Type, string Discriminator)>();
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _known.JsonDerivedType)
                || attribute.ConstructorArguments.Length == 0
                || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol derivedType)
            {
                continue;
            }

            string discriminator = attribute.ConstructorArguments.Length > 1 && attribute.ConstructorArguments[1].Value is { } value
                ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? derivedType.Name
                : derivedType.ToDisplayString();
            declared.Add((derivedType, discriminator));
        }

        if (!type.IsAbstract && type.TypeKind != TypeKind.Interface && !declared.Any(d => SymbolEqualityComparer.Default.Equals(d.Type, type)))
        {
            declared.Add((type, type.ToDisplayString()));
        }

        return declared;
    }
}

using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>
/// Decides the shape of each value reached from a cached method's parameters (how it is written into the key), and
/// collects the shared writer of each object type on the way. Anything that cannot be written deterministically is a
/// CACHE003 diagnostic, and has no shape.
/// </summary>
internal sealed class EncodingResolver
{
    private readonly KnownTypes _known;
    private readonly EncodingDiagnostics _diagnostics;
    private readonly ObjectWriters _objects;

    public EncodingResolver(KnownTypes known, Action<Diagnostic>? report)
    {
        _known = known;
        _diagnostics = new EncodingDiagnostics(report);
        _objects = new ObjectWriters(known, _diagnostics, this);
    }

    public IReadOnlyList<TypeWriterModel> Writers => _objects.All;

    /// <summary>The shape of a value, or null after reporting why it has none.</summary>
    public ValueShape? Resolve(ITypeSymbol type, in EncodingContext at)
    {
        string display = Formats.Display(type);
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            ValueShape? underlying = Resolve(nullable.TypeArguments[0], at);
            return underlying is null ? null : new NullableValueShape(display, underlying);
        }

        if (type.TypeKind == TypeKind.Dynamic)
        {
            return _diagnostics.Fail(type, at, "it can hold anything, so its content is unknown at compile time");
        }

        if (ScalarKinds.Of(type, _known) is { } scalar)
        {
            return new ScalarShape(display, scalar);
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return new ScalarShape(display, ScalarKind.Enum);
        }

        if (ScalarKinds.RawJsonOf(type, _known) is { } json)
        {
            return new RawJsonShape(display, json);
        }

        if (KnownTypes.Is(type, _known.BinaryData))
        {
            return new BytesShape(display, ContainerKind.BinaryData, IsNullable: true);
        }

        if (type is IArrayTypeSymbol array)
        {
            return ResolveArray(array, display, at);
        }

        return type is INamedTypeSymbol named
            ? ResolveNamed(named, display, at)
            : _diagnostics.Fail(type, at, "its type is not known at compile time");
    }

    private ValueShape? ResolveArray(IArrayTypeSymbol array, string display, in EncodingContext at)
    {
        if (array.Rank != 1)
        {
            return _diagnostics.Fail(array, at, "multi-dimensional arrays are not supported; use an array of arrays or a list");
        }

        if (array.ElementType.SpecialType == SpecialType.System_Byte)
        {
            return new BytesShape(display, ContainerKind.Array, IsNullable: true);
        }

        return Sequence(display, ContainerKind.Array, isNullable: true, array.ElementType, at);
    }

    private ValueShape? ResolveNamed(INamedTypeSymbol type, string display, in EncodingContext at)
    {
        if (MemoryContainer(type) is { } memory)
        {
            return type.TypeArguments[0].SpecialType == SpecialType.System_Byte
                ? new BytesShape(display, memory, IsNullable: false)
                : Sequence(display, memory, isNullable: false, type.TypeArguments[0], at);
        }

        if (type.SpecialType == SpecialType.System_Object)
        {
            // Keyed at run time by the runtime type when that has a known wire form; any other type makes the call uncached.
            return new RuntimeTypedShape(display);
        }

        if (KnownTypes.Is(type, _known.ImmutableArray))
        {
            return Sequence(display, ContainerKind.ImmutableArray, isNullable: false, type.TypeArguments[0], at);
        }

        if (WhyNoContent(type) is { } noContent)
        {
            return _diagnostics.Fail(type, at, noContent);
        }

        INamedTypeSymbol? dictionary = TypeRelations.FindGeneric(type, _known.Dictionary) ?? TypeRelations.FindGeneric(type, _known.ReadOnlyDictionary);
        INamedTypeSymbol? enumerable = TypeRelations.FindGeneric(type, _known.Enumerable);
        if ((dictionary is not null || enumerable is not null) && WireContract.OwnCollectionMember(type) is { } extra)
        {
            return _diagnostics.Fail(type, at, $"System.Text.Json writes only the elements of a collection, so its member '{extra}' would be left out; hold the elements in a member of a plain type");
        }

        if (dictionary is not null)
        {
            return Map(type, display, dictionary, at);
        }

        if (TypeRelations.FindGeneric(type, _known.Set) is not null || TypeRelations.FindGeneric(type, _known.ReadOnlySet) is not null)
        {
            return _diagnostics.Fail(type, at, "a set has no order, so equal sets could hash differently; use a list in a fixed order");
        }

        if (enumerable is not null)
        {
            // foreach over a list interface boxes its enumerator; an index loop allocates nothing.
            bool indexed = type.TypeKind == TypeKind.Interface
                && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _known.ReadOnlyList)
                    || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _known.List));
            return Sequence(display, indexed ? ContainerKind.IndexedList : ContainerKind.Enumerable, !type.IsValueType, enumerable.TypeArguments[0], at);
        }

        if (_objects.IsPolymorphic(type))
        {
            return _objects.TryWritePolymorphic(type, at) ? new ObjectShape(display, TypeRelations.NameOf(type)) : null;
        }

        if (WhyPartial(type) is { } partial)
        {
            return _diagnostics.Fail(type, at, partial);
        }

        return _objects.TryWriteObject(type, at) ? new ObjectShape(display, TypeRelations.NameOf(type)) : null;
    }

    private ContainerKind? MemoryContainer(INamedTypeSymbol type) =>
        KnownTypes.Is(type, _known.ReadOnlyMemory) || KnownTypes.Is(type, _known.Memory) ? ContainerKind.Memory
        : KnownTypes.Is(type, _known.ArraySegment) ? ContainerKind.ArraySegment
        : null;

    private SequenceShape? Sequence(string display, ContainerKind container, bool isNullable, ITypeSymbol elementType, in EncodingContext at)
    {
        ValueShape? element = Resolve(elementType, at.Element());
        return element is null ? null : new SequenceShape(display, container, isNullable, element, Formats.Display(elementType));
    }

    private ValueShape? Map(INamedTypeSymbol type, string display, INamedTypeSymbol dictionary, in EncodingContext at)
    {
        ValueShape? key = Resolve(dictionary.TypeArguments[0], at.MapKeys());
        if (key is null)
        {
            return null;
        }

        if (key is not ScalarShape { Kind: ScalarKind.String or ScalarKind.Int64 or ScalarKind.UInt64 or ScalarKind.Enum or ScalarKind.Char or ScalarKind.Guid })
        {
            return _diagnostics.Fail(type, at, "dictionary keys must be strings, integers, enums, chars or GUIDs so that they sort the same everywhere");
        }

        ValueShape? value = Resolve(dictionary.TypeArguments[1], at.MapValues());
        return value is null ? null : new MapShape(display, !type.IsValueType, key, value);
    }

    /// <summary>Why a type has no content a key could cover, or null.</summary>
    private string? WhyNoContent(INamedTypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Delegate or TypeKind.FunctionPointer or TypeKind.Pointer } => "code and pointers have no content to hash",
        { TypeKind: TypeKind.TypeParameter } => "a type parameter is not known at compile time",
        _ when _known.Stream is not null && TypeRelations.InheritsFrom(type, _known.Stream) => "a stream can be read only once",
        _ => null,
    };

    /// <summary>Why a type's members would show only part of its value, or null.</summary>
    private static string? WhyPartial(INamedTypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Interface } => "an interface shows only part of the object behind it; declare its implementations with [JsonPolymorphic] and [JsonDerivedType]",
        { IsAbstract: true } => "an abstract type shows only part of the object behind it; declare its derived types with [JsonPolymorphic] and [JsonDerivedType]",
        _ when TypeRelations.IsFrameworkType(type) => "a framework type's state is not what its public members show; key the value it stands for (a string, a number, bytes)",
        _ => null,
    };
}

using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>
/// Decides how each value reached from a cached method's parameters is written into its key, and collects one
/// writer per object type. Anything that cannot be written deterministically is a CACHE003 diagnostic.
/// </summary>
internal sealed class EncodingResolver
{
    private readonly KnownTypes _known;
    private readonly Action<Diagnostic>? _report;
    private readonly Dictionary<ITypeSymbol, TypeWriterModel> _writers = new(SymbolEqualityComparer.Default);
    private readonly List<TypeWriterModel> _ordered = [];
    private readonly HashSet<ITypeSymbol> _inProgress = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _reported = [];

    public EncodingResolver(KnownTypes known, Action<Diagnostic>? report)
    {
        _known = known;
        _report = report;
    }

    public IReadOnlyList<TypeWriterModel> Writers => _ordered;

    /// <summary>The encoding of a value, or null after reporting why it has none.</summary>
    public ValueEncoding? Resolve(ITypeSymbol type, string path, ISymbol origin, Location fallback, string methodName)
    {
        string display = Formats.Display(type);
        bool referenceNullable = type.IsReferenceType;

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            ValueEncoding? inner = Resolve(nullable.TypeArguments[0], path, origin, fallback, methodName);
            return inner is null ? null : inner with { Type = display, IsNullable = true, IsNullableStruct = true };
        }

        if (type.TypeKind == TypeKind.Dynamic)
        {
            return Fail(type, path, origin, fallback, methodName, "it can hold anything, so its content is unknown at compile time");
        }

        EncodingKind? scalar = ScalarKind(type);
        if (scalar is { } kind)
        {
            return new ValueEncoding(kind, display, referenceNullable);
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return new ValueEncoding(EncodingKind.Enum, display, false);
        }

        if (type is IArrayTypeSymbol array)
        {
            if (array.Rank != 1)
            {
                return Fail(type, path, origin, fallback, methodName, "multi-dimensional arrays are not supported; use an array of arrays or a list");
            }

            if (array.ElementType.SpecialType == SpecialType.System_Byte)
            {
                return new ValueEncoding(EncodingKind.ByteArray, display, true);
            }

            ValueEncoding? element = Resolve(array.ElementType, path + "[]", origin, fallback, methodName);
            return element is null ? null : new ValueEncoding(EncodingKind.Sequence, display, true, Element: element);
        }

        if (type is INamedTypeSymbol named)
        {
            return ResolveNamed(named, display, path, origin, fallback, methodName);
        }

        return Fail(type, path, origin, fallback, methodName, "its type is not known at compile time");
    }

    private ValueEncoding? ResolveNamed(INamedTypeSymbol type, string display, string path, ISymbol origin, Location fallback, string methodName)
    {
        if (KnownTypes.Is(type, _known.ReadOnlyMemory) || KnownTypes.Is(type, _known.Memory) || KnownTypes.Is(type, _known.ArraySegment))
        {
            // A default ArraySegment throws when enumerated; converted to a span it is empty.
            string span = KnownTypes.Is(type, _known.ArraySegment)
                ? "((global::System.ReadOnlySpan<" + Formats.Display(type.TypeArguments[0]) + ">){0})"
                : "{0}.Span";
            if (type.TypeArguments[0].SpecialType == SpecialType.System_Byte)
            {
                return new ValueEncoding(EncodingKind.ByteMemory, display, false, SpanFormat: span);
            }

            ValueEncoding? element = Resolve(type.TypeArguments[0], path + "[]", origin, fallback, methodName);
            return element is null ? null : new ValueEncoding(EncodingKind.MemorySequence, display, false, Element: element, SpanFormat: span);
        }

        if (type.SpecialType == SpecialType.System_Object)
        {
            // Keyed at run time by the runtime type when that has a known wire form; any other type makes the call uncached.
            return new ValueEncoding(EncodingKind.ObjectValue, display, true);
        }

        if (KnownTypes.Is(type, _known.ImmutableArray))
        {
            ValueEncoding? element = Resolve(type.TypeArguments[0], path + "[]", origin, fallback, methodName);
            return element is null ? null : new ValueEncoding(EncodingKind.ImmutableArraySequence, display, false, Element: element);
        }


        if (type.TypeKind == TypeKind.Delegate || type.TypeKind == TypeKind.FunctionPointer || type.TypeKind == TypeKind.Pointer)
        {
            return Fail(type, path, origin, fallback, methodName, "code and pointers have no content to hash");
        }

        if (type.TypeKind == TypeKind.TypeParameter)
        {
            return Fail(type, path, origin, fallback, methodName, "a type parameter is not known at compile time");
        }

        if (_known.Stream is not null && InheritsFrom(type, _known.Stream))
        {
            return Fail(type, path, origin, fallback, methodName, "a stream can be read only once");
        }

        INamedTypeSymbol? dictionary = FindGeneric(type, _known.Dictionary) ?? FindGeneric(type, _known.ReadOnlyDictionary);
        INamedTypeSymbol? enumerable = FindGeneric(type, _known.Enumerable);
        if ((dictionary is not null || enumerable is not null) && OwnCollectionMember(type) is { } extra)
        {
            return Fail(type, path, origin, fallback, methodName, $"System.Text.Json writes only the elements of a collection, so its member '{extra}' would be left out; hold the elements in a member of a plain type");
        }

        if (dictionary is not null)
        {
            ITypeSymbol keyType = dictionary.TypeArguments[0];
            ValueEncoding? key = Resolve(keyType, path + ".Keys", origin, fallback, methodName);
            if (key is null)
            {
                return null;
            }

            if (key.Kind is not (EncodingKind.String or EncodingKind.Int64 or EncodingKind.UInt64 or EncodingKind.Enum or EncodingKind.Char or EncodingKind.Guid))
            {
                return Fail(type, path, origin, fallback, methodName, "dictionary keys must be strings, integers, enums, chars or GUIDs so that they sort the same everywhere");
            }

            ValueEncoding? value = Resolve(dictionary.TypeArguments[1], path + "[key]", origin, fallback, methodName);
            return value is null ? null : new ValueEncoding(EncodingKind.Dictionary, display, !type.IsValueType, Element: value, Key: key);
        }

        if (FindGeneric(type, _known.Set) is not null || FindGeneric(type, _known.ReadOnlySet) is not null)
        {
            return Fail(type, path, origin, fallback, methodName, "a set has no order, so equal sets could hash differently; use a list in a fixed order");
        }

        if (enumerable is not null)
        {
            ValueEncoding? element = Resolve(enumerable.TypeArguments[0], path + "[]", origin, fallback, methodName);

            // foreach over a list interface boxes its enumerator; an index loop allocates nothing.
            bool indexable = type.TypeKind == TypeKind.Interface
                && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _known.ReadOnlyList)
                    || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _known.List));
            return element is null ? null : new ValueEncoding(EncodingKind.Sequence, display, !type.IsValueType, Element: element, Indexable: indexable);
        }

        if (IsPolymorphic(type))
        {
            string? dispatcher = ResolvePolymorphic(type, path, origin, fallback, methodName);
            return dispatcher is null ? null : new ValueEncoding(EncodingKind.Object, display, !type.IsValueType, WriterMethod: dispatcher);
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            return Fail(type, path, origin, fallback, methodName, "an interface shows only part of the object behind it; declare its implementations with [JsonPolymorphic] and [JsonDerivedType]");
        }

        if (type.IsAbstract)
        {
            return Fail(type, path, origin, fallback, methodName, "an abstract type shows only part of the object behind it; declare its derived types with [JsonPolymorphic] and [JsonDerivedType]");
        }

        if (IsFrameworkType(type))
        {
            return Fail(type, path, origin, fallback, methodName, "a framework type's state is not what its public members show; key the value it stands for (a string, a number, bytes)");
        }

        string? writer = ResolveObject(type, path, origin, fallback, methodName);
        return writer is null ? null : new ValueEncoding(EncodingKind.Object, display, !type.IsValueType, WriterMethod: writer);
    }

    private string? ResolveObject(INamedTypeSymbol type, string path, ISymbol origin, Location fallback, string methodName, bool discriminated = false)
    {
        ITypeSymbol key = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (_writers.TryGetValue(key, out TypeWriterModel? existing))
        {
            return existing.MethodName;
        }

        if (!_inProgress.Add(key))
        {
            Fail(type, path, origin, fallback, methodName, "it contains itself, so a value could be infinitely deep");
            return null;
        }

        try
        {
            string writerName = WriterName(type);
            var members = new List<KeyFieldModel>();
            var accessors = new List<AccessorModel>();
            bool failed = false;
            foreach ((ISymbol member, bool viaAccessor) in ContractMembers(type, path, origin, fallback, methodName, ref failed))
            {
                ITypeSymbol memberType = member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type;
                Location location = member.Locations.FirstOrDefault(l => l.IsInSource) ?? fallback;
                ValueEncoding? encoding = Resolve(memberType, path + "." + member.Name, member, location, methodName);
                if (encoding is null)
                {
                    failed = true;
                    continue;
                }

                string access = "value." + member.Name;
                if (viaAccessor)
                {
                    var accessor = new AccessorModel(
                        "Read" + writerName.Substring("Write".Length) + "_" + member.Name,
                        member is IFieldSymbol,
                        member is IPropertySymbol p ? p.GetMethod!.Name : member.Name,
                        Formats.Display(memberType),
                        Formats.DisplayNotNull(type));
                    accessors.Add(accessor);
                    access = accessor.MethodName + "(value)";
                }

                members.Add(new KeyFieldModel(member.Name, access, encoding, KnownTypes.HasAttribute(member, _known.SemanticText)));
            }

            if (!failed && members.Count == 0 && !discriminated)
            {
                Fail(type, path, origin, fallback, methodName, "it has no public properties or fields (nor [JsonInclude] members) to hash");
                failed = true;
            }

            if (failed)
            {
                // Failures are not remembered: every method that reaches the type reports its own diagnostic.
                return null;
            }

            var model = new TypeWriterModel(
                writerName,
                Formats.DisplayNotNull(type),
                type.IsValueType,
                type.IsSealed || type.IsValueType,
                new EquatableArray<KeyFieldModel>(members),
                EquatableArray<DerivedTypeModel>.Empty,
                new EquatableArray<AccessorModel>(accessors));
            _writers[key] = model;
            _ordered.Add(model);
            return model.MethodName;
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
    private string? ResolvePolymorphic(INamedTypeSymbol type, string path, ISymbol origin, Location fallback, string methodName)
    {
        ITypeSymbol key = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (_writers.TryGetValue(key, out TypeWriterModel? existing))
        {
            return existing.MethodName;
        }

        var derived = new List<DerivedTypeModel>();
        bool failed = false;
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

        if (declared.Count == 0)
        {
            Fail(type, path, origin, fallback, methodName, "it is polymorphic but declares no [JsonDerivedType], so no value of it can be keyed");
            _writers.Remove(key);
            return null;
        }

        string writerName = WriterName(type);
        var placeholder = new TypeWriterModel(writerName, Formats.DisplayNotNull(type), false, false, EquatableArray<KeyFieldModel>.Empty, EquatableArray<DerivedTypeModel>.Empty, EquatableArray<AccessorModel>.Empty);
        _writers[key] = placeholder; // a derived type that refers back to its base reuses the dispatcher
        foreach ((INamedTypeSymbol derivedType, string discriminator) in declared)
        {
            // A derived type with no members of its own is still told apart from its siblings by its discriminator.
            string? writer = ResolveObject(derivedType, path + "(" + discriminator + ")", origin, fallback, methodName, discriminated: true);
            if (writer is null)
            {
                failed = true;
                continue;
            }

            derived.Add(new DerivedTypeModel(Formats.DisplayNotNull(derivedType), discriminator, writer));
        }

        if (failed)
        {
            _writers.Remove(key);
            return null;
        }

        TypeWriterModel model = placeholder with { Derived = new EquatableArray<DerivedTypeModel>(derived) };
        _writers[key] = model;
        _ordered.Add(model);
        return model.MethodName;
    }

    /// <summary>
    /// The members System.Text.Json puts on the wire, own and inherited, by name: public properties with a public getter
    /// and public fields, plus non-public ones marked [JsonInclude] (read through an accessor), minus [JsonIgnore]d and
    /// [NotCacheKey] ones. Non-public state that the wire does not show makes the type unkeyable.
    /// </summary>
    private List<(ISymbol Member, bool ViaAccessor)> ContractMembers(INamedTypeSymbol type, string path, ISymbol origin, Location fallback, string methodName, ref bool failed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(ISymbol, bool)>();
        for (INamedTypeSymbol? current = type; current is not null && !IsFrameworkType(current); current = current.BaseType)
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
                    Fail(type, path, origin, fallback, methodName, $"it holds non-public state ('{member.Name}') that System.Text.Json does not put on the wire, so a key could cover only part of its value; mark it [JsonInclude] to key it, or [NotCacheKey] if it cannot change the answer");
                    failed = true;
                }
                else if (included)
                {
                    Fail(type, path, origin, fallback, methodName, $"its [JsonInclude] member '{member.Name}' cannot be read from generated code (a write-only property, or a member of a struct)");
                    failed = true;
                }
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Item1.Name, b.Item1.Name));
        return result;
    }

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

    private bool IsPolymorphic(INamedTypeSymbol type) =>
        KnownTypes.HasAttribute(type, _known.JsonPolymorphic) || KnownTypes.HasAttribute(type, _known.JsonDerivedType);

    /// <summary>A type of the .NET libraries (namespace System): its public members do not show its whole state.</summary>
    private static bool IsFrameworkType(INamedTypeSymbol type)
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

    /// <summary>
    /// The first member a user-defined collection type declares besides its elements, if any. Members that implement the
    /// collection's interfaces (Count, Keys, Values, …) are part of being a collection, not extra state.
    /// </summary>
    private static string? OwnCollectionMember(INamedTypeSymbol type)
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

        for (INamedTypeSymbol? current = type; current is not null && !IsFrameworkType(current); current = current.BaseType)
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

    /// <summary>A writer's name, after its type, so that an edit elsewhere never renames it.</summary>
    private static string WriterName(INamedTypeSymbol type)
    {
        string name = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted));
        var builder = new System.Text.StringBuilder("Write_", name.Length + 8);
        foreach (char c in name)
        {
            switch (c)
            {
                case '_': builder.Append("__"); break;
                case '.': builder.Append('_'); break;
                case '<': builder.Append("_Of_"); break;
                case ',': builder.Append("_And_"); break;
                case '>' or ' ': break;
                default: builder.Append(char.IsLetterOrDigit(c) ? c : '_'); break;
            }
        }

        return builder.ToString();
    }

    private EncodingKind? ScalarKind(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return EncodingKind.String;
            case SpecialType.System_Boolean: return EncodingKind.Boolean;
            case SpecialType.System_Char: return EncodingKind.Char;
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
                return EncodingKind.Int64;
            case SpecialType.System_UInt64: return EncodingKind.UInt64;
            case SpecialType.System_Single: return EncodingKind.Single;
            case SpecialType.System_Double: return EncodingKind.Double;
            case SpecialType.System_Decimal: return EncodingKind.Decimal;
            case SpecialType.System_DateTime: return EncodingKind.DateTime;
        }

        if (KnownTypes.Is(type, _known.DateTimeOffset))
        {
            return EncodingKind.DateTimeOffset;
        }

        if (KnownTypes.Is(type, _known.TimeSpan))
        {
            return EncodingKind.TimeSpan;
        }

        if (KnownTypes.Is(type, _known.Guid))
        {
            return EncodingKind.Guid;
        }

        if (KnownTypes.Is(type, _known.BigInteger))
        {
            return EncodingKind.BigInteger;
        }

        if (KnownTypes.Is(type, _known.Int128))
        {
            return EncodingKind.Int128;
        }

        if (KnownTypes.Is(type, _known.UInt128))
        {
            return EncodingKind.UInt128;
        }

        if (KnownTypes.Is(type, _known.Half))
        {
            return EncodingKind.Half;
        }

        if (KnownTypes.Is(type, _known.DateOnly))
        {
            return EncodingKind.DateOnly;
        }

        if (KnownTypes.Is(type, _known.TimeOnly))
        {
            return EncodingKind.TimeOnly;
        }

        if (KnownTypes.Is(type, _known.Uri))
        {
            return EncodingKind.Uri;
        }

        if (KnownTypes.Is(type, _known.JsonElement))
        {
            return EncodingKind.JsonElement;
        }

        if (KnownTypes.Is(type, _known.JsonDocument))
        {
            return EncodingKind.JsonDocument;
        }

        if (_known.JsonNode is not null && type is INamedTypeSymbol named && InheritsFrom(named, _known.JsonNode))
        {
            return EncodingKind.JsonNode;
        }

        if (KnownTypes.Is(type, _known.BinaryData))
        {
            return EncodingKind.BinaryData;
        }

        return null;
    }

    private ValueEncoding? Fail(ITypeSymbol type, string path, ISymbol origin, Location fallback, string methodName, string reason)
    {
        if (_report is not null && _reported.Add(path + "|" + methodName))
        {
            Location location = origin.Locations.FirstOrDefault(l => l.IsInSource) ?? fallback;
            _report(Diagnostic.Create(DiagnosticDescriptors.UnencodableInput, location, path, type.ToDisplayString(Formats.Message), methodName, reason));
        }

        return null;
    }

    private static INamedTypeSymbol? FindGeneric(INamedTypeSymbol type, INamedTypeSymbol? definition)
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

    private static bool InheritsFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
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
}

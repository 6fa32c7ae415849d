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
    private readonly Dictionary<ITypeSymbol, TypeWriterModel?> _writers = new(SymbolEqualityComparer.Default);
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
        if ((KnownTypes.Is(type, _known.ReadOnlyMemory) || KnownTypes.Is(type, _known.Memory)) && type.TypeArguments[0].SpecialType == SpecialType.System_Byte)
        {
            return new ValueEncoding(EncodingKind.ByteMemory, display, false);
        }

        if (KnownTypes.Is(type, _known.JsonElement))
        {
            return new ValueEncoding(EncodingKind.JsonElement, display, false);
        }

        if (KnownTypes.Is(type, _known.ImmutableArray))
        {
            ValueEncoding? element = Resolve(type.TypeArguments[0], path + "[]", origin, fallback, methodName);
            return element is null ? null : new ValueEncoding(EncodingKind.ImmutableArraySequence, display, false, Element: element);
        }

        if (type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic)
        {
            return Fail(type, path, origin, fallback, methodName, "it can hold anything, so its content is unknown at compile time");
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

        if (FindGeneric(type, _known.Enumerable) is { } enumerable)
        {
            ValueEncoding? element = Resolve(enumerable.TypeArguments[0], path + "[]", origin, fallback, methodName);

            // foreach over a list interface boxes its enumerator; an index loop allocates nothing.
            bool indexable = type.TypeKind == TypeKind.Interface
                && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _known.ReadOnlyList)
                    || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _known.List));
            return element is null ? null : new ValueEncoding(EncodingKind.Sequence, display, !type.IsValueType, Element: element, Indexable: indexable);
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            return Fail(type, path, origin, fallback, methodName, "an interface shows only part of the object behind it");
        }

        if (type.IsAbstract)
        {
            return Fail(type, path, origin, fallback, methodName, "an abstract type shows only part of the object behind it");
        }

        string? writer = ResolveObject(type, path, origin, fallback, methodName);
        return writer is null ? null : new ValueEncoding(EncodingKind.Object, display, !type.IsValueType, WriterMethod: writer);
    }

    private string? ResolveObject(INamedTypeSymbol type, string path, ISymbol origin, Location fallback, string methodName)
    {
        ITypeSymbol key = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (_writers.TryGetValue(key, out TypeWriterModel? existing))
        {
            return existing?.MethodName;
        }

        if (!_inProgress.Add(key))
        {
            Fail(type, path, origin, fallback, methodName, "it contains itself, so a value could be infinitely deep");
            return null;
        }

        try
        {
            var members = new List<KeyFieldModel>();
            bool failed = false;
            foreach (ISymbol member in PublicState(type))
            {
                ITypeSymbol memberType = member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type;
                Location location = member.Locations.FirstOrDefault(l => l.IsInSource) ?? fallback;
                ValueEncoding? encoding = Resolve(memberType, path + "." + member.Name, member, location, methodName);
                if (encoding is null)
                {
                    failed = true;
                    continue;
                }

                members.Add(new KeyFieldModel(member.Name, "value." + member.Name, encoding));
            }

            if (failed)
            {
                _writers[key] = null;
                return null;
            }

            if (members.Count == 0)
            {
                Fail(type, path, origin, fallback, methodName, "it has no public properties or fields to hash");
                _writers[key] = null;
                return null;
            }

            var model = new TypeWriterModel(
                "Write" + (_ordered.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + Sanitize(type.Name),
                Formats.DisplayNotNull(type),
                type.IsValueType,
                type.IsSealed || type.IsValueType,
                new EquatableArray<KeyFieldModel>(members));
            _writers[key] = model;
            _ordered.Add(model);
            return model.MethodName;
        }
        finally
        {
            _inProgress.Remove(key);
        }
    }

    /// <summary>Public instance properties with a public getter and public instance fields, not [NotCacheKey], by name.</summary>
    private List<ISymbol> PublicState(INamedTypeSymbol type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ISymbol>();
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || KnownTypes.HasAttribute(member, _known.NotCacheKey))
                {
                    continue;
                }

                bool readable = member switch
                {
                    IPropertySymbol { IsIndexer: false, GetMethod.DeclaredAccessibility: Accessibility.Public } => true,
                    IFieldSymbol { IsImplicitlyDeclared: false } => true,
                    _ => false,
                };
                if (readable && seen.Add(member.Name))
                {
                    result.Add(member);
                }
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
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

    private static string Sanitize(string name)
    {
        char[] chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (!char.IsLetterOrDigit(chars[i]))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }
}

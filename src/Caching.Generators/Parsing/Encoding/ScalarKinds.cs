using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>The types with a writer call of their own, and the JSON types written as JSON.</summary>
internal static class ScalarKinds
{
    public static ScalarKind? Of(ITypeSymbol type, KnownTypes known)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return ScalarKind.String;
            case SpecialType.System_Boolean: return ScalarKind.Boolean;
            case SpecialType.System_Char: return ScalarKind.Char;
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
                return ScalarKind.Int64;
            case SpecialType.System_UInt64: return ScalarKind.UInt64;
            case SpecialType.System_Single: return ScalarKind.Single;
            case SpecialType.System_Double: return ScalarKind.Double;
            case SpecialType.System_Decimal: return ScalarKind.Decimal;
            case SpecialType.System_DateTime: return ScalarKind.DateTime;
        }

        return Is(type, known.DateTimeOffset) ? ScalarKind.DateTimeOffset
            : Is(type, known.TimeSpan) ? ScalarKind.TimeSpan
            : Is(type, known.Guid) ? ScalarKind.Guid
            : Is(type, known.BigInteger) ? ScalarKind.BigInteger
            : Is(type, known.Int128) ? ScalarKind.Int128
            : Is(type, known.UInt128) ? ScalarKind.UInt128
            : Is(type, known.Half) ? ScalarKind.Half
            : Is(type, known.DateOnly) ? ScalarKind.DateOnly
            : Is(type, known.TimeOnly) ? ScalarKind.TimeOnly
            : Is(type, known.Uri) ? ScalarKind.Uri
            : null;
    }

    public static RawJsonKind? RawJsonOf(ITypeSymbol type, KnownTypes known) =>
        Is(type, known.JsonElement) ? RawJsonKind.Element
        : Is(type, known.JsonDocument) ? RawJsonKind.Document
        : known.JsonNode is not null && type is INamedTypeSymbol named && TypeRelations.InheritsFrom(named, known.JsonNode) ? RawJsonKind.Node
        : null;

    private static bool Is(ITypeSymbol type, INamedTypeSymbol? known) => KnownTypes.Is(type, known);
}

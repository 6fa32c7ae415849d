using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>How symbols are written into generated code: fully qualified with global::, nullability kept.</summary>
internal static class Formats
{
    public static readonly SymbolDisplayFormat Type = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(
            SymbolDisplayFormat.FullyQualifiedFormat.MiscellaneousOptions | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>For names in messages: short and readable.</summary>
    public static readonly SymbolDisplayFormat Message = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

    public static string Display(ITypeSymbol type) => type.ToDisplayString(Type);

    /// <summary>The type without a top-level nullable annotation, for casts and typeof.</summary>
    public static string DisplayNotNull(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(Type);
}

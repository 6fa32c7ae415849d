using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Caching.Generators;

/// <summary>A parameter as a caller sees it: its name, type, passing, default and caller-info attributes.</summary>
internal static class ParameterParser
{
    private static readonly HashSet<string> CallerInfo =
    [
        "System.Runtime.CompilerServices.CallerMemberNameAttribute",
        "System.Runtime.CompilerServices.CallerFilePathAttribute",
        "System.Runtime.CompilerServices.CallerLineNumberAttribute",
    ];

    public static ParameterModel Parse(IParameterSymbol parameter)
    {
        var callerInfo = new List<string>();
        foreach (AttributeData attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() is { } name && CallerInfo.Contains(name))
            {
                callerInfo.Add(name);
            }
        }

        ConstantModel? defaultValue = parameter.HasExplicitDefaultValue
            ? new ConstantModel(
                parameter.ExplicitDefaultValue,
                Formats.DisplayNotNull(parameter.Type),
                parameter.Type.TypeKind == TypeKind.Enum,
                parameter.Type.IsValueType && parameter.Type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T)
            : null;
        return new ParameterModel(
            parameter.Name,
            Formats.Display(parameter.Type),
            parameter.RefKind switch
            {
                RefKind.Ref => ParameterPassing.Ref,
                RefKind.Out => ParameterPassing.Out,
                RefKind.In => ParameterPassing.In,
                RefKind.RefReadOnlyParameter => ParameterPassing.RefReadOnly,
                _ => ParameterPassing.Value,
            },
            parameter.IsParams,
            defaultValue,
            new EquatableArray<string>(callerInfo));
    }
}

using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Caching.Generators;

/// <summary>
/// Every name in generated code, made from the models' facts: decorators, files, key methods, option fields, writers,
/// accessors, and the C# spelling of identifiers, literals and the reads of call values.
/// </summary>
internal static class Naming
{
    public const string KeyWritersClass = "global::Caching.Generated.KeyWriters";

    /// <summary><c>Chat</c> for <c>IChat</c>; null for a name without the interface prefix.</summary>
    public static string? UnprefixedName(string interfaceName) =>
        interfaceName.Length > 1 && interfaceName[0] == 'I' && char.IsUpper(interfaceName[1]) ? interfaceName.Substring(1) : null;

    public static string Decorator(InterfaceModel model) =>
        "Cached" + (model.NameClashesWithUnprefixedInterface ? model.InterfaceName : UnprefixedName(model.InterfaceName) ?? model.InterfaceName);

    /// <summary><c>{Namespace}.{Interface}.Caching.g.cs</c>.</summary>
    public static string HintName(InterfaceModel model) =>
        (model.Namespace is null ? string.Empty : model.Namespace + ".") + model.InterfaceName + ".Caching.g.cs";

    public static string KeyMethod(MethodModel method) => method.Name + "Key" + OverloadSuffix(method.Cached!);

    public static string PartitionMethod(MethodModel method) => KeyMethod(method) + "Partition";

    public static string QueryMethod(MethodModel method) => KeyMethod(method) + "SemanticQuery";

    public static string OptionsField(MethodModel method) =>
        "s_" + char.ToLowerInvariant(method.Name[0]) + method.Name.Substring(1) + OverloadSuffix(method.Cached!) + "Options";

    /// <summary>A writer's name, after its type's full name, so that an edit elsewhere never renames it.</summary>
    public static string WriterMethod(string typeName)
    {
        var builder = new StringBuilder("Write_", typeName.Length + 8);
        foreach (char c in typeName)
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

    /// <summary>The [UnsafeAccessor] that reads a non-public [JsonInclude] member of a type.</summary>
    public static string AccessorMethod(string typeName, string member) => "Read" + WriterMethod(typeName).Substring("Write".Length) + "_" + member;

    /// <summary>The name as a C# identifier: a keyword gets its <c>@</c>.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>How the decorator reads a value of the call: a parameter, or a property of one (null-conditional on a reference).</summary>
    public static string Read(ValueSource source) =>
        source.Property is null
            ? Identifier(source.Parameter)
            : Identifier(source.Parameter) + (source.ParameterIsValueType ? "." : "?.") + Identifier(source.Property);

    public static string Quote(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    /// <summary>A parameter's default value as C# source.</summary>
    public static string Literal(ConstantModel constant)
    {
        if (constant.Value is null)
        {
            return constant.IsNonNullableValueType ? "default" : "null";
        }

        if (constant.IsEnum)
        {
            return "(" + constant.Type + ")" + System.Convert.ToString(constant.Value, CultureInfo.InvariantCulture);
        }

        return constant.Value switch
        {
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => b ? "true" : "false",
            float f => f.ToString("R", CultureInfo.InvariantCulture) + "F",
            double d => d.ToString("R", CultureInfo.InvariantCulture) + "D",
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            ulong u => u.ToString(CultureInfo.InvariantCulture) + "UL",
            uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
            _ => System.Convert.ToString(constant.Value, CultureInfo.InvariantCulture) ?? "default",
        };
    }

    /// <summary>Overloads get names after their parameter types, so that their key methods and option fields never clash.</summary>
    private static string OverloadSuffix(CachedCallModel cached) =>
        cached.OverloadParameterTypes.Count == 0
            ? string.Empty
            : "_" + string.Join("_", cached.OverloadParameterTypes.Select(t => new string(t.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray())));
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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

    public InterfaceParser(KnownTypes known, Action<Diagnostic>? report, CancellationToken cancellationToken)
    {
        _known = known;
        _report = report;
        _cancellationToken = cancellationToken;
    }

    /// <summary>True when any method of the interface, or of one it extends, carries a caching attribute.</summary>
    public bool HasCachedMethods(INamedTypeSymbol type) =>
        AllMethods(type).Any(m => CachingAttributes(m.Method).Count > 0);

    /// <summary>True when the method carries a caching attribute.</summary>
    public bool IsCached(IMethodSymbol method) => CachingAttributes(method).Count > 0;

    public InterfaceModel? Parse(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Interface || !HasCachedMethods(type))
        {
            return null;
        }

        string? problem = WhyNotDecoratable(type);
        if (problem is not null)
        {
            Report(DiagnosticDescriptors.UndecoratableInterface, type.Locations.FirstOrDefault(), type.Name, problem);
            return null;
        }

        var resolver = new EncodingResolver(_known, _report);
        var methods = new List<MethodModel>();
        List<(IMethodSymbol Method, INamedTypeSymbol Owner)> all = AllMethods(type).ToList();
        var overloaded = new HashSet<string>(
            all.Where(m => CachingAttributes(m.Method).Count > 0).GroupBy(m => m.Method.Name).Where(g => g.Count() > 1).Select(g => g.Key),
            StringComparer.Ordinal);
        foreach ((IMethodSymbol method, INamedTypeSymbol owner) in all)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            string? explicitType = SymbolEqualityComparer.Default.Equals(owner, type) ? null : Formats.DisplayNotNull(owner);
            methods.Add(ParseMethod(method, owner, explicitType, resolver, overloaded.Contains(method.Name)));
        }

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

        string? ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
        string baseName = type.Name.Length > 1 && type.Name[0] == 'I' && char.IsUpper(type.Name[1]) ? type.Name.Substring(1) : type.Name;
        // IChat and Chat in one namespace would both become CachedChat: the one with the prefix keeps it.
        bool clash = baseName != type.Name && type.ContainingNamespace.GetTypeMembers(baseName).Any(t => t.TypeKind == TypeKind.Interface && HasCachedMethods(t));
        string decorator = "Cached" + (clash ? type.Name : baseName);
        return new InterfaceModel(
            ns,
            type.Name,
            Formats.DisplayNotNull(type),
            decorator,
            type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
            (ns is null ? string.Empty : ns + ".") + type.Name + ".Caching.g.cs",
            new EquatableArray<MethodModel>(methods),
            new EquatableArray<PropertyModel>(properties),
            new EquatableArray<TypeWriterModel>(resolver.Writers),
            _known.ServiceCollection is not null && _known.DecorateExtension is not null);
    }

    private MethodModel ParseMethod(IMethodSymbol method, INamedTypeSymbol owner, string? explicitType, EncodingResolver resolver, bool overloaded)
    {
        var parameters = method.Parameters.Select(ParseParameter).ToList();
        string typeParameters = method.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", method.TypeParameters.Select(t => t.Name)) + ">";
        List<AttributeData> attributes = CachingAttributes(method);
        var forwarded = new MethodModel(method.Name, Formats.Display(method.ReturnType), new EquatableArray<ParameterModel>(parameters), explicitType ?? Formats.DisplayNotNull(owner), typeParameters, CacheKind.None, null);
        if (attributes.Count == 0)
        {
            return forwarded;
        }

        Location methodLocation = method.Locations.FirstOrDefault() ?? Location.None;
        string methodName = owner.Name + "." + method.Name;
        if (attributes.Count > 1)
        {
            Report(DiagnosticDescriptors.SeveralCachingAttributes, methodLocation, methodName);
            return forwarded;
        }

        AttributeData attribute = attributes[0];
        CacheKind kind = KindOf(attribute);
        bool valid = true;

        if (method.IsGenericMethod)
        {
            Report(DiagnosticDescriptors.GenericMethod, methodLocation, methodName);
            valid = false;
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                Report(DiagnosticDescriptors.ByRefParameter, parameter.Locations.FirstOrDefault() ?? methodLocation, parameter.Name, methodName);
                valid = false;
            }
        }

        ITypeSymbol? result = null;
        bool returnsValueTask = false;
        bool returnsStream = false;
        if (method.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } returned
            && (KnownTypes.Is(returned, _known.TaskOfT) || KnownTypes.Is(returned, _known.ValueTaskOfT) || KnownTypes.Is(returned, _known.AsyncEnumerable)))
        {
            result = returned.TypeArguments[0];
            returnsValueTask = KnownTypes.Is(returned, _known.ValueTaskOfT);
            returnsStream = KnownTypes.Is(returned, _known.AsyncEnumerable);
        }
        else
        {
            Report(DiagnosticDescriptors.UncacheableReturnType, ReturnTypeLocation(method) ?? methodLocation, methodName, method.ReturnType.ToDisplayString(Formats.Message));
            valid = false;
        }

        EntryOptionsModel? options = ParseEntryOptions(attribute, ref valid);

        IParameterSymbol? scope = method.Parameters.FirstOrDefault(p => KnownTypes.HasAttribute(p, _known.CacheScope));
        if (scope is not null && scope.Type.SpecialType != SpecialType.System_String)
        {
            Report(DiagnosticDescriptors.ScopeNotString, scope.Locations.FirstOrDefault() ?? methodLocation, scope.Name, scope.Type.ToDisplayString(Formats.Message));
            valid = false;
        }

        (string? modelExpression, IParameterSymbol? modelParameter) = FindModel(method);
        if (modelExpression is null)
        {
            Report(DiagnosticDescriptors.NoModel, methodLocation, methodName);
            valid = false;
        }

        var keyFields = new List<KeyFieldModel>();
        IParameterSymbol? token = null;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (KnownTypes.Is(parameter.Type, _known.CancellationToken))
            {
                token ??= parameter;
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(parameter, modelParameter)
                || SymbolEqualityComparer.Default.Equals(parameter, scope)
                || KnownTypes.HasAttribute(parameter, _known.NotCacheKey))
            {
                continue;
            }

            ValueEncoding? encoding = resolver.Resolve(parameter.Type, parameter.Name, parameter, parameter.Locations.FirstOrDefault() ?? methodLocation, methodName);
            if (encoding is null)
            {
                valid = false;
                continue;
            }

            keyFields.Add(new KeyFieldModel(parameter.Name, Escape(parameter.Name), encoding, KnownTypes.HasAttribute(parameter, _known.SemanticText)));
        }

        var semanticParser = new SemanticTextParser(_known, _report);
        (string Expression, ISymbol Member)? semanticText = semanticParser.Parse(method, attribute, methodName, methodLocation, ref valid);
        if (semanticText is { Member: IPropertySymbol textProperty }
            && !resolver.Writers.Any(w => w.Members.Any(m => m.IsSemanticText && m.Name == textProperty.Name)))
        {
            semanticParser.ReportUnkeyedProperty(textProperty, methodName, methodLocation);
            valid = false;
        }

        if (!valid || result is null || modelExpression is null)
        {
            return forwarded;
        }

        // Overloads get names after their parameter types, so that their key methods and TTL fields never clash.
        string suffix = overloaded ? "_" + string.Join("_", method.Parameters.Select(p => MemberNameOf(p.Type))) : string.Empty;
        var cached = new CachedCallModel(
            Operation(owner, method),
            method.Name + "Key" + suffix,
            "s_" + char.ToLowerInvariant(method.Name[0]) + method.Name.Substring(1) + suffix + "Options",
            Formats.Display(result),
            returnsValueTask,
            returnsStream,
            options,
            modelExpression,
            scope is null ? null : Escape(scope.Name),
            token is null ? null : Escape(token.Name),
            new EquatableArray<KeyFieldModel>(keyFields),
            semanticText?.Expression);
        return forwarded with { Kind = kind, Cached = cached, ExplicitInterfaceType = explicitType };
    }

    /// <summary>The operation part of a key: the interface, the method and its parameter types, so that overloads never share a key.</summary>
    private static string Operation(INamedTypeSymbol owner, IMethodSymbol method) =>
        owner.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None)) + "." + method.Name
        + "(" + string.Join(", ", method.Parameters.Select(p => p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat))) + ")";

    private static string MemberNameOf(ITypeSymbol type)
    {
        string display = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        return new string(display.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
    }

    /// <summary>Instance properties with a public getter, declared on the type or inherited from its base types.</summary>
    internal static IEnumerable<IPropertySymbol> ReadableProperties(ITypeSymbol type)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            foreach (IPropertySymbol property in current.GetMembers().OfType<IPropertySymbol>())
            {
                if (!property.IsStatic && property.GetMethod?.DeclaredAccessibility == Accessibility.Public)
                {
                    yield return property;
                }
            }
        }
    }

    private (string? Expression, IParameterSymbol? Parameter) FindModel(IMethodSymbol method)
    {
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (KnownTypes.HasAttribute(parameter, _known.CacheModel) && parameter.Type.SpecialType == SpecialType.System_String)
            {
                return (Escape(parameter.Name), parameter);
            }
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            IPropertySymbol? marked = ReadableProperties(parameter.Type)
                .FirstOrDefault(p => KnownTypes.HasAttribute(p, _known.CacheModel) && p.Type.SpecialType == SpecialType.System_String);
            if (marked is not null)
            {
                return (MemberOf(parameter, marked.Name), null);
            }
        }

        IParameterSymbol? named = method.Parameters.FirstOrDefault(p => p.Name == "model" && p.Type.SpecialType == SpecialType.System_String);
        if (named is not null)
        {
            return (Escape(named.Name), named);
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            bool hasModel = ReadableProperties(parameter.Type).Any(p => p.Name == "Model" && p.Type.SpecialType == SpecialType.System_String);
            if (hasModel)
            {
                return (MemberOf(parameter, "Model"), null);
            }
        }

        return (null, null);
    }

    internal static string MemberOf(IParameterSymbol parameter, string member) =>
        Escape(parameter.Name) + (parameter.Type.IsValueType ? "." : "?.") + member;

    /// <summary>The durations the attribute sets (Ttl, StaleIfError, SoftTimeout, HardTimeout), each checked; null when it sets none.</summary>
    private EntryOptionsModel? ParseEntryOptions(AttributeData attribute, ref bool valid)
    {
        long? ttl = null, staleIfError = null, softTimeout = null, hardTimeout = null;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Value.Value is null || argument.Key is not ("Ttl" or "StaleIfError" or "SoftTimeout" or "HardTimeout"))
            {
                continue;
            }

            string text = argument.Value.Value.ToString();
            long? milliseconds = null;
            if (CacheDuration.TryParse(text, out TimeSpan duration, out string error))
            {
                milliseconds = (long)duration.TotalMilliseconds;
            }
            else if (argument.Key != "Ttl" && text.Trim() == "0")
            {
                milliseconds = 0;
            }
            else
            {
                string allowed = argument.Key == "Ttl" ? error : error + ", or \"0\" for none";
                Report(DiagnosticDescriptors.InvalidDuration, ArgumentLocation(attribute, argument.Key), argument.Key, text, allowed);
                valid = false;
                continue;
            }

            switch (argument.Key)
            {
                case "Ttl":
                    ttl = milliseconds;
                    break;
                case "StaleIfError":
                    staleIfError = milliseconds;
                    break;
                case "SoftTimeout":
                    softTimeout = milliseconds;
                    break;
                default:
                    hardTimeout = milliseconds;
                    break;
            }
        }

        return ttl is null && staleIfError is null && softTimeout is null && hardTimeout is null
            ? null
            : new EntryOptionsModel(ttl, staleIfError, softTimeout, hardTimeout);
    }

    private static Location? ArgumentLocation(AttributeData attribute, string name)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax syntax && syntax.ArgumentList is not null)
        {
            foreach (AttributeArgumentSyntax argument in syntax.ArgumentList.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return argument.Expression.GetLocation();
                }
            }

            return syntax.GetLocation();
        }

        return attribute.ApplicationSyntaxReference is { } reference
            ? Location.Create(reference.SyntaxTree, reference.Span)
            : null;
    }

    private static Location? ReturnTypeLocation(IMethodSymbol method) =>
        method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is MethodDeclarationSyntax syntax ? syntax.ReturnType.GetLocation() : null;

    private static string? WhyNotDecoratable(INamedTypeSymbol type)
    {
        if (type.IsGenericType)
        {
            return "it is generic; declare a non-generic interface that extends it";
        }

        if (type.ContainingType is not null)
        {
            return "it is nested in a type; declare it at namespace level";
        }

        if (type.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
        {
            return "it is not public or internal";
        }

        foreach (INamedTypeSymbol owner in new[] { type }.Concat(type.AllInterfaces))
        {
            foreach (ISymbol member in owner.GetMembers())
            {
                if (member.IsStatic && member.IsAbstract)
                {
                    return $"it has the static abstract member '{member.Name}'";
                }

                if (member is IEventSymbol && member.IsAbstract)
                {
                    return $"it declares the event '{member.Name}', which a decorator cannot forward yet";
                }

                if (member is IPropertySymbol { IsIndexer: true, IsAbstract: true })
                {
                    return "it declares an indexer, which a decorator cannot forward yet";
                }
            }
        }

        return null;
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

    private List<AttributeData> CachingAttributes(IMethodSymbol method) =>
        method.GetAttributes().Where(a => KindOf(a) != CacheKind.None).ToList();

    private CacheKind KindOf(AttributeData attribute)
    {
        INamedTypeSymbol? type = attribute.AttributeClass;
        if (type is null)
        {
            return CacheKind.None;
        }

        if (SymbolEqualityComparer.Default.Equals(type, _known.CachedCompletion))
        {
            return CacheKind.Completion;
        }

        if (SymbolEqualityComparer.Default.Equals(type, _known.CachedEmbedding))
        {
            return CacheKind.Embedding;
        }

        return SymbolEqualityComparer.Default.Equals(type, _known.CachedImage) ? CacheKind.Image : CacheKind.None;
    }

    private ParameterModel ParseParameter(IParameterSymbol parameter)
    {
        string modifiers = parameter.RefKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => string.Empty,
        };
        if (parameter.IsParams)
        {
            modifiers = "params " + modifiers;
        }

        string? defaultValue = parameter.HasExplicitDefaultValue ? Literal(parameter.ExplicitDefaultValue, parameter.Type) : null;
        var attributes = new List<string>();
        foreach (AttributeData attribute in parameter.GetAttributes())
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            if (name is "System.Runtime.CompilerServices.CallerMemberNameAttribute"
                or "System.Runtime.CompilerServices.CallerFilePathAttribute"
                or "System.Runtime.CompilerServices.CallerLineNumberAttribute")
            {
                attributes.Add("[global::" + name + "] ");
            }
        }

        return new ParameterModel(Escape(parameter.Name), Formats.Display(parameter.Type), modifiers, defaultValue, string.Concat(attributes));
    }

    private static string Literal(object? value, ITypeSymbol type)
    {
        if (value is null)
        {
            return type.IsValueType && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T ? "default" : "null";
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return "(" + Formats.DisplayNotNull(type) + ")" + Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        return value switch
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
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "default",
        };
    }

    internal static string Escape(string identifier) =>
        SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

    private void Report(DiagnosticDescriptor descriptor, Location? location, params object[] arguments) =>
        _report?.Invoke(Diagnostic.Create(descriptor, location ?? Location.None, arguments));
}

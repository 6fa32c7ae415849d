using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Caching.Generators;

/// <summary>
/// One method of an annotated interface: its signature, and for a cached method what its key covers (CACHE004–CACHE010
/// for misuse). A method that cannot be cached is forwarded.
/// </summary>
internal sealed class MethodParser
{
    private readonly KnownTypes _known;
    private readonly CachingAttributes _attributes;
    private readonly EncodingResolver _resolver;
    private readonly Action<Diagnostic>? _report;

    public MethodParser(KnownTypes known, CachingAttributes attributes, EncodingResolver resolver, Action<Diagnostic>? report)
    {
        _known = known;
        _attributes = attributes;
        _resolver = resolver;
        _report = report;
    }

    public MethodModel Parse(IMethodSymbol method, INamedTypeSymbol owner, string? explicitType, bool overloaded)
    {
        var forwarded = new MethodModel(
            method.Name,
            Formats.Display(method.ReturnType),
            new EquatableArray<ParameterModel>(method.Parameters.Select(ParameterParser.Parse)),
            explicitType ?? Formats.DisplayNotNull(owner),
            new EquatableArray<string>(method.TypeParameters.Select(t => t.Name)),
            CacheKind.None,
            null);
        List<AttributeData> attributes = _attributes.On(method);
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
        bool valid = CheckSignature(method, methodName, methodLocation);
        (ITypeSymbol? result, bool returnsValueTask, bool returnsStream) = ResultOf(method, methodName, methodLocation, ref valid);
        EntryOptionsModel? options = CachingAttributes.EntryOptions(attribute, _report, ref valid);

        IParameterSymbol? scope = method.Parameters.FirstOrDefault(p => KnownTypes.HasAttribute(p, _known.CacheScope));
        if (scope is not null && scope.Type.SpecialType != SpecialType.System_String)
        {
            Report(DiagnosticDescriptors.ScopeNotString, scope.Locations.FirstOrDefault() ?? methodLocation, scope.Name, scope.Type.ToDisplayString(Formats.Message));
            valid = false;
        }

        (ValueSource? model, IParameterSymbol? modelParameter) = FindModel(method);
        if (model is null)
        {
            Report(DiagnosticDescriptors.NoModel, methodLocation, methodName);
            valid = false;
        }

        IParameterSymbol? token = method.Parameters.FirstOrDefault(p => KnownTypes.Is(p.Type, _known.CancellationToken));
        var keyFields = new List<KeyFieldModel>();
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (KnownTypes.Is(parameter.Type, _known.CancellationToken)
                || SymbolEqualityComparer.Default.Equals(parameter, modelParameter)
                || SymbolEqualityComparer.Default.Equals(parameter, scope)
                || KnownTypes.HasAttribute(parameter, _known.NotCacheKey))
            {
                continue;
            }

            var at = new EncodingContext(parameter.Name, parameter, parameter.Locations.FirstOrDefault() ?? methodLocation, methodName);
            if (_resolver.Resolve(parameter.Type, at) is { } shape)
            {
                keyFields.Add(new KeyFieldModel(parameter.Name, shape, KnownTypes.HasAttribute(parameter, _known.SemanticText)));
            }
            else
            {
                valid = false;
            }
        }

        ValueSource? semanticText = ParseSemanticText(method, attribute, methodName, methodLocation, ref valid);
        if (!valid || result is null || model is null)
        {
            return forwarded;
        }

        var cached = new CachedCallModel(
            Operation(owner, method),
            overloaded ? new EquatableArray<string>(method.Parameters.Select(p => p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) : EquatableArray<string>.Empty,
            Formats.Display(result),
            returnsValueTask,
            returnsStream,
            options,
            model,
            scope?.Name,
            token?.Name,
            new EquatableArray<KeyFieldModel>(keyFields),
            semanticText);
        return forwarded with { Kind = _attributes.KindOf(attribute), Cached = cached, ExplicitInterfaceType = explicitType };
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

    /// <summary>The operation part of a key: the interface, the method and its parameter types, so that overloads never share a key.</summary>
    private static string Operation(INamedTypeSymbol owner, IMethodSymbol method) =>
        owner.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None)) + "." + method.Name
        + "(" + string.Join(", ", method.Parameters.Select(p => p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat))) + ")";

    private bool CheckSignature(IMethodSymbol method, string methodName, Location methodLocation)
    {
        bool valid = true;
        if (method.IsGenericMethod)
        {
            Report(DiagnosticDescriptors.GenericMethod, methodLocation, methodName);
            valid = false;
        }

        foreach (IParameterSymbol parameter in method.Parameters.Where(p => p.RefKind != RefKind.None))
        {
            Report(DiagnosticDescriptors.ByRefParameter, parameter.Locations.FirstOrDefault() ?? methodLocation, parameter.Name, methodName);
            valid = false;
        }

        return valid;
    }

    /// <summary>The T of a Task&lt;T&gt;, ValueTask&lt;T&gt; or IAsyncEnumerable&lt;T&gt; return type; CACHE005 for any other.</summary>
    private (ITypeSymbol? Result, bool ReturnsValueTask, bool ReturnsStream) ResultOf(IMethodSymbol method, string methodName, Location methodLocation, ref bool valid)
    {
        if (method.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } returned
            && (KnownTypes.Is(returned, _known.TaskOfT) || KnownTypes.Is(returned, _known.ValueTaskOfT) || KnownTypes.Is(returned, _known.AsyncEnumerable)))
        {
            return (returned.TypeArguments[0], KnownTypes.Is(returned, _known.ValueTaskOfT), KnownTypes.Is(returned, _known.AsyncEnumerable));
        }

        Location? returnType = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is MethodDeclarationSyntax syntax ? syntax.ReturnType.GetLocation() : null;
        Report(DiagnosticDescriptors.UncacheableReturnType, returnType ?? methodLocation, methodName, method.ReturnType.ToDisplayString(Formats.Message));
        valid = false;
        return (null, false, false);
    }

    /// <summary>The [SemanticText] of a semantic method, checked to be in the exact key (CACHE010).</summary>
    private ValueSource? ParseSemanticText(IMethodSymbol method, AttributeData attribute, string methodName, Location methodLocation, ref bool valid)
    {
        var parser = new SemanticTextParser(_known, _report);
        (ValueSource Source, ISymbol Member)? text = parser.Parse(method, attribute, methodName, methodLocation, ref valid);
        if (text is { Member: IPropertySymbol property }
            && !_resolver.Writers.Any(w => w.Members.Any(m => m.IsSemanticText && m.Name == property.Name)))
        {
            parser.ReportUnkeyedProperty(property, methodName, methodLocation);
            valid = false;
        }

        return text?.Source;
    }

    /// <summary>
    /// The model of a call, in order of precedence: a [CacheModel] string parameter, a [CacheModel] string property of a
    /// parameter, a string parameter named <c>model</c>, a string property <c>Model</c> of a parameter.
    /// </summary>
    private (ValueSource? Source, IParameterSymbol? Parameter) FindModel(IMethodSymbol method)
    {
        if (method.Parameters.FirstOrDefault(p => KnownTypes.HasAttribute(p, _known.CacheModel) && IsString(p.Type)) is { } marked)
        {
            return (new ValueSource(marked.Name), marked);
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (ReadableProperties(parameter.Type).FirstOrDefault(p => KnownTypes.HasAttribute(p, _known.CacheModel) && IsString(p.Type)) is { } property)
            {
                return (PropertyOf(parameter, property.Name), null);
            }
        }

        if (method.Parameters.FirstOrDefault(p => p.Name == "model" && IsString(p.Type)) is { } named)
        {
            return (new ValueSource(named.Name), named);
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (ReadableProperties(parameter.Type).Any(p => p.Name == "Model" && IsString(p.Type)))
            {
                return (PropertyOf(parameter, "Model"), null);
            }
        }

        return (null, null);
    }

    internal static ValueSource PropertyOf(IParameterSymbol parameter, string property) =>
        new(parameter.Name, property, parameter.Type.IsValueType);

    private static bool IsString(ITypeSymbol type) => type.SpecialType == SpecialType.System_String;

    private void Report(DiagnosticDescriptor descriptor, Location? location, params object[] arguments) =>
        _report?.Invoke(Diagnostic.Create(descriptor, location ?? Location.None, arguments));
}

namespace Caching.Generators;

/// <summary>
/// One annotated interface: facts about it (names, types as fully qualified text, equatable arrays), and no text of the
/// code to emit; the emitters name and write everything.
/// </summary>
internal sealed record InterfaceModel(
    string? Namespace,
    string InterfaceName,
    string InterfaceType,
    bool IsPublic,
    bool NameClashesWithUnprefixedInterface,
    EquatableArray<MethodModel> Methods,
    EquatableArray<PropertyModel> Properties,
    EquatableArray<TypeWriterModel> TypeWriters,
    bool CanRegisterInServices);

/// <summary>The kind of cached call: which key prefix it gets.</summary>
internal enum CacheKind
{
    None,
    Completion,
    Embedding,
    Image,
}

/// <summary>A method of the interface (or of one it extends); <see cref="Cached"/> is null for a method only forwarded.</summary>
internal sealed record MethodModel(
    string Name,
    string ReturnType,
    EquatableArray<ParameterModel> Parameters,
    string? ExplicitInterfaceType,
    EquatableArray<string> TypeParameters,
    CacheKind Kind,
    CachedCallModel? Cached);

/// <summary>
/// What a cached method needs beyond its signature. <see cref="Operation"/> is the interface, the method and its parameter
/// types (the first thing in every key); <see cref="OverloadParameterTypes"/>, for an overloaded method, its parameter
/// types' short names, which tell its generated members apart (empty otherwise).
/// </summary>
internal sealed record CachedCallModel(
    string Operation,
    EquatableArray<string> OverloadParameterTypes,
    string ResultType,
    bool ReturnsValueTask,
    bool ReturnsStream,
    EntryOptionsModel? Options,
    ValueSource Model,
    string? ScopeParameter,
    string? CancellationTokenParameter,
    EquatableArray<KeyFieldModel> KeyFields,
    ValueSource? SemanticText = null);

/// <summary>Where a string the call needs is read: a parameter, or a property of a parameter.</summary>
internal sealed record ValueSource(string Parameter, string? Property = null, bool ParameterIsValueType = false);

/// <summary>The durations an attribute sets, in milliseconds (null: the configured default; 0: none).</summary>
internal sealed record EntryOptionsModel(long? Ttl, long? StaleIfError, long? SoftTimeout, long? HardTimeout);

/// <summary>How a parameter is passed.</summary>
internal enum ParameterPassing
{
    Value,
    Ref,
    Out,
    In,
    RefReadOnly,
}

/// <summary>A parameter, with what a caller can see of it: how it is passed, its default, its caller-info attributes.</summary>
internal sealed record ParameterModel(
    string Name,
    string Type,
    ParameterPassing Passing,
    bool IsParams,
    ConstantModel? DefaultValue,
    EquatableArray<string> CallerInfoAttributes);

/// <summary>
/// A parameter's default value: the constant as the compiler holds it, and what its literal needs to know about the type.
/// </summary>
internal sealed record ConstantModel(object? Value, string Type, bool IsEnum, bool IsNonNullableValueType);

/// <summary>A property of the interface, forwarded to the inner instance.</summary>
internal sealed record PropertyModel(string Name, string Type, bool HasGetter, bool HasSetter, bool IsInitOnly, string ExplicitInterfaceType);

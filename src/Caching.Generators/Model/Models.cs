namespace Caching.Generators;

/// <summary>One annotated interface: everything the emitter needs, as strings and equatable arrays.</summary>
internal sealed record InterfaceModel(
    string? Namespace,
    string InterfaceName,
    string InterfaceType,
    string DecoratorName,
    string Accessibility,
    string HintName,
    EquatableArray<MethodModel> Methods,
    EquatableArray<PropertyModel> Properties,
    EquatableArray<TypeWriterModel> TypeWriters,
    bool EmitServiceCollectionExtension);

/// <summary>The kind of cached call: which key prefix it gets.</summary>
internal enum CacheKind
{
    None,
    Completion,
    Embedding,
    Image,
}

/// <summary>A method of the interface (or of one it extends).</summary>
internal sealed record MethodModel(
    string Name,
    string ReturnType,
    EquatableArray<ParameterModel> Parameters,
    string? ExplicitInterfaceType,
    string TypeParameters,
    CacheKind Kind,
    CachedCallModel? Cached);

/// <summary>What a cached method needs beyond its signature.</summary>
internal sealed record CachedCallModel(
    string Operation,
    string ResultType,
    bool ReturnsValueTask,
    long? TtlMilliseconds,
    string ModelExpression,
    string? ScopeParameter,
    string? CancellationTokenParameter,
    EquatableArray<KeyFieldModel> KeyFields);

/// <summary>A parameter, with what a caller can see of it.</summary>
internal sealed record ParameterModel(string Name, string Type, string Modifiers, string? DefaultValue, string Attributes);

/// <summary>A property of the interface, forwarded to the inner instance.</summary>
internal sealed record PropertyModel(string Name, string Type, bool HasGetter, bool HasSetter, bool IsInitOnly, string? ExplicitInterfaceType);

/// <summary>One named value written into a key: a parameter of the method or a member of a type.</summary>
internal sealed record KeyFieldModel(string Name, string AccessExpression, ValueEncoding Encoding);

/// <summary>The generated writer of one object type reached from a key.</summary>
internal sealed record TypeWriterModel(string MethodName, string Type, bool IsValueType, bool IsSealed, EquatableArray<KeyFieldModel> Members);

/// <summary>How one value is written into a key.</summary>
internal sealed record ValueEncoding(
    EncodingKind Kind,
    string Type,
    bool IsNullable,
    bool IsNullableStruct = false,
    ValueEncoding? Element = null,
    ValueEncoding? Key = null,
    string? WriterMethod = null,
    bool Indexable = false);

/// <summary>The shapes of value the key writer knows.</summary>
internal enum EncodingKind
{
    String,
    Int64,
    UInt64,
    Double,
    Single,
    Decimal,
    Boolean,
    Char,
    Enum,
    DateTime,
    DateTimeOffset,
    TimeSpan,
    Guid,
    ByteArray,
    ByteMemory,
    JsonElement,
    Sequence,
    ImmutableArraySequence,
    Dictionary,
    Object,
}

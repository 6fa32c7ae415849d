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
    string KeyMethodName,
    string OptionsFieldName,
    string ResultType,
    bool ReturnsValueTask,
    bool ReturnsStream,
    EntryOptionsModel? Options,
    string ModelExpression,
    string? ScopeParameter,
    string? CancellationTokenParameter,
    EquatableArray<KeyFieldModel> KeyFields,
    string? SemanticTextExpression = null);

/// <summary>The durations an attribute sets, in milliseconds (null: the configured default; 0: none).</summary>
internal sealed record EntryOptionsModel(long? Ttl, long? StaleIfError, long? SoftTimeout, long? HardTimeout);

/// <summary>A parameter, with what a caller can see of it.</summary>
internal sealed record ParameterModel(string Name, string Type, string Modifiers, string? DefaultValue, string Attributes);

/// <summary>A property of the interface, forwarded to the inner instance.</summary>
internal sealed record PropertyModel(string Name, string Type, bool HasGetter, bool HasSetter, bool IsInitOnly, string? ExplicitInterfaceType);

/// <summary>
/// One named value written into a key: a parameter of the method or a member of a type. A [SemanticText] one is left out
/// of a semantic partition's encoding.
/// </summary>
internal sealed record KeyFieldModel(string Name, string AccessExpression, ValueEncoding Encoding, bool IsSemanticText = false);

/// <summary>
/// The generated writer of one object type reached from a key, shared by every decorator of the compilation and named
/// after the type. A polymorphic base has <see cref="Derived"/> types instead of members: it writes a discriminator and
/// hands the value to the derived type's writer.
/// </summary>
internal sealed record TypeWriterModel(
    string MethodName,
    string Type,
    bool IsValueType,
    bool IsSealed,
    EquatableArray<KeyFieldModel> Members,
    EquatableArray<DerivedTypeModel> Derived,
    EquatableArray<AccessorModel> Accessors);

/// <summary>A type declared with [JsonDerivedType] on a polymorphic base, and the discriminator that names it in keys.</summary>
internal sealed record DerivedTypeModel(string Type, string Discriminator, string WriterMethod);

/// <summary>An [UnsafeAccessor] that reads a non-public [JsonInclude] member.</summary>
internal sealed record AccessorModel(string MethodName, bool IsField, string MemberName, string ValueType, string OwnerType);

/// <summary>How one value is written into a key.</summary>
internal sealed record ValueEncoding(
    EncodingKind Kind,
    string Type,
    bool IsNullable,
    bool IsNullableStruct = false,
    ValueEncoding? Element = null,
    ValueEncoding? Key = null,
    string? WriterMethod = null,
    bool Indexable = false,
    string SpanFormat = "{0}.Span");

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
    BigInteger,
    Int128,
    UInt128,
    Half,
    DateOnly,
    TimeOnly,
    Uri,
    ByteArray,
    ByteMemory,
    BinaryData,
    JsonElement,
    JsonDocument,
    JsonNode,
    ObjectValue,
    Sequence,
    MemorySequence,
    ImmutableArraySequence,
    Dictionary,
    Object,
}

namespace Caching.Generators;

/// <summary>How one value is written into a key: one record per shape of value, each holding facts only.</summary>
internal abstract record ValueShape(string Type);

/// <summary>A value with one writer call of its own (a string, a number, a date, a GUID, a URI, …).</summary>
internal sealed record ScalarShape(string Type, ScalarKind Kind) : ValueShape(Type);

/// <summary>A <c>Nullable&lt;T&gt;</c>: a null, or the underlying value.</summary>
internal sealed record NullableValueShape(string Type, ValueShape Underlying) : ValueShape(Type);

/// <summary>Raw bytes: a <c>byte[]</c>, a <c>(ReadOnly)Memory&lt;byte&gt;</c>, an <c>ArraySegment&lt;byte&gt;</c> or a <c>BinaryData</c>.</summary>
internal sealed record BytesShape(string Type, ContainerKind Container, bool IsNullable) : ValueShape(Type);

/// <summary>Elements in order, in a container of the given kind; <see cref="ElementType"/> as written in code (an <c>ArraySegment</c> is read as a span of it).</summary>
internal sealed record SequenceShape(string Type, ContainerKind Container, bool IsNullable, ValueShape Element, string ElementType) : ValueShape(Type);

/// <summary>A dictionary: its entries in the canonical order of their keys.</summary>
internal sealed record MapShape(string Type, bool IsNullable, ValueShape Key, ValueShape Value) : ValueShape(Type);

/// <summary>An object written by the shared writer of <see cref="WriterTypeName"/> (for a polymorphic base, its dispatcher).</summary>
internal sealed record ObjectShape(string Type, string WriterTypeName) : ValueShape(Type);

/// <summary>A JSON value written as JSON is canonically written.</summary>
internal sealed record RawJsonShape(string Type, RawJsonKind Kind) : ValueShape(Type);

/// <summary>A value typed <c>object</c>: keyed at run time by the runtime type, or not cached.</summary>
internal sealed record RuntimeTypedShape(string Type) : ValueShape(Type);

/// <summary>The values with a writer call of their own.</summary>
internal enum ScalarKind
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
}

/// <summary>What holds a sequence's elements (or bytes), which decides how they are read.</summary>
internal enum ContainerKind
{
    /// <summary>An array.</summary>
    Array,

    /// <summary>An <c>IReadOnlyList&lt;T&gt;</c> or <c>IList&lt;T&gt;</c> declared as such: read by index, so no enumerator is boxed.</summary>
    IndexedList,

    /// <summary>Any other <c>IEnumerable&lt;T&gt;</c>.</summary>
    Enumerable,

    /// <summary>A <c>Memory&lt;T&gt;</c> or <c>ReadOnlyMemory&lt;T&gt;</c>: read as its span.</summary>
    Memory,

    /// <summary>An <c>ArraySegment&lt;T&gt;</c>: read as a span (a default segment is empty, where enumerating it would throw).</summary>
    ArraySegment,

    /// <summary>An <c>ImmutableArray&lt;T&gt;</c>: a default one is written as null.</summary>
    ImmutableArray,

    /// <summary>A <c>BinaryData</c>.</summary>
    BinaryData,
}

/// <summary>The JSON types written as JSON.</summary>
internal enum RawJsonKind
{
    Element,
    Document,
    Node,
}

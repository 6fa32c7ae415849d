namespace Caching.Generators;

/// <summary>
/// One named value written into a key: a parameter of the method or a member of a type. A [SemanticText] one is left out
/// of a semantic partition's encoding; a non-public [JsonInclude] member is read through an accessor.
/// </summary>
internal sealed record KeyFieldModel(string Name, ValueShape Shape, bool IsSemanticText = false, bool ReadThroughAccessor = false, bool IsField = false);

/// <summary>
/// The writer of one object type reached from a key, shared by every decorator of the compilation: <see cref="Type"/> as
/// written in code, <see cref="TypeName"/> its full name without annotations (what the writer is named after, so that an
/// edit elsewhere never renames it). A polymorphic base has <see cref="Derived"/> types instead of members: it writes a
/// discriminator and hands the value to the derived type's writer.
/// </summary>
internal sealed record TypeWriterModel(
    string Type,
    string TypeName,
    bool IsValueType,
    bool IsSealed,
    EquatableArray<KeyFieldModel> Members,
    EquatableArray<DerivedTypeModel> Derived);

/// <summary>A type declared with [JsonDerivedType] on a polymorphic base, and the discriminator that names it in keys.</summary>
internal sealed record DerivedTypeModel(string Type, string TypeName, string Discriminator);

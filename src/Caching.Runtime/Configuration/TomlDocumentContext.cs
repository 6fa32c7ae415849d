using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Caching;

/// <summary>Tomlyn's source-generated reader of a TOML document as a table: no reflection, so TOML works under Native AOT.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class TomlDocumentContext : TomlSerializerContext
{
}

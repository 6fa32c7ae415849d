using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text.Json;

namespace Gateway.Contracts;

/// <summary>
/// A read-only view of an answer's extension data. The serializer needs a mutable dictionary to fill; callers get a
/// wrapper that cannot be cast back to it, so no caller can change an answer the cache shares.
/// </summary>
internal static class ExtensionFields
{
    private static readonly ReadOnlyDictionary<string, JsonElement> None = new(new Dictionary<string, JsonElement>());

    public static IReadOnlyDictionary<string, JsonElement> ReadOnly(Dictionary<string, JsonElement>? fields) =>
        fields is null ? None : new ReadOnlyDictionary<string, JsonElement>(fields);
}

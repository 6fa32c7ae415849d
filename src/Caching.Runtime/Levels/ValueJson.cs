using System;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Caching;

/// <summary>
/// Every JSON the runtime writes or reads for a cached value goes through the <see cref="JsonTypeInfo{T}"/> of its
/// options, so a source-generated resolver (<see cref="CacheConfig.JsonSerializerOptions"/>) is all Native AOT needs.
/// </summary>
internal static class ValueJson
{
    public static byte[] Serialize<T>(T value, JsonSerializerOptions options) => JsonSerializer.SerializeToUtf8Bytes(value, InfoOf<T>(options));

    public static T? Deserialize<T>(ReadOnlySpan<byte> json, JsonSerializerOptions options) => JsonSerializer.Deserialize(json, InfoOf<T>(options));

    /// <summary>
    /// The options a manager uses for values: the configured ones, or System.Text.Json's reflection-based defaults where
    /// reflection is allowed (everywhere but a Native AOT or trimmed application, which must configure a resolver).
    /// </summary>
    /// <exception cref="CacheConfigException">Reflection-based JSON is off and no options are configured.</exception>
    public static JsonSerializerOptions OptionsFor(CacheConfig config)
    {
        if (config.JsonSerializerOptions is { } configured)
        {
            return configured;
        }

        return JsonSerializer.IsReflectionEnabledByDefault
            ? ReflectionDefaults()
            : throw new CacheConfigException(
                "Reflection-based JSON is disabled in this application (Native AOT or trimming): set CacheConfig.JsonSerializerOptions to options whose TypeInfoResolver (a JsonSerializerContext) covers every cached type.")
            {
                Field = nameof(CacheConfig.JsonSerializerOptions),
            };
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Called only when JsonSerializer.IsReflectionEnabledByDefault, which Native AOT and trimmed applications turn off.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above.")]
    private static JsonSerializerOptions ReflectionDefaults() => JsonSerializerOptions.Default;

    private static JsonTypeInfo<T> InfoOf<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}

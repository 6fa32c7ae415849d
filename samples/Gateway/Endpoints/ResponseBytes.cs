using System.Runtime.CompilerServices;
using System.Text.Json;
using Gateway.Hosting;

namespace Gateway.Endpoints;

/// <summary>
/// The UTF-8 JSON of a cached answer, serialized once per answer instance. The gateway's contracts are immutable records,
/// so the cache hands every hit the same instance (it copies only mutable types); its bytes are then the same too, and a
/// hit writes them instead of serializing the answer again. The table holds the bytes only as long as the answer lives.
/// </summary>
internal static class ResponseBytes
{
    private static readonly ConditionalWeakTable<object, byte[]> Serialized = new();

    public static byte[] Of(object answer) =>
        Serialized.GetValue(answer, static value => JsonSerializer.SerializeToUtf8Bytes(value, GatewayJson.Options.GetTypeInfo(value.GetType())));
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Hosting;

/// <summary>The JSON settings of the OpenAI wire format: property names from the contracts, nulls left out.</summary>
public static class GatewayJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

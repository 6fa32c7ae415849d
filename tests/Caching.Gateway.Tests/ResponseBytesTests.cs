using System.Text.Json;
using Gateway.Contracts;
using Gateway.Endpoints;
using Gateway.Hosting;

namespace Caching.Gateway.Tests;

public sealed class ResponseBytesTests
{
    [Fact]
    public void An_answer_is_serialized_once_per_instance_with_the_gateways_json_settings()
    {
        var answer = new OpenAiError(new OpenAiErrorDetail("message", "type", null, null));

        byte[] first = ResponseBytes.Of(answer);

        Assert.Same(first, ResponseBytes.Of(answer));
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(answer, GatewayJson.Options), first);
        Assert.NotSame(first, ResponseBytes.Of(new OpenAiError(new OpenAiErrorDetail("message", "type", null, null))));
    }
}

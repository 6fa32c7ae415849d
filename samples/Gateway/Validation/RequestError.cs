using Gateway.Contracts;
using Gateway.Hosting;
using Microsoft.AspNetCore.Http;

namespace Gateway.Validation;

/// <summary>
/// A client mistake, as OpenAI words it: a message, the parameter it concerns (a JSON path such as
/// <c>messages[0].content</c>) and a code; answered as an OpenAI-format error body before any provider call.
/// </summary>
internal sealed record RequestError(string Message, string? Param, string? Code, int Status = StatusCodes.Status400BadRequest)
{
    public IResult ToResult() =>
        Results.Json(new OpenAiError(new OpenAiErrorDetail(Message, "invalid_request_error", Param, Code)), GatewayJson.Info<OpenAiError>(), statusCode: Status);
}

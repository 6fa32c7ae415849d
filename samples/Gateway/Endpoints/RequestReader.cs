using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Gateway.Contracts;
using Gateway.Hosting;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>Reads a JSON body within the size limit; anything wrong becomes an OpenAI-format 400.</summary>
internal static class RequestReader
{
    public static async Task<(T? Request, IResult? Error)> ReadAsync<T>(HttpContext http, GatewayOptions options)
        where T : class
    {
        if (http.Request.ContentLength > options.MaxRequestBytes)
        {
            return (null, TooLarge(options));
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > options.MaxRequestBytes)
            {
                return (null, TooLarge(options));
            }

            buffer.Write(chunk, 0, read);
        }

        ReadOnlySpan<byte> body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (UnicodeValidator.FindInvalidString(body) is { } invalid)
        {
            return (null, BadRequest($"'{invalid}' holds a string that is not valid Unicode (an unpaired surrogate escape, or bytes that are not UTF-8).", invalid));
        }

        try
        {
            T? request = JsonSerializer.Deserialize<T>(body, GatewayJson.Options);
            return request is null
                ? (null, BadRequest("The request body must be a JSON object."))
                : (request, null);
        }
        catch (JsonException ex)
        {
            return (null, BadRequest($"The request body is not valid JSON: {ex.Message}"));
        }
    }

    public static IResult BadRequest(string message, string? param = null) =>
        Results.Json(OpenAiError.InvalidRequest(message, param), GatewayJson.Options, statusCode: StatusCodes.Status400BadRequest);

    private static IResult TooLarge(GatewayOptions options) =>
        BadRequest($"The request body is larger than {options.MaxRequestBytes} bytes.");
}

using System;
using System.Buffers;
using System.IO.Pipelines;
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

        // The body is read through the request's pipe and parsed from its buffers (copied once into a pooled array when
        // Kestrel spread it over several), so a request allocates no body buffer of its own.
        PipeReader reader = http.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(http.RequestAborted);
            if (read.Buffer.Length > options.MaxRequestBytes)
            {
                reader.AdvanceTo(read.Buffer.End);
                return (null, TooLarge(options));
            }

            if (read.IsCompleted)
            {
                break;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        ReadOnlySequence<byte> sequence = read.Buffer;
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> body;
            if (sequence.IsSingleSegment)
            {
                body = sequence.FirstSpan;
            }
            else
            {
                rented = ArrayPool<byte>.Shared.Rent((int)sequence.Length);
                sequence.CopyTo(rented);
                body = rented.AsSpan(0, (int)sequence.Length);
            }

            return Parse<T>(body);
        }
        finally
        {
            reader.AdvanceTo(sequence.End);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static (T? Request, IResult? Error) Parse<T>(ReadOnlySpan<byte> body)
        where T : class
    {
        if (UnicodeValidator.FindInvalidString(body) is { } invalid)
        {
            return (null, BadRequest($"'{invalid}' holds a string that is not valid Unicode (an unpaired surrogate escape, or bytes that are not UTF-8).", invalid));
        }

        try
        {
            T? request = JsonSerializer.Deserialize(body, GatewayJson.Info<T>());
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
        Results.Json(OpenAiError.InvalidRequest(message, param), GatewayJson.Info<OpenAiError>(), statusCode: StatusCodes.Status400BadRequest);

    private static IResult TooLarge(GatewayOptions options) =>
        BadRequest($"The request body is larger than {options.MaxRequestBytes} bytes.");
}

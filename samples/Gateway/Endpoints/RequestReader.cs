using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using Gateway.Hosting;
using Gateway.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gateway.Endpoints;

/// <summary>
/// Reads a JSON body: a JSON content type (else 415), within the size limit (else 413), valid Unicode and valid JSON of
/// the contract's shape (else 400 naming the parameter). Names are case-sensitive and numbers are never read from strings,
/// as OpenAI reads them.
/// </summary>
internal static class RequestReader
{
    public static async Task<(T? Request, RequestError? Error)> ReadAsync<T>(HttpContext http, GatewayOptions options)
        where T : class
    {
        if (ContentTypeError(http.Request.ContentType) is { } unsupported)
        {
            return (null, unsupported);
        }

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

            return Parse(body, GatewayJson.Info<T>());
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

    private static (T? Request, RequestError? Error) Parse<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> contract)
        where T : class
    {
        if (UnicodeValidator.FindInvalidString(body) is { } invalid)
        {
            return (null, new RequestError($"'{invalid}' holds a string that is not valid Unicode (an unpaired surrogate escape, or bytes that are not UTF-8).", invalid, "invalid_value"));
        }

        try
        {
            T? request = JsonSerializer.Deserialize(body, contract);
            return request is null
                ? (null, new RequestError("The request body must be a JSON object.", null, "invalid_type"))
                : (request, null);
        }
        catch (JsonException ex)
        {
            return (null, JsonBodyErrors.Describe(body, ex, contract));
        }
    }

    /// <summary>Null for <c>application/json</c> (or any <c>+json</c> type) in UTF-8; a 415 for anything else, or none.</summary>
    private static RequestError? ContentTypeError(string? contentType)
    {
        if (contentType is not null
            && MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? media)
            && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
            && (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        string shown = contentType is null ? "none" : "'" + (contentType.Length <= 64 ? contentType : contentType[..64] + "…") + "'";
        return new RequestError(
            $"Unsupported content type: {shown}. This API only accepts 'application/json' request bodies in UTF-8; send the header 'Content-Type: application/json'.",
            null,
            "unsupported_content_type",
            StatusCodes.Status415UnsupportedMediaType);
    }

    private static RequestError TooLarge(GatewayOptions options) =>
        new($"The request body is larger than {options.MaxRequestBytes} bytes (Gateway:MaxRequestBytes).", null, "request_too_large", StatusCodes.Status413PayloadTooLarge);
}

using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.Validation;

/// <summary>
/// An embeddings request as OpenAI takes it (a non-empty string, or up to 2,048 strings or token arrays; dimensions up
/// to 3,072), and bounded so that one request cannot make an answer larger than <c>Gateway:MaxResponseBytes</c>.
/// </summary>
internal static class EmbeddingRequestRules
{
    public const int MaxInputs = 2048;
    public const int MaxDimensions = 3072;
    public const int MaxTokensPerInput = 8192;

    // A float written as JSON text takes up to about 12 bytes ("-0.12345678,"). The gateway asks the provider for floats
    // whatever the client wants (one cached entry serves both), so that is the answer it reads, even for a base64 client.
    private const double JsonBytesPerValue = 12;

    private static readonly string[] EncodingFormats = ["float", "base64"];

    /// <param name="request">The request.</param>
    /// <param name="allowUnknownFields">Whether fields the contract does not know go upstream instead of being refused.</param>
    /// <param name="defaultDimensions">The vector length when the request names none, when the upstream's is known (the built-in provider's); null otherwise.</param>
    /// <param name="maxResponseBytes">The largest answer the gateway writes.</param>
    public static RequestError? Check(EmbeddingRequest request, bool allowUnknownFields, int? defaultDimensions, long maxResponseBytes) =>
        (allowUnknownFields ? null : CommonRules.NoUnknownFields(request.Extra))
        ?? CommonRules.Model(request.Model)
        ?? Input(request.Input)
        ?? CommonRules.Range(request.Dimensions, 1, MaxDimensions, "dimensions")
        ?? CommonRules.OneOf(request.EncodingFormat, "encoding_format", EncodingFormats)
        ?? AnswerSize(request, defaultDimensions, maxResponseBytes);

    /// <summary>How many inputs a valid request holds.</summary>
    public static int CountInputs(JsonElement input) =>
        input.ValueKind == JsonValueKind.String || (input.ValueKind == JsonValueKind.Array && input.GetArrayLength() > 0 && input[0].ValueKind == JsonValueKind.Number)
            ? 1
            : input.GetArrayLength();

    private static RequestError? Input(JsonElement? input)
    {
        if (input is not { ValueKind: not JsonValueKind.Null } value)
        {
            return Invalid.Missing("input");
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return JsonRules.NonEmptyString(value, "input");
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return Invalid.Type("input", "one of a string, an array of strings, an array of integers or an array of arrays of integers", value);
        }

        int length = value.GetArrayLength();
        if (length == 0)
        {
            return Invalid.EmptyArray("input");
        }

        // One token array, or a list of strings or of token arrays; the first item tells which, and every item must agree.
        return value[0].ValueKind switch
        {
            JsonValueKind.Number => Tokens(value, "input"),
            JsonValueKind.String => length > MaxInputs ? Invalid.TooLong("input", MaxInputs, length) : JsonRules.Array(value, "input", MaxInputs, JsonRules.NonEmptyString),
            JsonValueKind.Array => length > MaxInputs ? Invalid.TooLong("input", MaxInputs, length) : JsonRules.Array(value, "input", MaxInputs, Tokens),
            _ => Invalid.Type("input[0]", "one of a string, an integer or an array of integers", value[0]),
        };
    }

    private static RequestError? Tokens(JsonElement tokens, string at)
    {
        if (tokens.ValueKind != JsonValueKind.Array)
        {
            return Invalid.Type(at, "an array of integers", tokens);
        }

        int length = tokens.GetArrayLength();
        if (length > MaxTokensPerInput)
        {
            return Invalid.TooLong(at, MaxTokensPerInput, length);
        }

        return JsonRules.Array(tokens, at, MaxTokensPerInput, static (token, tokenAt) =>
            token.ValueKind == JsonValueKind.Number && token.TryGetInt32(out int id) && id >= 0 ? null : Invalid.Type(tokenAt, "a non-negative integer", token));
    }

    private static RequestError? AnswerSize(EmbeddingRequest request, int? defaultDimensions, long maxResponseBytes)
    {
        if ((request.Dimensions ?? defaultDimensions) is not { } dimensions)
        {
            return null; // the upstream's answer is bounded as it is read
        }

        long values = (long)CountInputs(request.Input!.Value) * dimensions;
        double bytes = values * JsonBytesPerValue;
        return bytes <= maxResponseBytes
            ? null
            : Invalid.Value("input", $"the answer would hold {values} values (inputs x dimensions), about {(long)bytes} bytes, more than the {maxResponseBytes} bytes this gateway writes (Gateway:MaxResponseBytes): send fewer inputs or ask for fewer dimensions.");
    }
}

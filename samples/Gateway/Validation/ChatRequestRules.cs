using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.Validation;

/// <summary>
/// A chat completion request checked as strictly as OpenAI checks it, field by field, before any provider call or store:
/// a request OpenAI would refuse is never paid for, cached, or answered from the cache.
/// </summary>
internal static class ChatRequestRules
{
    public const int MaxChoices = 10;
    public const int MaxStopSequences = 4;
    public const int MaxMetadataPairs = 16;

    private static readonly HashSet<string> ResponseFormat = JsonRules.Set("type", "json_schema");
    private static readonly HashSet<string> JsonSchema = JsonRules.Set("name", "description", "schema", "strict");
    private static readonly HashSet<string> StreamOptions = JsonRules.Set("include_usage", "include_obfuscation");
    private static readonly HashSet<string> Prediction = JsonRules.Set("type", "content");
    private static readonly HashSet<string> Audio = JsonRules.Set("voice", "format");
    private static readonly HashSet<string> TextPart = JsonRules.Set("type", "text");
    private static readonly string[] ResponseFormats = ["text", "json_object", "json_schema"];
    private static readonly string[] Modalities = ["text", "audio"];
    private static readonly string[] AudioFormats = ["wav", "aac", "mp3", "flac", "opus", "pcm16"];
    private static readonly string[] ReasoningEfforts = ["none", "minimal", "low", "medium", "high", "xhigh"];
    private static readonly string[] ServiceTiers = ["auto", "default", "flex", "scale", "priority"];
    private static readonly string[] Verbosities = ["low", "medium", "high"];
    private static readonly string[] PredictionTypes = ["content"];
    private static readonly string[] TextType = ["text"];

    public static RequestError? Check(ChatCompletionRequest request, bool allowUnknownFields) =>
        (allowUnknownFields ? null : CommonRules.NoUnknownFields(request.Extra))
        ?? CommonRules.Model(request.Model)
        ?? MessageRules.Check(request.Messages, allowUnknownFields)
        ?? CommonRules.Range(request.N, 1, MaxChoices, "n")
        ?? CommonRules.Range(request.MaxTokens, 1, int.MaxValue, "max_tokens")
        ?? CommonRules.Range(request.MaxCompletionTokens, 1, int.MaxValue, "max_completion_tokens")
        ?? CommonRules.Range(request.Temperature, 0, 2, "temperature")
        ?? CommonRules.Range(request.TopP, 0, 1, "top_p")
        ?? CommonRules.Range(request.PresencePenalty, -2, 2, "presence_penalty")
        ?? CommonRules.Range(request.FrequencyPenalty, -2, 2, "frequency_penalty")
        ?? LogitBias(request.LogitBias)
        ?? CommonRules.Range(request.TopLogprobs, 0, 20, "top_logprobs")
        ?? (request.TopLogprobs is not null && request.Logprobs != true ? Invalid.OnlyWith("top_logprobs", "'logprobs' is true") : null)
        ?? Stop(request.Stop)
        ?? ToolRules.Tools(request.Tools)
        ?? ToolRules.ToolChoice(request.ToolChoice, request.Tools)
        ?? ToolRules.ParallelToolCalls(request.ParallelToolCalls, request.Tools)
        ?? ToolRules.Functions(request.Functions)
        ?? ToolRules.FunctionCall(request.FunctionCall, request.Functions)
        ?? ResponseFormatOf(request.ResponseFormat)
        ?? ModalitiesOf(request.Modalities)
        ?? (request.Audio is { ValueKind: not JsonValueKind.Null } audio ? AudioOf(audio) : null)
        ?? (request.Prediction is { ValueKind: not JsonValueKind.Null } prediction ? PredictionOf(prediction) : null)
        ?? CommonRules.OneOf(request.ReasoningEffort, "reasoning_effort", ReasoningEfforts)
        ?? CommonRules.OneOf(request.ServiceTier, "service_tier", ServiceTiers)
        ?? CommonRules.OneOf(request.Verbosity, "verbosity", Verbosities)
        ?? (request.WebSearchOptions is { ValueKind: not JsonValueKind.Null } search ? JsonRules.Object(search, "web_search_options") : null)
        ?? Metadata(request.Metadata)
        ?? StreamOptionsOf(request.StreamOptions, request.Stream == true);

    private static RequestError? LogitBias(IReadOnlyDictionary<string, double>? bias)
    {
        if (bias is null)
        {
            return null;
        }

        foreach ((string token, double value) in bias)
        {
            string at = "logit_bias." + token;
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return Invalid.Value("logit_bias", $"'{token}' is not a token id (a non-negative integer).");
            }

            if (CommonRules.Range(value, -100, 100, at) is { } outOfRange)
            {
                return outOfRange;
            }
        }

        return null;
    }

    private static RequestError? Stop(JsonElement? stop) => stop switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.String } => null,
        { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() > MaxStopSequences => Invalid.TooLong("stop", MaxStopSequences, array.GetArrayLength()),
        { ValueKind: JsonValueKind.Array } array => JsonRules.Array(array, "stop", MaxStopSequences, JsonRules.String),
        { } other => Invalid.Type("stop", "one of a string or an array of strings", other),
    };

    private static RequestError? ResponseFormatOf(JsonElement? format)
    {
        if (format is not { ValueKind: not JsonValueKind.Null } value)
        {
            return null;
        }

        RequestError? shape = JsonRules.ObjectOf(value, "response_format", ResponseFormat)
            ?? JsonRules.Required(value, "type", "response_format", static (type, at) => JsonRules.OneOf(type, at, ResponseFormats));
        if (shape is not null)
        {
            return shape;
        }

        bool isSchema = value.GetProperty("type").ValueEquals("json_schema");
        return isSchema
            ? JsonRules.Required(value, "json_schema", "response_format", static (schema, at) =>
                JsonRules.ObjectOf(schema, at, JsonSchema)
                ?? JsonRules.Required(schema, "name", at, JsonRules.FunctionName)
                ?? JsonRules.Optional(schema, "description", at, JsonRules.String)
                ?? JsonRules.Optional(schema, "schema", at, JsonRules.Object)
                ?? JsonRules.Optional(schema, "strict", at, JsonRules.Boolean))
            : value.TryGetProperty("json_schema", out _) ? Invalid.Unexpected("response_format", "json_schema") : null;
    }

    private static RequestError? ModalitiesOf(IReadOnlyList<string>? modalities)
    {
        if (modalities is null)
        {
            return null;
        }

        for (int i = 0; i < modalities.Count; i++)
        {
            if (CommonRules.OneOf(modalities[i], JsonRules.Index("modalities", i), Modalities) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static RequestError? AudioOf(JsonElement audio) =>
        JsonRules.ObjectOf(audio, "audio", Audio)
        ?? JsonRules.Required(audio, "voice", "audio", JsonRules.String)
        ?? JsonRules.Required(audio, "format", "audio", static (format, at) => JsonRules.OneOf(format, at, AudioFormats));

    private static RequestError? PredictionOf(JsonElement prediction) =>
        JsonRules.ObjectOf(prediction, "prediction", Prediction)
        ?? JsonRules.Required(prediction, "type", "prediction", static (type, at) => JsonRules.OneOf(type, at, PredictionTypes))
        ?? JsonRules.Required(prediction, "content", "prediction", static (content, at) => content.ValueKind == JsonValueKind.String
            ? null
            : JsonRules.Array(content, at, 1024, static (part, partAt) =>
                JsonRules.ObjectOf(part, partAt, TextPart)
                ?? JsonRules.Required(part, "type", partAt, static (type, typeAt) => JsonRules.OneOf(type, typeAt, TextType))
                ?? JsonRules.Required(part, "text", partAt, JsonRules.String)));

    private static RequestError? Metadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        if (metadata.Count > MaxMetadataPairs)
        {
            return Invalid.Value("metadata", $"at most {MaxMetadataPairs} key-value pairs are allowed, but got {metadata.Count}.");
        }

        foreach ((string key, string value) in metadata)
        {
            if (key.Length > 64)
            {
                return Invalid.StringTooLong("metadata", 64, key.Length);
            }

            if (value.Length > 512)
            {
                return Invalid.StringTooLong("metadata." + key, 512, value.Length);
            }
        }

        return null;
    }

    private static RequestError? StreamOptionsOf(JsonElement? options, bool streaming)
    {
        if (options is not { ValueKind: not JsonValueKind.Null } value)
        {
            return null;
        }

        if (!streaming)
        {
            return Invalid.OnlyWith("stream_options", "'stream' is true");
        }

        return JsonRules.ObjectOf(value, "stream_options", StreamOptions)
            ?? JsonRules.Optional(value, "include_usage", "stream_options", JsonRules.Boolean)
            ?? JsonRules.Optional(value, "include_obfuscation", "stream_options", JsonRules.Boolean);
    }
}

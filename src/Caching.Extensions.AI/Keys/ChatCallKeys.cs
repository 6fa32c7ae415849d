using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Caching.Extensions.AI.Keys;

/// <summary>
/// Every <see cref="ChatOptions"/> member that reaches the provider, as the key sees it. ChatOptions' own JSON contract
/// leaves the tools out (they are not serialized), so the options are mapped here member by member; messages are keyed
/// through their own JSON contract (role, author name, every <see cref="AIContent"/> by its type). Not keyed:
/// <see cref="ChatOptions.RawRepresentationFactory"/>, <see cref="ChatOptions.ContinuationToken"/> (a continuation, not a
/// request) and the model id (it is the key's model part). <see cref="ChatOptions.ConversationId"/> is always null here
/// (such a request bypasses the cache), and stays a member so that the keys of every other request stay as they were.
/// </summary>
internal sealed record ChatOptionsKey(
    string? Instructions,
    string? ConversationId,
    float? Temperature,
    float? TopP,
    int? TopK,
    int? MaxOutputTokens,
    float? FrequencyPenalty,
    float? PresencePenalty,
    long? Seed,
    IReadOnlyList<string>? StopSequences,
    ChatResponseFormat? ResponseFormat,
    ChatToolMode? ToolMode,
    bool? AllowMultipleToolCalls,
    bool? AllowBackgroundResponses,
    ReasoningOptions? Reasoning,
    IReadOnlyList<ToolKey>? Tools,
    IReadOnlyDictionary<string, object?>? AdditionalProperties)
{
    public static ChatOptionsKey? From(ChatOptions? options) => options is null
        ? null
        : new ChatOptionsKey(
            options.Instructions,
            options.ConversationId,
            options.Temperature,
            options.TopP,
            options.TopK,
            options.MaxOutputTokens,
            options.FrequencyPenalty,
            options.PresencePenalty,
            options.Seed,
            options.StopSequences is { } stops ? [.. stops] : null,
            options.ResponseFormat,
            options.ToolMode,
            options.AllowMultipleToolCalls,
            options.AllowBackgroundResponses,
            options.Reasoning,
            options.Tools is { } tools ? [.. tools.Select(ToolKey.From)] : null,
            options.AdditionalProperties);
}

/// <summary>A tool as the provider sees it: its kind, name, description and, for a function, its JSON schemas (order kept).</summary>
internal sealed record ToolKey(string Kind, string Name, string Description, JsonElement? JsonSchema, JsonElement? ReturnJsonSchema, IReadOnlyDictionary<string, object?>? AdditionalProperties)
{
    public static ToolKey From(AITool tool) => tool is AIFunctionDeclaration function
        ? new ToolKey(tool.GetType().FullName ?? tool.GetType().Name, tool.Name, tool.Description, function.JsonSchema, function.ReturnJsonSchema, tool.AdditionalProperties.Count == 0 ? null : tool.AdditionalProperties)
        : new ToolKey(tool.GetType().FullName ?? tool.GetType().Name, tool.Name, tool.Description, null, null, tool.AdditionalProperties.Count == 0 ? null : tool.AdditionalProperties);
}

/// <summary>The last message of a request as its semantic partition sees it: everything but its text.</summary>
internal sealed record LastTurnKey(string Role, string? AuthorName, IReadOnlyDictionary<string, object?>? AdditionalProperties);

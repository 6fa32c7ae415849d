using System.Collections.Generic;
using System.Text.Json;

namespace Gateway.Validation;

/// <summary>The tools of a chat request and how the model may call them (<c>tools</c>, <c>tool_choice</c>, and the older <c>functions</c>, <c>function_call</c>).</summary>
internal static class ToolRules
{
    public const int MaxTools = 128;

    private static readonly HashSet<string> Tool = JsonRules.Set("type", "function", "custom");
    private static readonly HashSet<string> FunctionDefinition = JsonRules.Set("name", "description", "parameters", "strict");
    private static readonly HashSet<string> CustomDefinition = JsonRules.Set("name", "description", "format");
    private static readonly HashSet<string> NamedChoice = JsonRules.Set("type", "function", "custom", "allowed_tools");
    private static readonly HashSet<string> NameOnly = JsonRules.Set("name");
    private static readonly HashSet<string> AllowedTools = JsonRules.Set("mode", "tools");
    private static readonly string[] ToolTypes = ["function", "custom"];
    private static readonly string[] ChoiceModes = ["none", "auto", "required"];
    private static readonly string[] ChoiceTypes = ["function", "custom", "allowed_tools"];
    private static readonly string[] AllowedModes = ["auto", "required"];
    private static readonly string[] FunctionCallModes = ["none", "auto"];

    public static RequestError? Tools(JsonElement? tools) =>
        tools is { ValueKind: not JsonValueKind.Null } value ? JsonRules.Array(value, "tools", MaxTools, ToolOf) : null;

    public static RequestError? ToolChoice(JsonElement? choice, JsonElement? tools)
    {
        if (choice is not { ValueKind: not JsonValueKind.Null } value)
        {
            return null;
        }

        if (tools is not { ValueKind: JsonValueKind.Array })
        {
            return Invalid.OnlyWith("tool_choice", "'tools' are specified");
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return JsonRules.OneOf(value, "tool_choice", ChoiceModes);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return Invalid.Type("tool_choice", "one of a string or an object", value);
        }

        RequestError? shape = JsonRules.ObjectOf(value, "tool_choice", NamedChoice)
            ?? JsonRules.Required(value, "type", "tool_choice", static (type, at) => JsonRules.OneOf(type, at, ChoiceTypes));
        if (shape is not null)
        {
            return shape;
        }

        string kind = value.GetProperty("type").GetString()!;
        return kind == "allowed_tools"
            ? JsonRules.Required(value, "allowed_tools", "tool_choice", static (allowed, at) =>
                JsonRules.ObjectOf(allowed, at, AllowedTools)
                ?? JsonRules.Required(allowed, "mode", at, static (mode, modeAt) => JsonRules.OneOf(mode, modeAt, AllowedModes))
                ?? JsonRules.Required(allowed, "tools", at, static (list, listAt) => JsonRules.Array(list, listAt, MaxTools, JsonRules.Object)))
            : JsonRules.Required(value, kind, "tool_choice", static (named, at) =>
                JsonRules.ObjectOf(named, at, NameOnly) ?? JsonRules.Required(named, "name", at, JsonRules.String));
    }

    public static RequestError? ParallelToolCalls(bool? parallel, JsonElement? tools) =>
        parallel is not null && tools is not { ValueKind: JsonValueKind.Array } ? Invalid.OnlyWith("parallel_tool_calls", "'tools' are specified") : null;

    /// <summary>The deprecated <c>functions</c> list: function definitions without the tool wrapper.</summary>
    public static RequestError? Functions(JsonElement? functions) =>
        functions is { ValueKind: not JsonValueKind.Null } value ? JsonRules.Array(value, "functions", MaxTools, FunctionOf) : null;

    public static RequestError? FunctionCall(JsonElement? call, JsonElement? functions)
    {
        if (call is not { ValueKind: not JsonValueKind.Null } value)
        {
            return null;
        }

        if (functions is not { ValueKind: JsonValueKind.Array })
        {
            return Invalid.OnlyWith("function_call", "'functions' are specified");
        }

        return value.ValueKind == JsonValueKind.String
            ? JsonRules.OneOf(value, "function_call", FunctionCallModes)
            : value.ValueKind == JsonValueKind.Object
                ? JsonRules.ObjectOf(value, "function_call", NameOnly) ?? JsonRules.Required(value, "name", "function_call", JsonRules.String)
                : Invalid.Type("function_call", "one of a string or an object", value);
    }

    private static RequestError? ToolOf(JsonElement tool, string at)
    {
        RequestError? shape = JsonRules.ObjectOf(tool, at, Tool)
            ?? JsonRules.Required(tool, "type", at, static (type, typeAt) => JsonRules.OneOf(type, typeAt, ToolTypes));
        if (shape is not null)
        {
            return shape;
        }

        return tool.GetProperty("type").ValueEquals("function")
            ? JsonRules.Required(tool, "function", at, FunctionOf)
            : JsonRules.Required(tool, "custom", at, static (custom, customAt) =>
                JsonRules.ObjectOf(custom, customAt, CustomDefinition)
                ?? JsonRules.Required(custom, "name", customAt, JsonRules.FunctionName)
                ?? JsonRules.Optional(custom, "description", customAt, JsonRules.String)
                ?? JsonRules.Optional(custom, "format", customAt, JsonRules.Object));
    }

    private static RequestError? FunctionOf(JsonElement function, string at) =>
        JsonRules.ObjectOf(function, at, FunctionDefinition)
        ?? JsonRules.Required(function, "name", at, JsonRules.FunctionName)
        ?? JsonRules.Optional(function, "description", at, JsonRules.String)
        ?? JsonRules.Optional(function, "parameters", at, JsonRules.Object)
        ?? JsonRules.Optional(function, "strict", at, JsonRules.Boolean);
}

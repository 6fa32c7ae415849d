using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace Gateway.Validation;

/// <summary>The errors validation reports, worded and coded as OpenAI's API words them.</summary>
internal static class Invalid
{
    public static RequestError Missing(string param) =>
        new($"Missing required parameter: '{param}'.", param, "missing_required_parameter");

    public static RequestError Type(string param, string expected, JsonElement actual) => Type(param, expected, JsonKinds.Describe(actual));

    public static RequestError Type(string param, string expected, string actual) =>
        new($"Invalid type for '{param}': expected {expected}, but got {actual} instead.", param, "invalid_type");

    public static RequestError Value(string param, string value, IEnumerable<string> supported) =>
        new($"Invalid value for '{param}': '{Shorten(value)}'. Supported values are: {Join(supported)}.", param, "invalid_value");

    public static RequestError Value(string param, string reason) =>
        new($"Invalid value for '{param}': {reason}", param, "invalid_value");

    public static RequestError Unknown(string param) =>
        new($"Unrecognized request argument supplied: {Shorten(param)}", param, "unknown_parameter");

    public static RequestError Unexpected(string param, string property) =>
        new($"Invalid '{param}': additional properties are not allowed ('{Shorten(property)}' was unexpected).", param + "." + property, "unknown_parameter");

    public static RequestError EmptyArray(string param) =>
        new($"Invalid '{param}': empty array. Expected an array with minimum length 1, but got an empty array instead.", param, "empty_array");

    public static RequestError TooLong(string param, int max, int length) =>
        new($"Invalid '{param}': array too long. Expected an array with maximum length {max}, but got an array with length {length} instead.", param, "array_above_max_length");

    public static RequestError StringTooLong(string param, int max, int length) =>
        new($"Invalid '{param}': string too long. Expected a string with maximum length {max}, but got a string with length {length} instead.", param, "string_above_max_length");

    public static RequestError EmptyString(string param) =>
        new($"Invalid '{param}': empty string. Expected a string with minimum length 1, but got an empty string instead.", param, "empty_string");

    public static RequestError Range(string param, double value, double min, double max, bool integer)
    {
        string kind = integer ? "integer" : "decimal";
        string bound = value < min ? "below minimum" : "above maximum";
        string expected = value < min ? ">= " + Number(min) : "<= " + Number(max);
        string code = kind + (value < min ? "_below_min_value" : "_above_max_value");
        return new($"Invalid '{param}': {kind} {bound} value. Expected a value {expected}, but got {Number(value)} instead.", param, code);
    }

    public static RequestError OnlyWith(string param, string requirement) =>
        new($"Invalid value for '{param}': '{param}' is only allowed when {requirement}.", param, "invalid_value");

    private static string Number(double value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    private static string Join(IEnumerable<string> values)
    {
        string[] quoted = values.Select(v => "'" + v + "'").ToArray();
        return quoted.Length <= 1 ? string.Concat(quoted) : string.Join(", ", quoted[..^1]) + " and " + quoted[^1];
    }

    /// <summary>Text from a client, cut so that an error body never echoes a megabyte back.</summary>
    private static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}

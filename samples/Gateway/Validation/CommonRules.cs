using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Gateway.Validation;

/// <summary>Checks every route shares: the model name, numeric ranges, enumerations and unknown fields.</summary>
internal static class CommonRules
{
    public const int MaxModelLength = 256;

    public static RequestError? Model(string? model)
    {
        if (model is null)
        {
            return Invalid.Missing("model");
        }

        if (string.IsNullOrWhiteSpace(model))
        {
            return Invalid.EmptyString("model");
        }

        if (model.Length > MaxModelLength)
        {
            return Invalid.StringTooLong("model", MaxModelLength, model.Length);
        }

        foreach (char c in model)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029')
            {
                return Invalid.Value("model", "the model name contains a control character.");
            }
        }

        return null;
    }

    /// <summary>The first field of the extension data: a name the contract does not know, refused as OpenAI refuses it.</summary>
    public static RequestError? NoUnknownFields(Dictionary<string, JsonElement>? extra)
    {
        if (extra is { Count: > 0 })
        {
            foreach (string name in extra.Keys)
            {
                return Invalid.Unknown(name);
            }
        }

        return null;
    }

    public static RequestError? Range(int? value, int min, int max, string param) =>
        value is { } v && (v < min || v > max) ? Invalid.Range(param, v, min, max, integer: true) : null;

    public static RequestError? Range(double? value, double min, double max, string param) =>
        value is { } v && !(v >= min && v <= max) ? Invalid.Range(param, v, min, max, integer: false) : null;

    public static RequestError? OneOf(string? value, string param, string[] supported) =>
        value is null || System.Array.IndexOf(supported, value) >= 0 ? null : Invalid.Value(param, value, supported);

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

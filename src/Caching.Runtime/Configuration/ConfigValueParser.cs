using System;
using System.Globalization;

namespace Caching;

/// <summary>Turns the text of one field into its value, with the error message every source shares.</summary>
internal static class ConfigValueParser
{
    public static CacheBackend ParseBackend(string field, string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "MEMORY" => CacheBackend.Memory,
        "REDIS" => CacheBackend.Redis,
        _ => throw CacheConfigException.For(field, text, "allowed values are \"memory\" and \"redis\""),
    };

    public static TimeSpan ParseDuration(string field, string? text, bool acceptTimeSpanFormat)
    {
        if (CacheDuration.TryParse(text, out TimeSpan duration, out string reason))
        {
            return duration;
        }

        if (acceptTimeSpanFormat
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan span)
            && span > TimeSpan.Zero)
        {
            return span;
        }

        string also = acceptTimeSpanFormat ? " or a positive TimeSpan such as \"01:30:00\"" : string.Empty;
        throw CacheConfigException.For(field, text, $"{reason}: expected {CacheDuration.GrammarDescription}{also}");
    }

    /// <summary>A duration that may also be zero ("0"), which turns the setting off.</summary>
    public static TimeSpan ParseDurationOrZero(string field, string? text, bool acceptTimeSpanFormat) =>
        text?.Trim() is "0" or "0s" or "0ms" ? TimeSpan.Zero : ParseDuration(field, text, acceptTimeSpanFormat);

    /// <summary>A fraction of a TTL: 0 (off) or a number between 0 and 1, such as 0.9.</summary>
    public static double ParseFraction(string field, string? text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) && value is >= 0 and < 1
            ? value
            : throw CacheConfigException.For(field, text, "expected 0 (off) or a fraction of the TTL below 1, such as 0.9");

    public const string SemanticThresholdGrammar = "expected a score above 0 and at most 1, such as 0.96 (the judge's scale: a cosine for the cosine judge)";

    public const string MemoryShareGrammar = "expected a fraction of max_memory above 0 and below 1, such as 0.25";

    public static double ParseSemanticThreshold(string field, string? text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) && value is > 0 and <= 1
            ? value
            : throw CacheConfigException.For(field, text, SemanticThresholdGrammar);

    public static double ParseMemoryShare(string field, string? text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) && value is > 0 and < 1
            ? value
            : throw CacheConfigException.For(field, text, MemoryShareGrammar);

    public static int ParseMaxSize(string field, long value)
    {
        if (value <= 0 || value > int.MaxValue)
        {
            throw CacheConfigException.For(field, value, $"expected a whole number of entries from 1 to {int.MaxValue}");
        }

        return (int)value;
    }

    public static int ParseMaxSize(string field, string? text)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw CacheConfigException.For(field, text, $"expected a whole number of entries from 1 to {int.MaxValue}");
        }

        return ParseMaxSize(field, value);
    }

    public static bool ParseBoolean(string field, string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "TRUE" => true,
        "FALSE" => false,
        _ => throw CacheConfigException.For(field, text, "expected true or false"),
    };

    public const string ByteSizeGrammar = "a size such as \"256MB\", \"512KB\", \"1GB\" or a number of bytes (KB, MB and GB are powers of 1024)";

    public static long ParseByteSize(string field, string? text)
    {
        string trimmed = text?.Trim() ?? string.Empty;
        long unit = 1;
        foreach ((string suffix, long factor) in new[] { ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1L) })
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                unit = factor;
                trimmed = trimmed[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count <= 0 || count > long.MaxValue / unit)
        {
            throw CacheConfigException.For(field, text, "expected " + ByteSizeGrammar);
        }

        return count * unit;
    }
}

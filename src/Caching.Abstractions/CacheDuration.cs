using System;
using System.Globalization;

// Compiled into the netstandard2.0 generator too, so it keeps to APIs that exist there.
#pragma warning disable CA1846

namespace Caching;

/// <summary>
/// The duration grammar shared by configuration and attributes: one or more <c>{integer}{unit}</c> parts with units
/// <c>d</c>, <c>h</c>, <c>m</c>, <c>s</c>, <c>ms</c>, each unit at most once and from largest to smallest
/// ("250ms", "90s", "30m", "1h", "1d", "1h30m"). The source generator compiles this same file to check TTL literals.
/// </summary>
public static class CacheDuration
{
    /// <summary>What the grammar allows, for error messages.</summary>
    public const string GrammarDescription =
        "a positive duration such as \"250ms\", \"90s\", \"30m\", \"1h\", \"1d\" or \"1h30m\" (units d, h, m, s, ms, largest first)";

    /// <summary>Parses a duration; false (with a reason) for anything outside the grammar, zero or negative.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        if (text is null || text.Trim().Length == 0)
        {
            error = "it is empty";
            return false;
        }

        string s = text.Trim();
        if (s[0] == '-')
        {
            error = "it is negative";
            return false;
        }

        long totalMilliseconds = 0;
        int lastRank = int.MaxValue;
        int i = 0;
        while (i < s.Length)
        {
            int numberStart = i;
            while (i < s.Length && s[i] >= '0' && s[i] <= '9')
            {
                i++;
            }

            if (i == numberStart)
            {
                error = $"expected a number at position {numberStart + 1}";
                return false;
            }

            if (!long.TryParse(s.Substring(numberStart, i - numberStart), NumberStyles.None, CultureInfo.InvariantCulture, out long amount))
            {
                error = "the number is too large";
                return false;
            }

            int unitStart = i;
            while (i < s.Length && char.IsLetter(s[i]))
            {
                i++;
            }

            string unit = s.Substring(unitStart, i - unitStart);
            if (!TryGetUnit(unit, out long unitMilliseconds, out int rank))
            {
                error = unit.Length == 0 ? "a number has no unit" : $"'{unit}' is not a unit";
                return false;
            }

            if (rank >= lastRank)
            {
                error = "units must each appear once, largest first";
                return false;
            }

            lastRank = rank;
            try
            {
                totalMilliseconds = checked(totalMilliseconds + checked(amount * unitMilliseconds));
            }
            catch (OverflowException)
            {
                error = "it is too long";
                return false;
            }
        }

        if (totalMilliseconds <= 0)
        {
            error = "it must be longer than zero";
            return false;
        }

        if (totalMilliseconds > (long)TimeSpan.MaxValue.TotalMilliseconds)
        {
            error = "it is too long";
            return false;
        }

        duration = TimeSpan.FromMilliseconds(totalMilliseconds);
        error = string.Empty;
        return true;
    }

    /// <summary>Formats a duration in the grammar (for example "1h30m"); the inverse of <see cref="TryParse"/>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A duration must be longer than zero.");
        }

        var builder = new System.Text.StringBuilder();
        long ms = (long)duration.TotalMilliseconds;
        Append(builder, ref ms, 86_400_000, "d");
        Append(builder, ref ms, 3_600_000, "h");
        Append(builder, ref ms, 60_000, "m");
        Append(builder, ref ms, 1_000, "s");
        Append(builder, ref ms, 1, "ms");
        return builder.ToString();
    }

    private static void Append(System.Text.StringBuilder builder, ref long ms, long unit, string suffix)
    {
        long amount = ms / unit;
        if (amount > 0)
        {
            builder.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(suffix);
            ms -= amount * unit;
        }
    }

    private static bool TryGetUnit(string unit, out long milliseconds, out int rank)
    {
        switch (unit)
        {
            case "d": milliseconds = 86_400_000; rank = 4; return true;
            case "h": milliseconds = 3_600_000; rank = 3; return true;
            case "m": milliseconds = 60_000; rank = 2; return true;
            case "s": milliseconds = 1_000; rank = 1; return true;
            case "ms": milliseconds = 1; rank = 0; return true;
            default: milliseconds = 0; rank = -1; return false;
        }
    }
}

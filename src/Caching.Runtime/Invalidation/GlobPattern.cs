using System;

namespace Caching;

/// <summary>
/// A glob over logical keys with Redis's semantics (<c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[^a]</c>, <c>[a-z]</c> and
/// <c>\</c> escapes), so that a pattern removes the same entries from memory as it does from Redis.
/// </summary>
internal sealed class GlobPattern
{
    public GlobPattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Text = pattern;
    }

    public string Text { get; }

    public bool IsMatch(string key) => Match(Text.AsSpan(), key.AsSpan());

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0;
        int t = 0;
        int starPattern = -1;
        int starText = -1;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                char c = pattern[p];
                if (c == '*')
                {
                    starPattern = ++p;
                    starText = t;
                    continue;
                }

                if (TryMatchOne(pattern, ref p, text[t]))
                {
                    t++;
                    continue;
                }
            }

            if (starPattern < 0)
            {
                return false;
            }

            p = starPattern;
            t = ++starText;
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Matches one pattern element (not '*') against one character; on success advances past the element.</summary>
    private static bool TryMatchOne(ReadOnlySpan<char> pattern, ref int p, char c)
    {
        char head = pattern[p];
        if (head == '?')
        {
            p++;
            return true;
        }

        if (head == '\\' && p + 1 < pattern.Length)
        {
            if (pattern[p + 1] == c)
            {
                p += 2;
                return true;
            }

            return false;
        }

        if (head == '[')
        {
            return TryMatchClass(pattern, ref p, c);
        }

        if (head == c)
        {
            p++;
            return true;
        }

        return false;
    }

    private static bool TryMatchClass(ReadOnlySpan<char> pattern, ref int p, char c)
    {
        int i = p + 1;
        bool negate = i < pattern.Length && pattern[i] == '^';
        if (negate)
        {
            i++;
        }

        bool matched = false;
        while (i < pattern.Length && pattern[i] != ']')
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length)
            {
                matched |= pattern[i + 1] == c;
                i += 2;
            }
            else if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                char low = pattern[i];
                char high = pattern[i + 2];
                if (low > high)
                {
                    (low, high) = (high, low);
                }

                matched |= c >= low && c <= high;
                i += 3;
            }
            else
            {
                matched |= pattern[i] == c;
                i++;
            }
        }

        // An unterminated class ends at the end of the pattern, as in Redis.
        p = i < pattern.Length ? i + 1 : i;
        return matched != negate;
    }
}

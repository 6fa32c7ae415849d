using System;
using System.Globalization;
using Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gateway.Endpoints;

/// <summary>
/// The request's <c>Cache-Control</c> parsed as RFC 9111 directives (names case-insensitive, arguments as tokens or
/// quoted strings, every header line), not matched as substrings; <c>Pragma: no-cache</c> counts only without
/// <c>Cache-Control</c>, as RFC 9111 section 5.4 has it. <c>stale-if-error=N</c> (RFC 5861) bounds how stale an answer
/// served in place of a failing provider may be; 0 refuses stale answers.
/// </summary>
internal readonly record struct HttpCacheDirectives(bool NoStore, bool NoCache, TimeSpan? MaxAge, bool OnlyIfCached, TimeSpan? StaleIfError = null)
{
    /// <summary>The largest delta-seconds a cache must accept (RFC 9111 section 1.2.2); larger values read as this.</summary>
    private const long MaxDeltaSeconds = 2_147_483_648;

    /// <summary>only-if-cached together with a directive that forbids using what is cached: nothing can be answered.</summary>
    public bool Unsatisfiable => OnlyIfCached && (NoStore || NoCache || MaxAge == TimeSpan.Zero);

    public static HttpCacheDirectives Parse(HttpRequest request)
    {
        StringValues cacheControl = request.Headers.CacheControl;
        if (cacheControl.Count == 0)
        {
            return new HttpCacheDirectives(false, HasPragmaNoCache(request.Headers.Pragma), null, false);

        }

        bool noStore = false, noCache = false, onlyIfCached = false;
        TimeSpan? maxAge = null, staleIfError = null;
        foreach (string? line in cacheControl)
        {
            foreach ((string name, string? argument) in Directives(line ?? string.Empty))
            {
                if (name.Equals("no-store", StringComparison.OrdinalIgnoreCase))
                {
                    noStore = true;
                }
                else if (name.Equals("no-cache", StringComparison.OrdinalIgnoreCase))
                {
                    noCache = true;
                }
                else if (name.Equals("only-if-cached", StringComparison.OrdinalIgnoreCase))
                {
                    onlyIfCached = true;
                }
                else if (name.Equals("max-age", StringComparison.OrdinalIgnoreCase) && DeltaSeconds(argument) is { } seconds)
                {
                    // Two max-age directives: the stricter one wins.
                    maxAge = maxAge is { } earlier && earlier < seconds ? earlier : seconds;
                }
                else if (name.Equals("stale-if-error", StringComparison.OrdinalIgnoreCase) && DeltaSeconds(argument) is { } staleSeconds)
                {
                    staleIfError = staleIfError is { } earlier && earlier < staleSeconds ? earlier : staleSeconds;
                }
            }
        }

        return new HttpCacheDirectives(noStore, noCache, maxAge, onlyIfCached, staleIfError);
    }

    /// <summary>What the cache is asked to do: max-age=0 is a refresh, as no-cache is.</summary>
    public CacheDirectives ToCache(bool bypass) => new()
    {
        Mode = bypass || NoStore ? CacheReadMode.NoStore : NoCache || MaxAge == TimeSpan.Zero ? CacheReadMode.Refresh : CacheReadMode.Normal,
        MaxAge = MaxAge is { } age && age > TimeSpan.Zero ? age : null,
        OnlyIfCached = OnlyIfCached,
        StaleIfError = StaleIfError,
    };

    private static bool HasPragmaNoCache(StringValues pragma)
    {
        foreach (string? line in pragma)
        {
            foreach ((string name, _) in Directives(line ?? string.Empty))
            {
                if (name.Equals("no-cache", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static TimeSpan? DeltaSeconds(string? argument)
    {
        if (argument is not { Length: > 0 } || !argument.AsSpan().ContainsOnlyDigits())
        {
            return null; // not delta-seconds: the directive is ignored
        }

        long seconds = argument.Length > 10 || !long.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed) || parsed > MaxDeltaSeconds
            ? MaxDeltaSeconds
            : parsed;
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The directives of one header line: <c>name</c> or <c>name=token</c> or <c>name="quoted"</c>, comma-separated.</summary>
    private static System.Collections.Generic.IEnumerable<(string Name, string? Argument)> Directives(string line)
    {
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && (line[i] is ',' or ' ' or '\t'))
            {
                i++;
            }

            int nameStart = i;
            while (i < line.Length && line[i] is not ('=' or ',' or ' ' or '\t' or ';'))
            {
                i++;
            }

            string name = line[nameStart..i];
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            string? argument = null;
            if (i < line.Length && line[i] == '=')
            {
                i++;
                while (i < line.Length && line[i] is ' ' or '\t')
                {
                    i++;
                }

                if (i < line.Length && line[i] == '"')
                {
                    var quoted = new System.Text.StringBuilder();
                    i++;
                    while (i < line.Length && line[i] != '"')
                    {
                        if (line[i] == '\\' && i + 1 < line.Length)
                        {
                            i++;
                        }

                        quoted.Append(line[i++]);
                    }

                    i++;
                    argument = quoted.ToString();
                }
                else
                {
                    int argumentStart = i;
                    while (i < line.Length && line[i] is not (',' or ' ' or '\t'))
                    {
                        i++;
                    }

                    argument = line[argumentStart..i];
                }
            }

            // Anything else up to the next comma does not belong to a valid directive.
            while (i < line.Length && line[i] != ',')
            {
                i++;
            }

            if (name.Length > 0)
            {
                yield return (name, argument);
            }
        }
    }
}

internal static class SpanDigits
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');
}

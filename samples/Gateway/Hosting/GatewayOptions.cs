using System;
using System.Globalization;
using Caching;
using Microsoft.Extensions.Configuration;

namespace Gateway.Hosting;

/// <summary>The gateway's own settings (section "Gateway"); the cache's are in "Cache" or a TOML file.</summary>
public sealed class GatewayOptions
{
    /// <summary>"local" (default: a deterministic provider, no network) or "openai" (any OpenAI-compatible API).</summary>
    public string Upstream { get; init; } = "local";

    public Uri UpstreamBaseUrl { get; init; } = new("https://api.openai.com/v1/");

    public string? UpstreamApiKey { get; init; }

    /// <summary>How long the local provider takes to answer, to stand in for a real one.</summary>
    public TimeSpan LocalLatency { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The largest request body accepted; larger ones get a 413.</summary>
    public int MaxRequestBytes { get; init; } = 1_048_576;

    /// <summary>
    /// The largest answer the gateway writes or reads from the upstream (default 16 MB): an embeddings request whose answer
    /// would be larger is refused before any provider call, and a larger upstream answer is a 502.
    /// </summary>
    public long MaxResponseBytes { get; init; } = 16L << 20;

    /// <summary>
    /// Whether request fields OpenAI does not define are sent upstream (and keyed) instead of refused with a 400 as OpenAI
    /// refuses them. Default false; turn it on in front of an upstream that takes more (vLLM's <c>top_k</c>, say).
    /// </summary>
    public bool AllowUnknownFields { get; init; }

    /// <summary>
    /// Whether sampled chat requests (temperature above 0, or top_p below 1, or either left to its default) are cached.
    /// Default true: a repeat gets the answer the first request got rather than a new sample. False: only requests with
    /// temperature 0 (or top_p 0) are cached, and the others go to the provider every time (answered BYPASS).
    /// </summary>
    public bool CacheSampledRequests { get; init; } = true;

    /// <summary>
    /// Whether the end user (<c>user</c>, or <c>safety_identifier</c>) separates answers: default false, so end users of
    /// one gateway share answers; true keys each end user's answers apart (their scope is the user id).
    /// </summary>
    public bool KeyByEndUser { get; init; }

    /// <summary>
    /// Whether a chat request with <c>store: true</c> bypasses the cache (default true), so that the provider sees, and
    /// stores, every request that asks to be stored.
    /// </summary>
    public bool BypassCacheWhenStored { get; init; } = true;

    /// <summary>A TOML file with a [cache] table; when set it replaces the "Cache" section.</summary>
    public string? CacheConfigFile { get; init; }

    public static GatewayOptions From(IConfiguration configuration)
    {
        IConfigurationSection section = configuration.GetSection("Gateway");
        string upstream = (section["Upstream"] ?? "local").Trim().ToLowerInvariant();
        if (upstream is not ("local" or "openai"))
        {
            throw Bad("Upstream", upstream, "allowed values are \"local\" and \"openai\"");
        }

        string baseUrl = section["UpstreamBaseUrl"] ?? "https://api.openai.com/v1/";
        if (!Uri.TryCreate(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute, out Uri? baseUri))
        {
            throw Bad("UpstreamBaseUrl", baseUrl, "expected an absolute URL");
        }

        TimeSpan latency = section["LocalLatency"] is { } text
            ? (CacheDuration.TryParse(text, out TimeSpan d, out _) ? d : text.Trim() is "0" or "0ms" ? TimeSpan.Zero
                : throw Bad("LocalLatency", text, CacheDuration.GrammarDescription + ", or \"0\""))
            : TimeSpan.FromMilliseconds(300);

        return new GatewayOptions
        {
            Upstream = upstream,
            UpstreamBaseUrl = baseUri,
            UpstreamApiKey = section["UpstreamApiKey"],
            LocalLatency = latency,
            MaxRequestBytes = (int)Bytes(section, "MaxRequestBytes", 1_048_576, int.MaxValue),
            MaxResponseBytes = Bytes(section, "MaxResponseBytes", 16L << 20, long.MaxValue),
            AllowUnknownFields = Flag(section, "AllowUnknownFields", false),
            CacheSampledRequests = Flag(section, "CacheSampledRequests", true),
            KeyByEndUser = Flag(section, "KeyByEndUser", false),
            BypassCacheWhenStored = Flag(section, "BypassCacheWhenStored", true),
            CacheConfigFile = section["CacheConfigFile"],
        };
    }

    /// <summary>Removes the upstream key from text that is about to leave the gateway.</summary>
    public string Redact(string text) =>
        string.IsNullOrEmpty(UpstreamApiKey) ? text : text.Replace(UpstreamApiKey, "***", StringComparison.Ordinal);

    /// <summary>A true/false setting of <paramref name="section"/>; a bad one stops start-up naming its full path.</summary>
    internal static bool Flag(IConfigurationSection section, string name, bool fallback) => section[name] switch
    {
        null => fallback,
        { } text when bool.TryParse(text.Trim(), out bool value) => value,
        { } text => throw new CacheConfigException($"Gateway configuration field '{section.Path}:{name}' has \"{text}\"; expected true or false."),
    };

    /// <summary>A byte count: a number, or a number with KB, MB or GB.</summary>
    private static long Bytes(IConfigurationSection section, string name, long fallback, long max)
    {
        if (section[name] is not { } text)
        {
            return fallback;
        }

        string trimmed = text.Trim();
        long unit = 1;
        foreach ((string suffix, long size) in new[] { ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30) })
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                unit = size;
                trimmed = trimmed[..^suffix.Length].TrimEnd();
                break;
            }
        }

        return long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out long count) && count > 0 && count <= max / unit
            ? count * unit
            : throw Bad(name, text, "expected a positive number of bytes, such as 1048576 or 16MB");
    }

    private static CacheConfigException Bad(string name, string value, string expected) =>
        new($"Gateway configuration field 'Gateway:{name}' has \"{value}\"; {expected}.");
}

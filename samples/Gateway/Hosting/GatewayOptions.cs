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

    /// <summary>The largest request body accepted; larger ones get a 400.</summary>
    public int MaxRequestBytes { get; init; } = 1_048_576;

    /// <summary>A TOML file with the seed's [cache] table; when set it replaces the "Cache" section.</summary>
    public string? CacheConfigFile { get; init; }

    public static GatewayOptions From(IConfiguration configuration)
    {
        IConfigurationSection section = configuration.GetSection("Gateway");
        string upstream = (section["Upstream"] ?? "local").Trim().ToLowerInvariant();
        if (upstream is not ("local" or "openai"))
        {
            throw new CacheConfigException($"Gateway configuration field 'Gateway:Upstream' has \"{upstream}\"; allowed values are \"local\" and \"openai\".");
        }

        string baseUrl = section["UpstreamBaseUrl"] ?? "https://api.openai.com/v1/";
        if (!Uri.TryCreate(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute, out Uri? baseUri))
        {
            throw new CacheConfigException($"Gateway configuration field 'Gateway:UpstreamBaseUrl' has \"{baseUrl}\"; expected an absolute URL.");
        }

        int maxBytes = int.TryParse(section["MaxRequestBytes"], NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) ? parsed : 1_048_576;
        TimeSpan latency = section["LocalLatency"] is { } text
            ? (CacheDuration.TryParse(text, out TimeSpan d, out _) ? d : text.Trim() is "0" or "0ms" ? TimeSpan.Zero
                : throw new CacheConfigException($"Gateway configuration field 'Gateway:LocalLatency' has \"{text}\"; {CacheDuration.GrammarDescription}, or \"0\"."))
            : TimeSpan.FromMilliseconds(300);

        return new GatewayOptions
        {
            Upstream = upstream,
            UpstreamBaseUrl = baseUri,
            UpstreamApiKey = section["UpstreamApiKey"],
            LocalLatency = latency,
            MaxRequestBytes = maxBytes,
            CacheConfigFile = section["CacheConfigFile"],
        };
    }

    /// <summary>Removes the upstream key from text that is about to leave the gateway.</summary>
    public string Redact(string text) =>
        string.IsNullOrEmpty(UpstreamApiKey) ? text : text.Replace(UpstreamApiKey, "***", StringComparison.Ordinal);
}

using System;
using System.Collections.Generic;
using Tomlyn;
using Tomlyn.Model;

namespace Caching;

/// <summary>Reads the seed's <c>[cache]</c> TOML table.</summary>
internal static class TomlConfigReader
{
    public static CacheConfig Read(string toml)
    {
        ArgumentNullException.ThrowIfNull(toml);
        ConfigFieldNames names = ConfigFieldNames.Toml;
        TomlTable document;
        try
        {
            document = TomlSerializer.Deserialize(toml, TomlDocumentContext.Default.TomlTable)
                ?? throw new CacheConfigException("The cache configuration is not a TOML document.");
        }
        catch (TomlException ex)
        {
            throw new CacheConfigException($"The cache configuration is not valid TOML: {ex.Message}", ex);
        }

        if (!document.TryGetValue(names.Section, out object? sectionValue) || sectionValue is not TomlTable section)
        {
            throw new CacheConfigException($"The cache configuration has no [{names.Section}] table.") { Field = names.Section };
        }

        var config = new CacheConfig();
        foreach (KeyValuePair<string, object> field in section)
        {
            Apply(config, names, field.Key, field.Value);
        }

        config.Validate(names);
        return config;
    }

    private static void Apply(CacheConfig config, ConfigFieldNames names, string key, object value)
    {
        switch (key)
        {
            case "enabled":
                config.Enabled = value is bool enabled ? enabled : throw CacheConfigException.For(key, value, "expected true or false");
                break;
            case "backend":
                config.Backend = ConfigValueParser.ParseBackend(key, RequireString(key, value, "\"memory\" or \"redis\""));
                break;
            case "redis_url":
                config.RedisUrl = RequireString(key, value, "a StackExchange.Redis connection string such as \"localhost:6379\"");
                break;
            case "redis_timeout":
                config.RedisTimeout = ConfigValueParser.ParseDuration(key, RequireString(key, value, CacheDuration.GrammarDescription), acceptTimeSpanFormat: false);
                break;
            case "ttl":
            case "l1_ttl":
            case "redis_scan_timeout":
                TimeSpan duration = ConfigValueParser.ParseDuration(key, RequireString(key, value, CacheDuration.GrammarDescription), acceptTimeSpanFormat: false);
                if (key == "ttl")
                {
                    config.Ttl = duration;
                }
                else if (key == "l1_ttl")
                {
                    config.L1Ttl = duration;
                }
                else
                {
                    config.RedisScanTimeout = duration;
                }

                break;
            case "stale_if_error":
            case "provider_soft_timeout":
            case "provider_hard_timeout":
                TimeSpan span = ConfigValueParser.ParseDurationOrZero(key, RequireString(key, value, CacheDuration.GrammarDescription + ", or \"0\""), acceptTimeSpanFormat: false);
                if (key == "stale_if_error")
                {
                    config.StaleIfError = span;
                }
                else if (key == "provider_soft_timeout")
                {
                    config.ProviderSoftTimeout = span;
                }
                else
                {
                    config.ProviderHardTimeout = span;
                }

                break;
            case "eager_refresh":
                config.EagerRefresh = value switch
                {
                    double fraction => ConfigValueParser.ParseFraction(key, fraction.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    long whole => ConfigValueParser.ParseFraction(key, whole.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    _ => throw CacheConfigException.For(key, value, "expected 0 (off) or a fraction of the TTL below 1, such as 0.9"),
                };
                break;
            case "semantic_enabled":
                config.SemanticEnabled = value is bool semanticEnabled ? semanticEnabled : throw CacheConfigException.For(key, value, "expected true or false");
                break;
            case "semantic_embedder":
                config.SemanticEmbedderName = RequireString(key, value, "the name of the embedder the host should use, such as \"local\"");
                break;
            case "semantic_threshold":
                config.SemanticThreshold = ConfigValueParser.ParseSemanticThreshold(key, NumberText(key, value, ConfigValueParser.SemanticThresholdGrammar));
                break;
            case "semantic_memory_share":
                config.SemanticMemoryShare = ConfigValueParser.ParseMemoryShare(key, NumberText(key, value, ConfigValueParser.MemoryShareGrammar));
                break;
            case "backplane":
                config.Backplane = value is bool backplane ? backplane : throw CacheConfigException.For(key, value, "expected true or false");
                break;
            case "max_size":
                config.MaxSize = value is long size
                    ? ConfigValueParser.ParseMaxSize(key, size)
                    : throw CacheConfigException.For(key, value, $"expected a whole number of entries from 1 to {int.MaxValue}");
                break;
            case "max_memory":
            case "max_entry_size":
                long bytes = value switch
                {
                    long number => number > 0 ? number : throw CacheConfigException.For(key, value, "expected " + ConfigValueParser.ByteSizeGrammar),
                    string text => ConfigValueParser.ParseByteSize(key, text),
                    _ => throw CacheConfigException.For(key, value, "expected " + ConfigValueParser.ByteSizeGrammar),
                };
                if (key == "max_memory")
                {
                    config.MaxMemory = bytes;
                }
                else
                {
                    config.MaxEntrySize = bytes;
                }

                break;
            case "redis_connect_timeout":
                string connectText = RequireString(key, value, CacheDuration.GrammarDescription);
                config.RedisConnectTimeout = connectText.Trim() == "0" ? TimeSpan.Zero : ConfigValueParser.ParseDuration(key, connectText, acceptTimeSpanFormat: false);
                break;
            case "max_stream_elements":
                config.MaxStreamElements = value is long elements and > 0 and <= int.MaxValue
                    ? (int)elements
                    : throw CacheConfigException.For(key, value, $"expected a whole number of elements from 1 to {int.MaxValue}");
                break;
            case "namespace":
                config.Namespace = RequireString(key, value, "a name of letters, digits, '_', '.' and '-'");
                break;
            case "admin_key":
                config.AdminKey = RequireString(key, value, "a secret string");
                break;
            default:
                throw new CacheConfigException(
                    $"Cache configuration field '{key}' in [{names.Section}] is unknown; known fields are {string.Join(", ", names.All)}.")
                {
                    Field = key,
                };
        }
    }

    private static string NumberText(string key, object value, string allowed) => value switch
    {
        double fraction => fraction.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        long whole => whole.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw CacheConfigException.For(key, value, "expected " + allowed),
    };

    private static string RequireString(string key, object value, string allowed) =>
        value as string ?? throw CacheConfigException.For(key, value, $"expected a string: {allowed}");
}

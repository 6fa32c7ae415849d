using System;
using Microsoft.Extensions.Configuration;

namespace Caching;

/// <summary>Reads a "Cache" section of <see cref="IConfiguration"/> with the PascalCase names of <see cref="CacheConfig"/>.</summary>
internal static class ConfigurationReader
{
    public static CacheConfig Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ConfigFieldNames names = ConfigFieldNames.Configuration;
        IConfiguration section = configuration is IConfigurationSection { Key: var key } && string.Equals(key, names.Section, StringComparison.OrdinalIgnoreCase)
            ? configuration
            : configuration.GetSection(names.Section);

        var config = new CacheConfig();
        foreach (IConfigurationSection field in section.GetChildren())
        {
            Apply(config, names, field);
        }

        config.Validate(names);
        return config;
    }

    private const string SemanticSection = "Semantic";

    /// <summary>The "Semantic" subsection: Enabled, Embedder, Threshold, MemoryShare.</summary>
    private static void ApplySemantic(CacheConfig config, ConfigFieldNames names, IConfigurationSection field)
    {
        string path = field.Path;
        string? text = field.Value;
        switch (SemanticSection + ":" + field.Key)
        {
            case var n when n.Equals(names.SemanticEnabled, StringComparison.OrdinalIgnoreCase):
                config.SemanticEnabled = text is "" ? null : ConfigValueParser.ParseBoolean(path, text);
                break;
            case var n when n.Equals(names.SemanticEmbedder, StringComparison.OrdinalIgnoreCase):
                config.SemanticEmbedderName = text is "" ? null : text;
                break;
            case var n when n.Equals(names.SemanticThreshold, StringComparison.OrdinalIgnoreCase):
                config.SemanticThreshold = text is "" ? null : ConfigValueParser.ParseSemanticThreshold(path, text);
                break;
            case var n when n.Equals(names.SemanticMemoryShare, StringComparison.OrdinalIgnoreCase):
                config.SemanticMemoryShare = ConfigValueParser.ParseMemoryShare(path, text);
                break;
            default:
                throw new CacheConfigException($"Cache configuration field '{path}' is unknown; known fields are {string.Join(", ", names.All)}.")
                {
                    Field = path,
                };
        }
    }

    private static void Apply(CacheConfig config, ConfigFieldNames names, IConfigurationSection field)
    {
        string path = field.Path;
        string? text = field.Value;
        string name = field.Key;
        if (name.Equals(names.Enabled, StringComparison.OrdinalIgnoreCase))
        {
            config.Enabled = ConfigValueParser.ParseBoolean(path, text);
        }
        else if (name.Equals(names.Backend, StringComparison.OrdinalIgnoreCase))
        {
            config.Backend = ConfigValueParser.ParseBackend(path, text);
        }
        else if (name.Equals(names.RedisUrl, StringComparison.OrdinalIgnoreCase))
        {
            config.RedisUrl = text;
        }
        else if (name.Equals(names.RedisTimeout, StringComparison.OrdinalIgnoreCase))
        {
            config.RedisTimeout = ConfigValueParser.ParseDuration(path, text, acceptTimeSpanFormat: true);
        }
        else if (name.Equals(names.Ttl, StringComparison.OrdinalIgnoreCase))
        {
            config.Ttl = ConfigValueParser.ParseDuration(path, text, acceptTimeSpanFormat: true);
        }
        else if (name.Equals(names.L1Ttl, StringComparison.OrdinalIgnoreCase))
        {
            config.L1Ttl = ConfigValueParser.ParseDuration(path, text, acceptTimeSpanFormat: true);
        }
        else if (name.Equals(names.StaleIfError, StringComparison.OrdinalIgnoreCase))
        {
            config.StaleIfError = ConfigValueParser.ParseDurationOrZero(path, text, acceptTimeSpanFormat: true);
        }
        else if (name.Equals(names.ProviderSoftTimeout, StringComparison.OrdinalIgnoreCase))
        {
            config.ProviderSoftTimeout = ConfigValueParser.ParseDurationOrZero(path, text, acceptTimeSpanFormat: true);
        }
        else if (name.Equals(names.ProviderHardTimeout, StringComparison.OrdinalIgnoreCase))
        {
            config.ProviderHardTimeout = ConfigValueParser.ParseDurationOrZero(path, text, acceptTimeSpanFormat: true);
        }
        else if (name.Equals(names.EagerRefresh, StringComparison.OrdinalIgnoreCase))
        {
            config.EagerRefresh = ConfigValueParser.ParseFraction(path, text);
        }
        else if (name.Equals(SemanticSection, StringComparison.OrdinalIgnoreCase) && text is null)
        {
            foreach (IConfigurationSection semantic in field.GetChildren())
            {
                ApplySemantic(config, names, semantic);
            }
        }
        else if (name.Equals(names.RedisScanTimeout, StringComparison.OrdinalIgnoreCase))
        {
            config.RedisScanTimeout = ConfigValueParser.ParseDuration(path, text, acceptTimeSpanFormat: true);
        }
        else if (name.Equals(names.Backplane, StringComparison.OrdinalIgnoreCase))
        {
            config.Backplane = ConfigValueParser.ParseBoolean(path, text);
        }
        else if (name.Equals(names.MaxSize, StringComparison.OrdinalIgnoreCase))
        {
            config.MaxSize = ConfigValueParser.ParseMaxSize(path, text);
        }
        else if (name.Equals(names.MaxMemory, StringComparison.OrdinalIgnoreCase))
        {
            config.MaxMemory = ConfigValueParser.ParseByteSize(path, text);
        }
        else if (name.Equals(names.MaxEntrySize, StringComparison.OrdinalIgnoreCase))
        {
            config.MaxEntrySize = ConfigValueParser.ParseByteSize(path, text);
        }
        else if (name.Equals(names.RedisConnectTimeout, StringComparison.OrdinalIgnoreCase))
        {
            config.RedisConnectTimeout = text?.Trim() == "0" ? TimeSpan.Zero : ConfigValueParser.ParseDuration(path, text, acceptTimeSpanFormat: true);
        }
        else if (name.Equals(names.MaxStreamElements, StringComparison.OrdinalIgnoreCase))
        {
            config.MaxStreamElements = ConfigValueParser.ParseMaxSize(path, text);
        }
        else if (name.Equals(names.Namespace, StringComparison.OrdinalIgnoreCase))
        {
            config.Namespace = text ?? string.Empty;
        }
        else if (name.Equals(names.AdminKey, StringComparison.OrdinalIgnoreCase))
        {
            // An empty value is how a command line or environment variable removes a key set in appsettings.json: no admin key.
            config.AdminKey = text is "" ? null : text;
        }
        else
        {
            throw new CacheConfigException($"Cache configuration field '{path}' is unknown; known fields are {string.Join(", ", names.All)}.")
            {
                Field = path,
            };
        }
    }
}

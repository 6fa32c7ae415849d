using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;

namespace Caching.Tests.Configuration;

public class CacheConfigConfigurationTests
{
    private static IConfiguration Build(params (string Key, string Value)[] values)
    {
        var pairs = new Dictionary<string, string?>();
        foreach ((string key, string value) in values)
        {
            pairs[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(pairs).Build();
    }

    [Fact]
    public void Binds_the_cache_section_with_pascal_case_names()
    {
        CacheConfig config = CacheConfig.FromConfiguration(Build(
            ("Cache:Enabled", "false"),
            ("Cache:Backend", "Redis"),
            ("Cache:RedisUrl", "localhost:6379"),
            ("Cache:Ttl", "10m"),
            ("Cache:MaxSize", "42"),
            ("Cache:Namespace", "gw"),
            ("Cache:AdminKey", "k"),
            ("Other:Thing", "ignored")));

        Assert.False(config.Enabled);
        Assert.Equal(CacheBackend.Redis, config.Backend);
        Assert.Equal(TimeSpan.FromMinutes(10), config.Ttl);
        Assert.Equal(42, config.MaxSize);
        Assert.Equal("gw", config.Namespace);
        Assert.Equal("k", config.AdminKey);
    }

    [Fact]
    public void Accepts_the_section_itself_and_timespan_text()
    {
        IConfiguration root = Build(("Cache:Ttl", "00:05:00"));
        CacheConfig config = CacheConfig.FromConfiguration(root.GetSection("Cache"));
        Assert.Equal(TimeSpan.FromMinutes(5), config.Ttl);
    }

    [Theory]
    [InlineData("Cache:Backend", "memcached", "Cache:Backend")]
    [InlineData("Cache:Ttl", "1x", "Cache:Ttl")]
    [InlineData("Cache:Ttl", "-5m", "Cache:Ttl")]
    [InlineData("Cache:MaxSize", "0", "Cache:MaxSize")]
    [InlineData("Cache:MaxSize", "lots", "Cache:MaxSize")]
    [InlineData("Cache:Enabled", "maybe", "Cache:Enabled")]
    [InlineData("Cache:TimeToLive", "1h", "Cache:TimeToLive")]
    [InlineData("Cache:Backend", "redis", "RedisUrl")]
    public void Bad_values_throw_naming_the_field(string key, string value, string field)
    {
        CacheConfigException ex = Assert.Throws<CacheConfigException>(() => CacheConfig.FromConfiguration(Build((key, value))));
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_built_config_is_validated_too()
    {
        var config = new CacheConfig { MaxSize = -1 };
        CacheConfigException ex = Assert.Throws<CacheConfigException>(config.Validate);
        Assert.Equal(nameof(CacheConfig.MaxSize), ex.Field);
    }

    [Fact]
    public void Memory_bounds_and_connect_timeout_are_read_from_configuration()
    {
        CacheConfig config = CacheConfig.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cache:MaxMemory"] = "64MB",
            ["Cache:MaxEntrySize"] = "128KB",
            ["Cache:RedisConnectTimeout"] = "0",
        }).Build());

        Assert.Equal(64L << 20, config.MaxMemory);
        Assert.Equal(128L << 10, config.MaxEntrySize);
        Assert.Equal(TimeSpan.Zero, config.RedisConnectTimeout);
    }

    [Fact]
    public void An_empty_admin_key_from_the_command_line_disables_admin_rather_than_failing()
    {
        CacheConfig config = CacheConfig.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cache:AdminKey"] = "from-appsettings" })
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cache:AdminKey"] = "" }) // what --Cache:AdminKey= gives
            .Build());

        Assert.Null(config.AdminKey);
    }
}

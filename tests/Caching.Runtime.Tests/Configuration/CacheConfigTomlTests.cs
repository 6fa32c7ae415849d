using System;

namespace Caching.Tests.Configuration;

public class CacheConfigTomlTests
{
    [Fact]
    public void Reads_every_field_of_the_seed_table()
    {
        CacheConfig config = CacheConfig.FromToml("""
            [gateway]
            port = 8080

            [cache]
            enabled = true
            backend = "redis"   # or "memory"
            ttl = "1h30m"
            max_size = 5000
            redis_url = "localhost:6379,password=hunter2"
            redis_timeout = "250ms"
            namespace = "gw"
            admin_key = "s3cret"
            """);

        Assert.True(config.Enabled);
        Assert.Equal(CacheBackend.Redis, config.Backend);
        Assert.Equal(TimeSpan.FromMinutes(90), config.Ttl);
        Assert.Equal(5000, config.MaxSize);
        Assert.Equal("localhost:6379,password=hunter2", config.RedisUrl);
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.RedisTimeout);
        Assert.Equal("gw", config.Namespace);
        Assert.Equal("s3cret", config.AdminKey);
    }

    [Theory]
    [InlineData("\"256MB\"", 256L << 20)]
    [InlineData("\"512 KB\"", 512L << 10)]
    [InlineData("\"2gb\"", 2L << 30)]
    [InlineData("\"4096\"", 4096L)]
    [InlineData("1048576", 1048576L)]
    public void Sizes_are_read_with_units_or_as_bytes(string value, long bytes)
    {
        CacheConfig config = CacheConfig.FromToml($"[cache]\nmax_memory = {value}\nmax_entry_size = \"1KB\"\nredis_connect_timeout = \"500ms\"");

        Assert.Equal(bytes, config.MaxMemory);
        Assert.Equal(1024, config.MaxEntrySize);
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.RedisConnectTimeout);
    }

    [Fact]
    public void Memory_bounds_and_connect_timeout_have_defaults()
    {
        CacheConfig config = CacheConfig.FromToml("[cache]\n");

        Assert.Equal(256L << 20, config.MaxMemory);
        Assert.Equal(1L << 20, config.MaxEntrySize);
        Assert.Equal(TimeSpan.FromSeconds(2), config.RedisConnectTimeout);
    }

    [Fact]
    public void Missing_fields_take_the_defaults()
    {
        CacheConfig config = CacheConfig.FromToml("[cache]\n");

        Assert.True(config.Enabled);
        Assert.Equal(CacheBackend.Memory, config.Backend);
        Assert.Equal(TimeSpan.FromHours(1), config.Ttl);
        Assert.Equal(1000, config.MaxSize);
        Assert.Equal("cache", config.Namespace);
        Assert.Null(config.AdminKey);
        Assert.Equal(TimeSpan.FromMilliseconds(100), config.RedisTimeout);
    }

    [Theory]
    [InlineData("[cache\nttl = \"1h\"", "TOML", null)]
    [InlineData("[cache]\nbackend = \"memcached\"", "'backend'", "\"memcached\"")]
    [InlineData("[cache]\nttl = \"1x\"", "'ttl'", "\"1x\"")]
    [InlineData("[cache]\nttl = \"-5m\"", "'ttl'", "\"-5m\"")]
    [InlineData("[cache]\nttl = 60", "'ttl'", "60")]
    [InlineData("[cache]\nmax_size = 0", "'max_size'", "0")]
    [InlineData("[cache]\nmax_size = -3", "'max_size'", "-3")]
    [InlineData("[cache]\nmax_size = \"big\"", "'max_size'", "\"big\"")]
    [InlineData("[cache]\nbackend = \"redis\"", "'redis_url'", null)]
    [InlineData("[cache]\nttl_seconds = 5", "'ttl_seconds'", null)]
    [InlineData("[cache]\nenabled = \"yes\"", "'enabled'", "\"yes\"")]
    [InlineData("[cache]\nnamespace = \"a b\"", "'namespace'", "\"a b\"")]
    [InlineData("[cache]\nnamespace = \"\"", "'namespace'", null)]
    [InlineData("[cache]\nadmin_key = \"  \"", "'admin_key'", null)]
    [InlineData("[cache]\nredis_timeout = \"soon\"", "'redis_timeout'", "\"soon\"")]
    [InlineData("[other]\nx = 1", "[cache]", null)]
    [InlineData("[cache]\nmax_memory = \"lots\"", "'max_memory'", "\"lots\"")]
    [InlineData("[cache]\nmax_memory = \"256TB\"", "'max_memory'", "\"256TB\"")]
    [InlineData("[cache]\nmax_memory = 0", "'max_memory'", "0")]
    [InlineData("[cache]\nmax_memory = \"512B\"", "'max_memory'", "512")]
    [InlineData("[cache]\nmax_entry_size = \"none\"", "'max_entry_size'", "\"none\"")]
    [InlineData("[cache]\nredis_connect_timeout = \"soon\"", "'redis_connect_timeout'", "\"soon\"")]
    public void Bad_input_throws_one_exception_naming_the_field_and_value(string toml, string field, string? value)
    {
        CacheConfigException ex = Assert.Throws<CacheConfigException>(() => CacheConfig.FromToml(toml));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        if (value is not null)
        {
            Assert.Contains(value, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unknown_key_message_lists_the_known_fields()
    {
        CacheConfigException ex = Assert.Throws<CacheConfigException>(() => CacheConfig.FromToml("[cache]\nmaxsize = 5"));
        Assert.Equal("maxsize", ex.Field);
        Assert.Contains("max_size", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_ttl_message_says_what_is_allowed()
    {
        CacheConfigException ex = Assert.Throws<CacheConfigException>(() => CacheConfig.FromToml("[cache]\nttl = \"1x\""));
        Assert.Contains("1h30m", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void To_string_never_shows_secrets()
    {
        CacheConfig config = CacheConfig.FromToml("""
            [cache]
            backend = "redis"
            redis_url = "redis.local:6380,password=hunter2,ssl=true"
            admin_key = "s3cret"
            """);

        string shown = config.ToString();
        Assert.DoesNotContain("hunter2", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", shown, StringComparison.Ordinal);
        Assert.Contains("redis.local:6380", shown, StringComparison.Ordinal);
    }
}

using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;

namespace Caching.Tests.Configuration;

/// <summary>The fail-safe settings read from TOML and from IConfiguration alike, off by default, and a bad value named.</summary>
public class FailSafeConfigTests
{
    [Fact]
    public void Fail_safe_is_off_by_default()
    {
        var config = new CacheConfig();

        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0.0), (config.StaleIfError, config.ProviderSoftTimeout, config.ProviderHardTimeout, config.EagerRefresh));
    }

    [Fact]
    public void Toml_reads_the_fail_safe_fields()
    {
        CacheConfig config = CacheConfig.FromToml("""
            [cache]
            stale_if_error = "1d"
            provider_soft_timeout = "2s"
            provider_hard_timeout = "30s"
            eager_refresh = 0.9
            """);

        Assert.Equal((TimeSpan.FromDays(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), 0.9), (config.StaleIfError, config.ProviderSoftTimeout, config.ProviderHardTimeout, config.EagerRefresh));
    }

    [Fact]
    public void Configuration_reads_the_fail_safe_fields_and_zero_turns_one_off()
    {
        CacheConfig config = CacheConfig.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cache:StaleIfError"] = "12h",
            ["Cache:ProviderSoftTimeout"] = "0",
            ["Cache:ProviderHardTimeout"] = "00:00:45",
            ["Cache:EagerRefresh"] = "0.75",
        }).Build());

        Assert.Equal((TimeSpan.FromHours(12), TimeSpan.Zero, TimeSpan.FromSeconds(45), 0.75), (config.StaleIfError, config.ProviderSoftTimeout, config.ProviderHardTimeout, config.EagerRefresh));
    }

    [Theory]
    [InlineData("stale_if_error = \"forever\"", "stale_if_error")]
    [InlineData("provider_soft_timeout = 5", "provider_soft_timeout")]
    [InlineData("eager_refresh = 1.5", "eager_refresh")]
    [InlineData("eager_refresh = \"0.9\"", "eager_refresh")]
    public void A_bad_toml_fail_safe_value_is_named(string line, string field)
    {
        CacheConfigException error = Assert.Throws<CacheConfigException>(() => CacheConfig.FromToml("[cache]\n" + line));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cache:StaleIfError", "-1h")]
    [InlineData("Cache:ProviderHardTimeout", "soon")]
    [InlineData("Cache:EagerRefresh", "90%")]
    public void A_bad_configuration_fail_safe_value_is_named(string key, string value)
    {
        CacheConfigException error = Assert.Throws<CacheConfigException>(() => CacheConfig.FromConfiguration(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build()));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_duration_set_in_code_is_named_at_validation()
    {
        var config = new CacheConfig { ProviderSoftTimeout = TimeSpan.FromSeconds(-1) };

        CacheConfigException error = Assert.Throws<CacheConfigException>(config.Validate);

        Assert.Contains(nameof(CacheConfig.ProviderSoftTimeout), error.Message, StringComparison.Ordinal);
    }
}

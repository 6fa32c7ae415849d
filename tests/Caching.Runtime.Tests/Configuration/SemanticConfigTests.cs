using System;
using System.Collections.Generic;
using Caching.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Caching.Tests.Configuration;

/// <summary>
/// The semantic settings from TOML and from IConfiguration ("Cache:Semantic:*"), off by default; a layer the configuration
/// asks for needs an embedder, from code or from the container, and a configured "no" wins over one.
/// </summary>
public class SemanticConfigTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values)
    {
        var dictionary = new Dictionary<string, string?>();
        foreach ((string key, string value) in values)
        {
            dictionary[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(dictionary).Build();
    }

    [Fact]
    public void The_layer_is_off_by_default()
    {
        var config = new CacheConfig();

        Assert.False(config.SemanticLayerOn);
        Assert.Equal((null, null, null, 0.25), (config.SemanticEnabled, config.SemanticEmbedderName, config.SemanticThreshold, config.SemanticMemoryShare));
    }

    [Fact]
    public void Toml_reads_the_semantic_fields()
    {
        CacheConfig config = CacheConfig.FromToml("""
            [cache]
            semantic_enabled = true
            semantic_embedder = "local"
            semantic_threshold = 0.9
            semantic_memory_share = 0.1
            """);

        Assert.Equal((true, "local", 0.9, 0.1), (config.SemanticEnabled, config.SemanticEmbedderName, config.SemanticThreshold, config.SemanticMemoryShare));
    }

    [Fact]
    public void Configuration_reads_the_semantic_section()
    {
        CacheConfig config = CacheConfig.FromConfiguration(Settings(
            ("Cache:Semantic:Enabled", "true"),
            ("Cache:Semantic:Embedder", "upstream"),
            ("Cache:Semantic:Threshold", "0.97"),
            ("Cache:Semantic:MemoryShare", "0.5")));

        Assert.Equal((true, "upstream", 0.97, 0.5), (config.SemanticEnabled, config.SemanticEmbedderName, config.SemanticThreshold, config.SemanticMemoryShare));
    }

    [Theory]
    [InlineData("Cache:Semantic:Threshold", "1.5", "Cache:Semantic:Threshold")]
    [InlineData("Cache:Semantic:Threshold", "high", "Cache:Semantic:Threshold")]
    [InlineData("Cache:Semantic:MemoryShare", "1", "Cache:Semantic:MemoryShare")]
    [InlineData("Cache:Semantic:Enabled", "yes please", "Cache:Semantic:Enabled")]
    [InlineData("Cache:Semantic:Model", "x", "Cache:Semantic:Model")]
    public void A_bad_semantic_setting_is_named(string key, string value, string field)
    {
        CacheConfigException error = Assert.Throws<CacheConfigException>(() => CacheConfig.FromConfiguration(Settings((key, value))));

        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData("semantic_threshold = 0", "semantic_threshold")]
    [InlineData("semantic_threshold = \"0.9\"", "semantic_threshold")]
    [InlineData("semantic_memory_share = 2", "semantic_memory_share")]
    [InlineData("semantic_enabled = \"true\"", "semantic_enabled")]
    public void A_bad_toml_semantic_value_is_named(string line, string field)
    {
        CacheConfigException error = Assert.Throws<CacheConfigException>(() => CacheConfig.FromToml("[cache]\n" + line));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_asked_for_without_an_embedder_fails_when_the_manager_is_built_naming_the_field()
    {
        CacheConfig config = CacheConfig.FromConfiguration(Settings(("Cache:Semantic:Enabled", "true")));

        CacheConfigException error = Assert.Throws<CacheConfigException>(() => CacheManager.Create(config));

        Assert.Equal("Semantic:Enabled", error.Field);
    }

    [Fact]
    public void The_container_gives_the_embedder_a_configuration_asks_for()
    {
        using var embedder = new WordEmbedder();
        var services = new ServiceCollection();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embedder);
        services.AddCaching(Settings(("Cache:Semantic:Enabled", "true")));
        using ServiceProvider provider = services.BuildServiceProvider();

        CacheManager cache = provider.GetRequiredService<CacheManager>();

        Assert.True(cache.Config.SemanticLayerOn);
        Assert.Same(embedder, cache.Config.SemanticEmbedder);
    }

    [Fact]
    public void A_configured_no_keeps_the_layer_off_even_with_an_embedder()
    {
        using var embedder = new WordEmbedder();
        CacheConfig config = CacheConfig.FromConfiguration(Settings(("Cache:Semantic:Enabled", "false")));
        config.SemanticEmbedder = embedder;

        Assert.False(config.SemanticLayerOn);
    }
}

using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Caching.Tests.Manager;

public class DependencyInjectionTests
{
    [Fact]
    public async Task Add_caching_registers_one_manager_disposed_with_the_container()
    {
        var services = new ServiceCollection();
        services.AddCaching(new CacheConfig { Namespace = "di" });
        ICacheManager manager;

        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            manager = provider.GetRequiredService<ICacheManager>();
            Assert.Same(manager, provider.GetRequiredService<ICacheManager>());
            Assert.Same(manager, provider.GetRequiredService<CacheManager>());
            await manager.SetAsync("k", 1);
            Assert.Equal(1, await manager.GetAsync<int>("k"));
        }
    }

    [Fact]
    public async Task A_second_level_registered_in_the_container_is_the_managers()
    {
        var shared = new Caching.Tests.Levels.FakeDistributedLevel();
        var services = new ServiceCollection();
        services.AddCaching(new CacheConfig { Namespace = "di" });
        services.AddSingleton(new Caching.Distributed.DistributedBackend(shared, null));

        await using ServiceProvider provider = services.BuildServiceProvider();
        ICacheManager manager = provider.GetRequiredService<ICacheManager>();
        await manager.SetAsync("k", "v");

        Assert.True(shared.Contains("k"));
        Assert.Equal("fake", manager.GetStats().ActiveStore);
    }

    [Fact]
    public void Add_caching_reads_the_cache_section_of_configuration()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cache:MaxSize"] = "12", ["Cache:Namespace"] = "gw" })
            .Build();
        var services = new ServiceCollection();
        services.AddCaching(configuration);

        using ServiceProvider provider = services.BuildServiceProvider();
        var manager = provider.GetRequiredService<CacheManager>();

        Assert.Equal(12, manager.Config.MaxSize);
        Assert.Equal("gw", manager.Config.Namespace);
    }

    [Fact]
    public void Bad_configuration_fails_at_registration()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cache:Ttl"] = "1x" })
            .Build();

        Assert.Throws<CacheConfigException>(() => new ServiceCollection().AddCaching(configuration));
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace Caching.Tests.Redis;

/// <summary>A three-primary cluster (redis-server or Garnet, see <see cref="RespServer"/>) on free loopback ports.</summary>
[Collection(RedisTestGroup.Name)]
public sealed class RedisClusterTests : IAsyncLifetime
{
    private RespCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RespCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<int[]> KeysPerNodeAsync()
    {
        var counts = new List<int>();
        foreach (RespServer node in _cluster.Nodes)
        {
            counts.Add(int.Parse(await node.CommandAsync("DBSIZE"), CultureInfo.InvariantCulture));
        }

        return [.. counts];
    }

    [Fact]
    public async Task Keys_spread_across_nodes_and_invalidate_and_clear_reach_every_node()
    {
        await using CacheManager cache = await RedisManagers.CreateServingAsync(_cluster.Endpoints);
        await _cluster.SetAsync("foreign:key", "theirs");

        for (int i = 0; i < 300; i++)
        {
            await cache.SetAsync($"chat:m:{i}", i);
            await cache.SetAsync($"embedding:m:{i}", i);
        }

        int[] before = await KeysPerNodeAsync();
        Assert.All(before, count => Assert.True(count > 50, $"keys per node: {string.Join(", ", before)}"));
        Assert.Equal(42, await cache.GetAsync<int>("chat:m:42"));

        Assert.Equal(300, await cache.InvalidateAsync("chat:*"));
        Assert.Equal(0, await cache.GetAsync<int>("chat:m:42"));
        Assert.Equal(42, await cache.GetAsync<int>("embedding:m:42"));

        Assert.Equal(300, await cache.ClearAsync("admin"));
        Assert.Equal(1, (await KeysPerNodeAsync()).Sum());
        Assert.Equal(0, cache.GetStats().Errors);
        Assert.Equal(0, cache.GetStats().RedisErrors);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace Caching.Tests.Redis;

/// <summary>A three-primary Redis Cluster formed with redis-cli --cluster create, on free loopback ports.</summary>
[Collection(RedisTestGroup.Name)]
public sealed class RedisClusterTests : IAsyncLifetime
{
    private readonly List<RedisServer> _nodes = [];

    public async Task InitializeAsync()
    {
        for (int i = 0; i < 3; i++)
        {
            _nodes.Add(await RedisServer.StartAsync("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000"));
        }

        string created = await RedisServer.RunAsync("redis-cli", ["--cluster", "create", .. _nodes.Select(n => n.Endpoint), "--cluster-replicas", "0", "--cluster-yes"]);
        Assert.Contains("All 16384 slots covered", created, StringComparison.Ordinal);
        foreach (RedisServer node in _nodes)
        {
            await RedisServer.WaitUntilAsync(async () => (await node.CliAsync("CLUSTER", "INFO")).Contains("cluster_state:ok", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the cluster to agree");
        }
    }

    public async Task DisposeAsync()
    {
        foreach (RedisServer node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private async Task<int[]> KeysPerNodeAsync()
    {
        var counts = new List<int>();
        foreach (RedisServer node in _nodes)
        {
            counts.Add(int.Parse((await node.CliAsync("DBSIZE")).Trim(), CultureInfo.InvariantCulture));
        }

        return [.. counts];
    }

    [Fact]
    public async Task Keys_spread_across_nodes_and_invalidate_and_clear_reach_every_node()
    {
        string endpoints = string.Join(",", _nodes.Select(n => n.Endpoint));
        await using CacheManager cache = await RedisManagers.CreateServingAsync(endpoints);
        await RedisServer.RunAsync("redis-cli", "-c", "-p", _nodes[0].Port.ToString(CultureInfo.InvariantCulture), "SET", "foreign:key", "theirs");

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

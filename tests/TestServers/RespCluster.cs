using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Caching.Tests.Redis;

/// <summary>
/// A cluster of three primaries on free loopback ports, formed with CLUSTER ADDSLOTSRANGE and CLUSTER MEET, which
/// redis-server and Garnet both understand (redis-cli --cluster create is not there when Garnet is).
/// </summary>
internal sealed class RespCluster : IAsyncDisposable
{
    private const int Slots = 16384;

    private RespCluster(IReadOnlyList<RespServer> nodes) => Nodes = nodes;

    public IReadOnlyList<RespServer> Nodes { get; }

    /// <summary>Every node's endpoint, comma-separated, as a StackExchange.Redis configuration lists them.</summary>
    public string Endpoints => string.Join(",", Nodes.Select(n => n.Endpoint));

    public static async Task<RespCluster> StartAsync(int primaries = 3)
    {
        var nodes = new List<RespServer>();
        for (int i = 0; i < primaries; i++)
        {
            nodes.Add(await RespServer.StartAsync(new RespServerOptions(Cluster: true)));
        }

        var cluster = new RespCluster(nodes);
        for (int i = 0; i < primaries; i++)
        {
            int first = Slots * i / primaries;
            int last = (Slots * (i + 1) / primaries) - 1;
            await nodes[i].CommandAsync("CLUSTER", "ADDSLOTSRANGE", first, last);
        }

        foreach (RespServer node in nodes.Skip(1))
        {
            await nodes[0].CommandAsync("CLUSTER", "MEET", "127.0.0.1", node.Port);
        }

        foreach (RespServer node in nodes)
        {
            await RespServer.WaitUntilAsync(
                async () =>
                {
                    string info = await node.CommandAsync("CLUSTER", "INFO");
                    return info.Contains("cluster_state:ok", StringComparison.Ordinal)
                        && info.Contains("cluster_slots_assigned:" + Slots.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                        && info.Contains("cluster_known_nodes:" + primaries.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                },
                TimeSpan.FromSeconds(30),
                "the cluster to agree");
        }

        return cluster;
    }

    /// <summary>Writes a key through a cluster-aware client (it goes to the node that owns its slot).</summary>
    public async Task SetAsync(string key, string value)
    {
        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(Endpoints);
        await connection.GetDatabase().StringSetAsync(key, value);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (RespServer node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}

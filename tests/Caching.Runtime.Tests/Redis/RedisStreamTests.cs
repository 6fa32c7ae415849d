using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Tests.Redis;

/// <summary>Streams recorded into Redis (or Garnet) and replayed from it, by another manager too.</summary>
[Collection(RedisTestGroup.Name)]
public sealed class RedisStreamTests
{
    public sealed record Chunk(int Index, string Text);

    private int _calls;

    private async IAsyncEnumerable<Chunk> ProviderAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new Chunk(i, $"part {i}");
        }
    }

    private static async Task<List<Chunk>> ReadAsync(IAsyncEnumerable<Chunk> stream)
    {
        var chunks = new List<Chunk>();
        await foreach (Chunk chunk in stream)
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    [Fact]
    public async Task A_stream_stored_in_redis_is_replayed_by_another_manager()
    {
        await using RespServer redis = await RespServer.StartAsync();
        await using CacheManager first = await RedisManagers.CreateServingAsync(redis.Endpoint);
        await using CacheManager second = await RedisManagers.CreateServingAsync(redis.Endpoint);

        List<Chunk> recorded = await ReadAsync(first.GetOrCreateStreamAsync("chat:m:stream", this, static (self, token) => self.ProviderAsync(50, token)));
        List<Chunk> replayed = await ReadAsync(second.GetOrCreateStreamAsync("chat:m:stream", this, static (self, token) => self.ProviderAsync(50, token)));

        Assert.Equal(50, recorded.Count);
        Assert.Equal(recorded, replayed);
        Assert.Equal(1, _calls);
        Assert.Equal("1", await redis.CommandAsync("EXISTS", "gw:chat:m:stream"));
        Assert.Equal(50, second.GetStats().StreamElementsReplayed);
    }

    [Fact]
    public async Task Concurrent_identical_streams_on_redis_make_one_provider_call()
    {
        await using RespServer redis = await RespServer.StartAsync();
        await using CacheManager cache = await RedisManagers.CreateServingAsync(redis.Endpoint);

        List<Chunk>[] results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
            Task.Run(() => ReadAsync(cache.GetOrCreateStreamAsync("chat:m:together", this, static (self, token) => self.ProviderAsync(200, token))))));

        Assert.Equal(1, _calls);
        Assert.All(results, chunks => Assert.Equal(Enumerable.Range(0, 200), chunks.Select(c => c.Index)));
    }
}

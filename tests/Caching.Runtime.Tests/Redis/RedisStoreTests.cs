using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Caching.Tests.Redis;

[Collection(RedisTestGroup.Name)]
public sealed class RedisStoreTests : IAsyncLifetime
{
    private RespServer _redis = null!;
    private CacheManager _cache = null!;

    public async Task InitializeAsync()
    {
        _redis = await RespServer.StartAsync();
        _cache = await RedisManagers.CreateServingAsync(_redis.Endpoint);
    }

    public async Task DisposeAsync()
    {
        await _cache.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Values_are_stored_in_redis_under_the_namespace_with_their_ttl()
    {
        await _cache.SetAsync("chat:m:abc", "answer", TimeSpan.FromMinutes(5));

        Assert.Equal("answer", await _cache.GetAsync<string>("chat:m:abc"));
        Assert.Equal("1", await _redis.CommandAsync("EXISTS", "gw:chat:m:abc"));
        long pttl = long.Parse(await _redis.CommandAsync("PTTL", "gw:chat:m:abc"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(pttl, 290_000, 300_000);
        CacheStats stats = _cache.GetStats();
        Assert.Equal("redis", stats.ActiveStore);
        Assert.Equal(0, stats.Fallbacks);
        Assert.Equal(1, stats.Entries); // the memory copy, which served the read
        Assert.Equal(1, stats.L1Hits);
    }

    [Fact]
    public async Task An_entry_expires_in_redis()
    {
        await _cache.SetAsync("short", "v", TimeSpan.FromMilliseconds(50));

        await RespServer.WaitUntilAsync(async () => await _redis.CommandAsync("EXISTS", "gw:short") == "0", TimeSpan.FromSeconds(5), "the key to expire");

        // The memory copy expires with the entry, to within the memory clock's millisecond.
        await RespServer.WaitUntilAsync(async () => await _cache.GetAsync<string>("short") is null, TimeSpan.FromMilliseconds(500), "the memory copy to expire");
    }

    [Fact]
    public async Task Two_managers_sharing_redis_serve_each_others_entries()
    {
        await using CacheManager other = await RedisManagers.CreateServingAsync(_redis.Endpoint);
        int calls = 0;

        await _cache.GetOrCreateAsync("chat:m:shared", _ => new ValueTask<string>($"call {++calls}"));
        string fromOther = await other.GetOrCreateAsync("chat:m:shared", _ => new ValueTask<string>($"call {++calls}"));

        Assert.Equal("call 1", fromOther);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Mutable_values_round_trip_through_redis()
    {
        var value = new Dictionary<string, List<int>> { ["a"] = [1, 2] };
        await _cache.SetAsync("k", value);

        Dictionary<string, List<int>>? read = await _cache.GetAsync<Dictionary<string, List<int>>>("k");

        Assert.Equal([1, 2], read!["a"]);
    }

    [Fact]
    public async Task A_foreign_key_survives_clear_and_pattern_invalidation()
    {
        await _redis.CommandAsync("SET", "other:chat:m:abc", "theirs");
        await _redis.CommandAsync("SET", "chat:m:abc", "unprefixed");
        await _cache.SetAsync("chat:m:abc", "ours");
        await _cache.SetAsync("chat:m:def", "ours");

        Assert.Equal(2, await _cache.InvalidateAsync("chat:*"));
        await _cache.SetAsync("chat:m:abc", "ours");
        Assert.Equal(1, await _cache.ClearAsync("admin"));

        Assert.Equal("theirs", await _redis.CommandAsync("GET", "other:chat:m:abc"));
        Assert.Equal("unprefixed", await _redis.CommandAsync("GET", "chat:m:abc"));
    }

    [Fact]
    public async Task A_model_pattern_with_glob_characters_removes_that_model_only()
    {
        string hash = new('a', 64);
        await _cache.SetAsync(CacheKeyBuilder.ChatCompletionKey("a*b", hash), 1);
        await _cache.SetAsync(CacheKeyBuilder.ChatCompletionKey("axxb", hash), 2);
        await _cache.SetAsync(CacheKeyBuilder.ChatCompletionKey("ft:gpt-4o:org", hash), 3);
        await _cache.SetAsync(CacheKeyBuilder.ChatCompletionKey("ft:gpt-4o", hash), 4);

        Assert.Equal(1, await _cache.InvalidateAsync("chat:" + CacheKeyBuilder.EscapePattern("a*b") + ":*"));
        Assert.Equal(1, await _cache.InvalidateAsync("chat:" + CacheKeyBuilder.EscapePattern("ft:gpt-4o") + ":*"));

        Assert.Equal(2, await _cache.GetAsync<int>(CacheKeyBuilder.ChatCompletionKey("axxb", hash)));
        Assert.Equal(3, await _cache.GetAsync<int>(CacheKeyBuilder.ChatCompletionKey("ft:gpt-4o:org", hash)));
    }

    [Fact]
    public async Task Invalidation_of_many_keys_unlinks_them_in_batches()
    {
        for (int i = 0; i < 1200; i++)
        {
            await _cache.SetAsync($"embedding:m:{i}", i);
        }

        Assert.Equal(1200, await _cache.InvalidateAsync("embedding:*"));
        Assert.Equal("0", await _redis.CommandAsync("DBSIZE"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("LGC\u0002 an entry of a future format version")]
    public async Task A_corrupt_entry_is_an_error_a_miss_and_deleted(string bytes)
    {
        await _redis.CommandAsync("SET", "gw:k", bytes);

        Assert.Null(await _cache.GetAsync<string>("k"));

        Assert.Equal(1, _cache.GetStats().Errors);
        Assert.Equal(1, _cache.GetStats().Misses);
        Assert.Equal(0, _cache.GetStats().RedisErrors);
        Assert.Equal("0", await _redis.CommandAsync("EXISTS", "gw:k"));
        Assert.Equal("redis", _cache.GetStats().ActiveStore);
    }

    [Fact]
    public async Task An_entry_of_another_type_is_an_error_a_miss_and_deleted()
    {
        await _cache.SetAsync("k", "text");

        Assert.Equal(0, await _cache.GetAsync<int>("k"));

        Assert.Equal(1, _cache.GetStats().Errors);
        Assert.Null(await _cache.GetAsync<string>("k"));
    }

    [Fact]
    public async Task The_stored_entry_carries_its_lifetime_and_redis_keeps_it_through_its_stale_time()
    {
        await _cache.SetAsync("k", "v", new CacheEntryOptions { Ttl = TimeSpan.FromMinutes(3), StaleIfError = TimeSpan.FromMinutes(2) });

        byte[] stored = await _redis.GetBytesAsync("gw:k");
        long pttl = long.Parse(await _redis.CommandAsync("PTTL", "gw:k"), System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(EntryEnvelope.TryRead(stored, System.Text.Json.JsonSerializerOptions.Default, out string value, out EntryLifetime lifetime, out string problem), problem);
        Assert.Equal("v", value);
        Assert.Equal(TimeSpan.FromMinutes(3), lifetime.FreshUntil - lifetime.Created);
        Assert.Equal(TimeSpan.FromMinutes(5), lifetime.Expires - lifetime.Created);
        Assert.NotEqual(0, lifetime.Version);
        Assert.InRange(pttl, 290_000, 300_000);
    }
}

/// <summary>Redis tests run one class at a time: they start and stop processes and time their calls.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisTestGroup
{
    public const string Name = "redis";
}

internal static class RedisManagers
{
    /// <summary>
    /// A Redis configuration. The timeout is generous by default so that a loaded test machine never turns a slow answer
    /// into a fallback; the tests of a hung Redis pass a short one.
    /// </summary>
    public static CacheConfig Config(string endpoint, string? extra = null, TimeSpan? timeout = null) => new()
    {
        Backend = CacheBackend.Redis,
        RedisUrl = endpoint + (extra is null ? string.Empty : "," + extra),
        RedisTimeout = timeout ?? TimeSpan.FromSeconds(2),
        Namespace = "gw",
        AdminKey = "admin",
    };

    /// <summary>
    /// A manager on Redis, returned once Redis serves it and its backplane is subscribed (the manager starts on memory alone,
    /// and serves no memory copies until the backplane has proved its subscription).
    /// </summary>
    public static async Task<CacheManager> CreateServingAsync(string endpoint, ILoggerFactory? loggers = null, string? extra = null, TimeSpan? timeout = null)
    {
        CacheManager manager = await CacheManager.CreateAsync(Config(endpoint, extra, timeout), loggers);
        await RespServer.WaitUntilAsync(() => Task.FromResult(manager.GetStats() is { ActiveStore: "redis", Backplane: "connected" or "none" }), TimeSpan.FromSeconds(20), "Redis to serve");
        return manager;
    }
}

using System;
using System.Threading.Tasks;
using Caching.Distributed;
using Microsoft.Extensions.Time.Testing;

namespace Caching.Tests.Levels;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The manager owns and disposes its levels; DisposeAsync disposes the manager.")]
public sealed class TwoLevelTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FakeDistributedLevel _shared = new();
    private readonly FakeBackplane _backplane = new();
    private CacheManager _cache = null!;

    public Task InitializeAsync()
    {
        _cache = CacheManager.Create(new CacheConfig { AdminKey = "admin", L1Ttl = TimeSpan.FromMinutes(5) }, timeProvider: _time, distributed: new DistributedBackend(_shared, _backplane));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cache.DisposeAsync();

    /// <summary>A value another instance stored: in the second level only.</summary>
    private async Task StoreElsewhereAsync(string key, string value, TimeSpan ttl)
    {
        await using CacheManager other = CacheManager.Create(new CacheConfig(), timeProvider: _time, distributed: new DistributedBackend(_shared, null));
        await other.SetAsync(key, value, ttl);
    }

    [Fact]
    public async Task A_second_level_hit_fills_memory_and_the_next_read_is_a_memory_hit()
    {
        await StoreElsewhereAsync("k", "v", TimeSpan.FromHours(1));

        Assert.Equal("v", await _cache.GetAsync<string>("k"));
        Assert.Equal("v", await _cache.GetAsync<string>("k"));

        CacheStats stats = _cache.GetStats();
        Assert.Equal((1, 1, 2), (stats.L2Hits, stats.L1Hits, stats.Hits));
        Assert.Equal(1, _shared.Reads);
    }

    [Fact]
    public async Task A_copy_filled_from_the_second_level_counts_the_bytes_a_direct_write_counts()
    {
        var value = new System.Collections.Generic.Dictionary<string, int[]> { ["a"] = [1, 2, 3] };
        await using CacheManager direct = CacheManager.Create(new CacheConfig(), timeProvider: _time);
        await direct.SetAsync("k", value);
        await using (CacheManager other = CacheManager.Create(new CacheConfig(), timeProvider: _time, distributed: new DistributedBackend(_shared, null)))
        {
            await other.SetAsync("k", value);
        }

        System.Collections.Generic.Dictionary<string, int[]>? read = await _cache.GetAsync<System.Collections.Generic.Dictionary<string, int[]>>("k");

        Assert.Equal([1, 2, 3], read!["a"]);
        Assert.Equal(direct.GetStats().MemoryUsageBytes, _cache.GetStats().MemoryUsageBytes);
        read["a"][0] = 99;
        Assert.Equal(1, (await _cache.GetAsync<System.Collections.Generic.Dictionary<string, int[]>>("k"))!["a"][0]);
    }

    [Fact]
    public async Task A_memory_copy_lives_for_l1_ttl_at_most_then_the_second_level_is_read_again()
    {
        await StoreElsewhereAsync("k", "v", TimeSpan.FromHours(1));
        await _cache.GetAsync<string>("k");

        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(1));
        Assert.Equal("v", await _cache.GetAsync<string>("k"));

        Assert.Equal(2, _cache.GetStats().L2Hits);
    }

    [Fact]
    public async Task A_memory_copy_never_outlives_the_entry_it_was_read_from()
    {
        await StoreElsewhereAsync("k", "v", TimeSpan.FromMinutes(1));
        await _cache.GetAsync<string>("k");

        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromMilliseconds(1));

        // The fake second level keeps the bytes past their TTL; only the memory copy's expiry is under test here.
        await _cache.GetAsync<string>("k");
        Assert.Equal(2, _shared.Reads);
    }

    [Fact]
    public async Task A_write_reaches_both_levels_and_tells_the_other_instances()
    {
        await _cache.SetAsync("k", "v");

        Assert.True(_shared.Contains("k"));
        Assert.Equal("v", await _cache.GetAsync<string>("k"));
        Assert.Equal(0, _shared.Reads);
        CacheChange published = Assert.Single(_backplane.Published);
        Assert.Equal((CacheChangeKind.Set, "k"), (published.Kind, published.Argument));
        Assert.NotEqual(0, published.Version);
    }

    [Theory]
    [InlineData(CacheChangeKind.Set, "chat:m:1")]
    [InlineData(CacheChangeKind.Remove, "chat:m:1")]
    [InlineData(CacheChangeKind.Invalidate, "chat:m:*")]
    [InlineData(CacheChangeKind.Clear, "")]
    public async Task Another_instances_change_drops_the_memory_copy(CacheChangeKind kind, string argument)
    {
        await _cache.SetAsync("chat:m:1", "old");
        await _cache.SetAsync("other:1", "kept");

        _backplane.Deliver(new CacheChange(kind, argument));

        await _cache.GetAsync<string>("chat:m:1");
        Assert.Equal(1, _shared.Reads);
        await _cache.GetAsync<string>("other:1");
        Assert.Equal(kind == CacheChangeKind.Clear ? 2 : 1, _shared.Reads);
    }

    [Theory]
    [InlineData("remove")]
    [InlineData("invalidate")]
    [InlineData("clear")]
    public async Task Local_invalidations_reach_both_levels_count_once_and_are_published(string operation)
    {
        await _cache.SetAsync("chat:m:1", "v");

        long removed = operation switch
        {
            "remove" => await _cache.RemoveAsync("chat:m:1") ? 1 : 0,
            "invalidate" => await _cache.InvalidateAsync("chat:m:*"),
            _ => await _cache.ClearAsync("admin"),
        };

        Assert.Equal(1, removed);
        Assert.False(_shared.Contains("chat:m:1"));
        Assert.Null(await _cache.GetAsync<string>("chat:m:1"));
        Assert.Equal(2, _backplane.Published.Count);
    }

    [Fact]
    public async Task While_the_backplane_is_down_memory_copies_are_not_served_and_on_reconnection_they_are_dropped()
    {
        await _cache.SetAsync("k", "v");
        _backplane.Disconnect();

        Assert.Equal("v", await _cache.GetAsync<string>("k"));
        Assert.Equal(1, _shared.Reads);
        Assert.Equal("disconnected", _cache.GetStats().Backplane);

        _backplane.Reconnect();

        Assert.Equal(0, _cache.GetStats().Entries);
        Assert.True(_cache.GetStats().FallbackEntriesDiscarded >= 1);
        Assert.Equal("v", await _cache.GetAsync<string>("k"));
        Assert.Equal("v", await _cache.GetAsync<string>("k"));
        Assert.Equal(2, _shared.Reads);
    }

    [Fact]
    public async Task With_the_second_level_down_memory_serves_alone_even_without_a_backplane()
    {
        await _cache.SetAsync("k", "v");
        _backplane.Disconnect();
        _shared.SetServing(false);

        Assert.Equal("v", await _cache.GetAsync<string>("k"));
        int calls = 0;
        Assert.Equal("fresh", await _cache.GetOrCreateAsync("new", _ => new ValueTask<string>(++calls == 1 ? "fresh" : "again")));
        Assert.Equal("fresh", await _cache.GetOrCreateAsync("new", _ => new ValueTask<string>(++calls == 1 ? "fresh" : "again")));

        CacheStats stats = _cache.GetStats();
        Assert.Equal("memory", stats.ActiveStore);
        Assert.True(stats.Fallbacks >= 1);
        Assert.Equal(1, calls);

        _shared.SetServing(true);
        Assert.Equal(0, _cache.GetStats().Entries);
    }

    [Fact]
    public async Task A_copy_read_before_another_instances_set_is_not_kept_in_memory()
    {
        await StoreElsewhereAsync("k", "old", TimeSpan.FromHours(1));
        var release = new TaskCompletionSource();
        _shared.HoldNextRead = release;

        ValueTask<string?> read = _cache.GetAsync<string>("k");
        await _shared.ReadStarted.Task;
        await StoreElsewhereAsync("k", "new", TimeSpan.FromHours(1));
        _backplane.Deliver(new CacheChange(CacheChangeKind.Set, "k"));
        release.SetResult();

        Assert.Equal("old", await read);
        Assert.Equal("new", await _cache.GetAsync<string>("k"));
    }

    [Fact]
    public async Task A_provider_answer_in_flight_when_another_instance_invalidates_is_not_stored()
    {
        var answering = new TaskCompletionSource();
        var answer = new TaskCompletionSource<string>();
        ValueTask<string> call = _cache.GetOrCreateAsync("chat:m:1", async _ =>
        {
            answering.SetResult();
            return await answer.Task;
        });
        await answering.Task;

        _backplane.Deliver(new CacheChange(CacheChangeKind.Invalidate, "chat:*"));
        answer.SetResult("computed before the invalidation");

        Assert.Equal("computed before the invalidation", await call);
        Assert.False(_shared.Contains("chat:m:1"));
        Assert.Equal(0, _cache.GetStats().Entries);
    }

    [Fact]
    public void Without_the_backend_package_a_redis_configuration_fails_naming_the_package()
    {
        CacheConfigException error = Assert.Throws<CacheConfigException>(() => CacheComposition.LoadFactory("Caching.Redis.NoSuchFactory, Caching.NoSuchAssembly"));

        Assert.Contains("Caching.Redis", error.Message, StringComparison.Ordinal);
        Assert.Equal("backend", error.Field);
    }
}

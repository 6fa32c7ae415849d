using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading.Tasks;

namespace Caching.Tests.Manager;

public class ReadWriteTests
{
    [Fact]
    public async Task Get_of_a_missing_key_returns_default_and_counts_a_miss()
    {
        await using CacheManager cache = Managers.Create();

        Assert.Null(await cache.GetAsync<string>("chat:m:nothing"));
        Assert.Equal(0, await cache.GetAsync<int>("n"));

        CacheStats stats = cache.GetStats();
        Assert.Equal(2, stats.Misses);
        Assert.Equal(0, stats.Hits);
    }

    [Fact]
    public async Task Set_then_get_returns_the_value_and_counts_a_hit()
    {
        await using CacheManager cache = Managers.Create();

        await cache.SetAsync("k", "v");
        Assert.Equal("v", await cache.GetAsync<string>("k"));

        CacheStats stats = cache.GetStats();
        Assert.Equal(1, stats.Hits);
        Assert.Equal(1, stats.Sets);
        Assert.Equal(1, stats.Entries);
        Assert.Equal(1.0, stats.HitRate);
    }

    [Fact]
    public async Task Immutable_values_are_served_as_the_same_instance()
    {
        await using CacheManager cache = Managers.Create();
        var answer = new FrozenAnswer("hello");
        var record = new Reply("id", 3);

        await cache.SetAsync("frozen", answer);
        await cache.SetAsync("record", record);

        Assert.Same(answer, await cache.GetAsync<FrozenAnswer>("frozen"));
        Assert.Same(record, await cache.GetAsync<Reply>("record"));
    }

    [Fact]
    public async Task A_callers_mutation_never_reaches_another_caller()
    {
        await using CacheManager cache = Managers.Create();
        var original = new MutableAnswer { Text = "original", Tokens = [1, 2] };
        float[] vector = [1f, 2f, 3f];

        await cache.SetAsync("mutable", original);
        await cache.SetAsync("vector", vector);
        original.Text = "changed after set";
        vector[0] = 99f;

        MutableAnswer? first = await cache.GetAsync<MutableAnswer>("mutable");
        first!.Text = "changed by first caller";
        first.Tokens.Add(3);
        float[]? firstVector = await cache.GetAsync<float[]>("vector");
        firstVector![1] = 42f;

        MutableAnswer? second = await cache.GetAsync<MutableAnswer>("mutable");
        float[]? secondVector = await cache.GetAsync<float[]>("vector");
        Assert.Equal("original", second!.Text);
        Assert.Equal([1, 2], second.Tokens);
        Assert.Equal([1f, 2f, 3f], secondVector!);
    }

    [Fact]
    public async Task Reading_as_another_type_is_a_miss_and_an_error_and_drops_the_entry_not_an_exception()
    {
        await using CacheManager cache = Managers.Create();
        await cache.SetAsync("k", "text");

        Assert.Equal(0, await cache.GetAsync<int>("k"));

        CacheStats stats = cache.GetStats();
        Assert.Equal(1, stats.Errors);
        Assert.Equal(1, stats.Misses);

        // Two methods sharing a key with different types is a bug; the entry is dropped so that neither reads the other's.
        Assert.Null(await cache.GetAsync<string>("k"));
    }

    [Fact]
    public async Task Memory_usage_counts_retained_bytes_and_falls_when_entries_leave()
    {
        await using CacheManager cache = Managers.Create();
        const long PerEntry = 2 + MemoryLevel.EntryOverheadBytes; // a one-character key and the store's overhead

        await cache.SetAsync("s", new string('x', 1000));
        Assert.Equal(2022 + PerEntry, cache.GetStats().MemoryUsageBytes);

        await cache.SetAsync("s", new string('x', 10));
        Assert.Equal(42 + PerEntry, cache.GetStats().MemoryUsageBytes);

        await cache.SetAsync("v", new float[256]);
        Assert.Equal(42 + PerEntry + 1024 + 24 + PerEntry, cache.GetStats().MemoryUsageBytes);

        await cache.RemoveAsync("s");
        await cache.RemoveAsync("v");
        Assert.Equal(0, cache.GetStats().MemoryUsageBytes);
    }

    [Fact]
    public async Task An_entry_lives_its_ttl_and_is_sized_by_its_payload_key_and_overhead()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using CacheManager cache = CacheManager.Create(new CacheConfig(), timeProvider: time);
        await cache.SetAsync("k", "abc", TimeSpan.FromMinutes(5));

        Assert.Equal(6 + 22 + 2 + MemoryLevel.EntryOverheadBytes, cache.GetStats().MemoryUsageBytes);
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        Assert.Equal("abc", await cache.GetAsync<string>("k"));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await cache.GetAsync<string>("k"));
    }

    [Fact]
    public async Task Remove_reports_whether_the_entry_existed()
    {
        await using CacheManager cache = Managers.Create();
        await cache.SetAsync("k", 1);

        Assert.True(await cache.RemoveAsync("k"));
        Assert.False(await cache.RemoveAsync("k"));
        Assert.Equal(0, await cache.GetAsync<int>("k"));
    }

    [Fact]
    public async Task A_disabled_cache_stores_nothing_and_always_calls_the_factory()
    {
        await using CacheManager cache = Managers.Create(c => c.Enabled = false);
        int calls = 0;

        await cache.SetAsync("k", "v");
        Assert.Null(await cache.GetAsync<string>("k"));
        await cache.GetOrCreateAsync("k", _ => new ValueTask<int>(++calls));
        await cache.GetOrCreateAsync("k", _ => new ValueTask<int>(++calls));

        Assert.Equal(2, calls);
        Assert.Equal(0, cache.GetStats().Entries);
    }

    [Fact]
    public async Task A_zero_or_negative_ttl_is_rejected()
    {
        await using CacheManager cache = Managers.Create();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await cache.SetAsync("k", 1, TimeSpan.Zero));
    }

    [ImmutableObject(true)]
    public sealed class FrozenAnswer(string text)
    {
        public string Text { get; } = text;
    }

    public sealed record Reply(string Id, int Tokens);

    public sealed class MutableAnswer
    {
        public string Text { get; set; } = string.Empty;

        public List<int> Tokens { get; set; } = [];
    }
}

using System.Collections.Generic;
using System.Threading.Tasks;

namespace Caching.Tests.Manager;

public class CallContextTests
{
    [Fact]
    public async Task The_scope_records_a_miss_then_a_hit_with_the_key()
    {
        await using CacheManager cache = Managers.Create();

        using (CacheCallContext first = CacheCallContext.Begin())
        {
            await cache.GetOrCreateAsync("chat:m:k", _ => new ValueTask<int>(1));
            Assert.Equal(CacheOutcome.Miss, first.Outcome);
            Assert.Equal("chat:m:k", first.Key);
        }

        using CacheCallContext second = CacheCallContext.Begin();
        await cache.GetOrCreateAsync("chat:m:k", _ => new ValueTask<int>(2));
        Assert.Equal(CacheOutcome.Hit, second.Outcome);
    }

    [Fact]
    public async Task Refresh_skips_the_read_and_stores_the_fresh_answer()
    {
        await using CacheManager cache = Managers.Create();
        await cache.SetAsync("k", "old");

        using (CacheCallContext call = CacheCallContext.Begin(CacheReadMode.Refresh))
        {
            Assert.Equal("new", await cache.GetOrCreateAsync("k", _ => new ValueTask<string>("new")));
            Assert.Equal(CacheOutcome.Bypass, call.Outcome);
        }

        Assert.Equal("new", await cache.GetAsync<string>("k"));
    }

    [Fact]
    public async Task No_store_skips_the_read_and_the_write()
    {
        await using CacheManager cache = Managers.Create();
        await cache.SetAsync("k", "old");

        using (CacheCallContext call = CacheCallContext.Begin(CacheReadMode.NoStore))
        {
            Assert.Equal("new", await cache.GetOrCreateAsync("k", _ => new ValueTask<string>("new")));
            Assert.Equal(CacheOutcome.Bypass, call.Outcome);
        }

        Assert.Equal("old", await cache.GetAsync<string>("k"));
    }

    [Fact]
    public async Task Calls_that_skip_the_read_are_counted_as_bypasses_not_as_misses()
    {
        await using CacheManager cache = Managers.Create();

        using (CacheCallContext.Begin(CacheReadMode.Refresh))
        {
            await cache.GetOrCreateAsync("k", _ => new ValueTask<string>("a"));
            await foreach (string element in cache.GetOrCreateStreamAsync("s", 0, static (_, _) => Elements()))
            {
                _ = element;
            }
        }

        CacheStats stats = cache.GetStats();
        Assert.Equal(2, stats.Bypasses);
        Assert.Equal(0, stats.Misses);
    }

    private static async IAsyncEnumerable<string> Elements()
    {
        await Task.Yield();
        yield return "x";
    }

    [Fact]
    public void Disposing_a_scope_restores_the_outer_one()
    {
        using CacheCallContext outer = CacheCallContext.Begin();
        using (CacheCallContext.Begin(CacheReadMode.NoStore))
        {
            Assert.Equal(CacheReadMode.NoStore, CacheCallContext.Current!.Mode);
        }

        Assert.Same(outer, CacheCallContext.Current);
    }
}

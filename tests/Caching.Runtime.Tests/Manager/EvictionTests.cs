using System.Globalization;
using System.Threading.Tasks;

namespace Caching.Tests.Manager;

public class EvictionTests
{
    [Fact]
    public async Task The_store_never_holds_more_than_max_size()
    {
        await using CacheManager cache = Managers.Create(c => c.MaxSize = 100);
        for (int i = 0; i < 1000; i++)
        {
            await cache.SetAsync($"k{i}", i);
        }

        CacheStats stats = cache.GetStats();
        Assert.InRange(stats.Entries, 1, 100);
        Assert.Equal(1000 - stats.Entries, stats.Evictions);
    }

    [Fact]
    public async Task A_scan_of_new_keys_does_not_flush_entries_that_are_read_again()
    {
        await using CacheManager cache = Managers.Create(c => c.MaxSize = 100);
        for (int i = 0; i < 100; i++)
        {
            await cache.SetAsync($"old{i}", i + 1);
        }

        // Reading marks these as recently used; the others are never touched again.
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 20; i++)
            {
                Assert.Equal(i + 1, await cache.GetAsync<int>($"old{i}"));
            }
        }

        for (int i = 0; i < 60; i++)
        {
            await cache.SetAsync($"new{i}", i + 1);
        }

        int readSurvivors = 0;
        for (int i = 0; i < 20; i++)
        {
            readSurvivors += await cache.GetAsync<int>($"old{i}") == i + 1 ? 1 : 0;
        }

        int scanSurvivors = 0;
        for (int i = 0; i < 60; i++)
        {
            scanSurvivors += await cache.GetAsync<int>($"new{i}") == i + 1 ? 1 : 0;
        }

        // ConcurrentLru is a scan-resistant pseudo-LRU (hot, warm and cold queues, as in 2Q): entries read again are
        // promoted, not pinned, so the bound is "nearly all of them"; keys written once and never read leave first.
        Assert.InRange(readSurvivors, 18, 20);
        Assert.True(scanSurvivors < 60, $"{scanSurvivors} of 60 scan keys survived");
        Assert.Equal(100, cache.GetStats().Entries);
    }

    [Fact]
    public async Task Evictions_release_their_memory()
    {
        await using CacheManager cache = Managers.Create(c => c.MaxSize = 10);
        for (int i = 0; i < 100; i++)
        {
            await cache.SetAsync(string.Create(CultureInfo.InvariantCulture, $"k{i:D3}"), new string('x', 50));
        }

        // Every entry: a 50-character string (100 B + 22 B header), a key of 4 characters (8 B) and the per-entry overhead.
        CacheStats stats = cache.GetStats();
        Assert.Equal(10, stats.Entries);
        Assert.Equal(stats.Entries * (122 + 8 + MemoryLevel.EntryOverheadBytes), stats.MemoryUsageBytes);
    }
}

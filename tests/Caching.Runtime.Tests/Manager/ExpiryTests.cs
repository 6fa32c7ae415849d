using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Caching.Tests.Manager;

public class ExpiryTests
{
    [Fact]
    public async Task An_entry_is_served_until_its_ttl_and_missed_after()
    {
        var time = new FakeTimeProvider();
        await using CacheManager cache = Managers.Create(c => c.Ttl = TimeSpan.FromMinutes(10), time);
        await cache.SetAsync("k", "v");

        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.Equal("v", await cache.GetAsync<string>("k"));

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await cache.GetAsync<string>("k"));
        Assert.Equal(1, cache.GetStats().Expirations);
    }

    [Fact]
    public async Task A_per_call_ttl_overrides_the_default()
    {
        var time = new FakeTimeProvider();
        await using CacheManager cache = Managers.Create(c => c.Ttl = TimeSpan.FromHours(1), time);
        await cache.SetAsync("short", "v", TimeSpan.FromSeconds(30));
        await cache.SetAsync("long", "v");

        time.Advance(TimeSpan.FromSeconds(31));

        Assert.Null(await cache.GetAsync<string>("short"));
        Assert.Equal("v", await cache.GetAsync<string>("long"));
    }

    [Fact]
    public async Task Expired_entries_are_swept_without_waiting_for_a_read()
    {
        var time = new FakeTimeProvider();
        await using CacheManager cache = Managers.Create(c => c.Ttl = TimeSpan.FromMinutes(1), time);
        for (int i = 0; i < 50; i++)
        {
            await cache.SetAsync($"k{i}", new string('x', 10));
        }

        time.Advance(TimeSpan.FromMinutes(1) + MemoryLevel.SweepIntervalFor(TimeSpan.FromMinutes(1)));

        CacheStats stats = cache.GetStats();
        Assert.Equal(0, stats.Entries);
        Assert.Equal(50, stats.Expirations);
        Assert.Equal(0, stats.MemoryUsageBytes);
        Assert.Equal(0, stats.Misses);
    }

    [Fact]
    public void Sweep_interval_is_a_tenth_of_the_ttl_within_bounds()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), MemoryLevel.SweepIntervalFor(TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromSeconds(6), MemoryLevel.SweepIntervalFor(TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromSeconds(1), MemoryLevel.SweepIntervalFor(TimeSpan.FromMilliseconds(250)));
    }
}

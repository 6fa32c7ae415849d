using System;
using System.Threading.Tasks;

namespace Caching.Tests.Manager;

public class InvalidationTests
{
    private static string Hash(char c) => new(c, 64);

    [Theory]
    [InlineData("a*b", "ab", "axxb")]
    [InlineData("x?y", "xzy", "xy")]
    [InlineData("ft:gpt-4o:org", "ft:gpt-4o", "ft:gpt-4o:org2")]
    [InlineData("ft:gpt-4o", "ft:gpt-4o:org", "ft:gpt-4o2")]
    [InlineData("[v1]", "v", "1")]
    [InlineData("100%", "100", "100%25")]
    public async Task A_model_pattern_matches_only_that_model(string model, string lookalike, string otherLookalike)
    {
        await using CacheManager cache = Managers.Create();
        string target = CacheKeyBuilder.ChatCompletionKey(model, Hash('a'));
        string keep1 = CacheKeyBuilder.ChatCompletionKey(lookalike, Hash('b'));
        string keep2 = CacheKeyBuilder.ChatCompletionKey(otherLookalike, Hash('c'));
        string keep3 = CacheKeyBuilder.EmbeddingKey(model, Hash('d'));
        foreach (string key in new[] { target, keep1, keep2, keep3 })
        {
            await cache.SetAsync(key, key);
        }

        long removed = await cache.InvalidateAsync("chat:" + CacheKeyBuilder.EscapePattern(model) + ":*");

        Assert.Equal(1, removed);
        Assert.Null(await cache.GetAsync<string>(target));
        Assert.Equal(keep1, await cache.GetAsync<string>(keep1));
        Assert.Equal(keep2, await cache.GetAsync<string>(keep2));
        Assert.Equal(keep3, await cache.GetAsync<string>(keep3));
    }

    [Fact]
    public async Task A_scope_pattern_removes_that_scope_only()
    {
        await using CacheManager cache = Managers.Create();
        string acme = CacheKeyBuilder.ScopedKey("acme", CacheKeyBuilder.ChatCompletionKey("m", Hash('a')));
        string acmeCorp = CacheKeyBuilder.ScopedKey("acme:corp", CacheKeyBuilder.ChatCompletionKey("m", Hash('a')));
        string unscoped = CacheKeyBuilder.ChatCompletionKey("m", Hash('a'));
        await cache.SetAsync(acme, 1);
        await cache.SetAsync(acmeCorp, 2);
        await cache.SetAsync(unscoped, 3);

        long removed = await cache.InvalidateAsync("scope:" + CacheKeyBuilder.EscapePattern("acme") + ":*");

        Assert.Equal(1, removed);
        Assert.Equal(2, await cache.GetAsync<int>(acmeCorp));
        Assert.Equal(3, await cache.GetAsync<int>(unscoped));
    }

    [Fact]
    public async Task Clear_with_a_wrong_key_throws_and_removes_nothing()
    {
        await using CacheManager cache = Managers.Create();
        await cache.SetAsync("a", 1);
        await cache.SetAsync("b", 2);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => await cache.ClearAsync("wrong"));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => await cache.ClearAsync(null));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => await cache.ClearAsync("admin-secret "));

        Assert.Equal(2, cache.GetStats().Entries);
    }

    [Fact]
    public async Task Clear_without_a_configured_admin_key_is_impossible()
    {
        await using CacheManager cache = Managers.Create(c => c.AdminKey = null);
        await cache.SetAsync("a", 1);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => await cache.ClearAsync(string.Empty));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => await cache.ClearAsync(null));
        Assert.Equal(1, cache.GetStats().Entries);
    }

    [Fact]
    public async Task Clear_with_the_admin_key_removes_every_entry()
    {
        await using CacheManager cache = Managers.Create();
        for (int i = 0; i < 10; i++)
        {
            await cache.SetAsync($"k{i}", i);
        }

        Assert.Equal(10, await cache.ClearAsync("admin-secret"));

        CacheStats stats = cache.GetStats();
        Assert.Equal(0, stats.Entries);
        Assert.Equal(0, stats.MemoryUsageBytes);
    }
}

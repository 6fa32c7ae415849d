using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Caching.Tests.Manager;

/// <summary>
/// A copier in the manager's <see cref="CacheConfig.ValueCopiers"/> (from configuration or from the DI container) replaces
/// the JSON round trip of a mutable type: it copies the value in and out, so callers still never share an instance. Each
/// manager has its own copiers: one manager's never reach another.
/// </summary>
public class ValueCopierTests
{
    [Fact]
    public async Task A_copier_copies_in_and_out_and_no_caller_reaches_another()
    {
        int copies = 0;
        await using CacheManager cache = Managers.Create(c => c.ValueCopiers.Add<Basket>(b => { Interlocked.Increment(ref copies); return new Basket { Items = [.. b.Items] }; }));
        var original = new Basket { Items = ["a"] };

        await cache.SetAsync("basket", original);
        original.Items.Add("changed after set");
        Basket? first = await cache.GetAsync<Basket>("basket");
        first!.Items.Add("changed by the first caller");
        Basket? second = await cache.GetAsync<Basket>("basket");

        Assert.Equal(["a"], second!.Items);
        Assert.NotSame(first, second);
        Assert.Equal(3, copies);
    }

    [Fact]
    public async Task A_value_the_copier_declines_is_kept_as_json_and_still_isolated()
    {
        int copies = 0;
        await using CacheManager cache = Managers.Create(c => c.ValueCopiers.Add<Basket>(b =>
        {
            Interlocked.Increment(ref copies);
            return b.Items.Count > 1 ? null : new Basket { Items = [.. b.Items] };
        }));

        await cache.SetAsync("declined", new Basket { Items = ["a", "b"] });
        Basket? first = await cache.GetAsync<Basket>("declined");
        first!.Items.Clear();
        Basket? second = await cache.GetAsync<Basket>("declined");

        Assert.Equal(["a", "b"], second!.Items);
        Assert.Equal(1, copies);
    }

    [Fact]
    public async Task Entries_stored_as_json_before_a_copier_is_added_still_read()
    {
        await using CacheManager cache = Managers.Create();
        await cache.SetAsync("late", new Basket { Items = ["kept as json"] });

        int copies = 0;
        cache.ValueCopiers.Add<Basket>(b => { Interlocked.Increment(ref copies); return new Basket { Items = [.. b.Items] }; });
        Basket? read = await cache.GetAsync<Basket>("late");
        await cache.SetAsync("late-2", new Basket { Items = ["copied"] });
        Basket? copied = await cache.GetAsync<Basket>("late-2");

        Assert.Equal(["kept as json"], read!.Items);
        Assert.Equal(["copied"], copied!.Items);
        Assert.Equal(2, copies);
    }

    [Fact]
    public async Task One_managers_copier_never_reaches_another_manager()
    {
        int copies = 0;
        await using CacheManager copying = Managers.Create(c => c.ValueCopiers.Add<Basket>(b => { Interlocked.Increment(ref copies); return new Basket { Items = [.. b.Items] }; }));
        await using CacheManager plain = Managers.Create();

        await plain.SetAsync("basket", new Basket { Items = ["json"] });
        await plain.GetAsync<Basket>("basket");

        Assert.Equal(0, copies);
        Assert.Null(plain.ValueCopiers.For<Basket>());
        Assert.NotNull(copying.ValueCopiers.For<Basket>());
    }

    [Fact]
    public async Task A_copier_added_in_the_container_is_the_managers()
    {
        int copies = 0;
        await using ServiceProvider services = new ServiceCollection()
            .AddCaching(new CacheConfig())
            .AddCacheValueCopier<Basket>(b => { Interlocked.Increment(ref copies); return new Basket { Items = [.. b.Items] }; })
            .BuildServiceProvider();
        ICacheManager cache = services.GetRequiredService<ICacheManager>();

        await cache.SetAsync("basket", new Basket { Items = ["a"] });
        await cache.GetAsync<Basket>("basket");

        Assert.Equal(2, copies);
    }

    [Fact]
    public void A_copier_for_an_array_or_for_object_is_refused()
    {
        var copiers = new CacheValueCopiers();

        Assert.Throws<ArgumentException>(() => copiers.Add<int[]>(a => a));
        Assert.Throws<ArgumentException>(() => copiers.Add<object>(o => o));
    }

    public sealed class Basket
    {
        public List<string> Items { get; set; } = [];
    }
}

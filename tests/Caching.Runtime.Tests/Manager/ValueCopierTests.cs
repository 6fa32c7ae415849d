using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Tests.Manager;

/// <summary>
/// A registered <see cref="CacheValueCopier"/> replaces the JSON round trip of a mutable type: it copies the value in and
/// out, so callers still never share an instance. Registration is per type and process-wide, so each test has its own type.
/// </summary>
public class ValueCopierTests
{
    [Fact]
    public async Task A_copier_copies_in_and_out_and_no_caller_reaches_another()
    {
        int copies = 0;
        CacheValueCopier.Register<CopiedBasket>(b => { Interlocked.Increment(ref copies); return new CopiedBasket { Items = [.. b.Items] }; });
        await using CacheManager cache = Managers.Create();
        var original = new CopiedBasket { Items = ["a"] };

        await cache.SetAsync("basket", original);
        original.Items.Add("changed after set");
        CopiedBasket? first = await cache.GetAsync<CopiedBasket>("basket");
        first!.Items.Add("changed by the first caller");
        CopiedBasket? second = await cache.GetAsync<CopiedBasket>("basket");

        Assert.Equal(["a"], second!.Items);
        Assert.NotSame(first, second);
        Assert.Equal(3, copies);
    }

    [Fact]
    public async Task A_value_the_copier_declines_is_kept_as_json_and_still_isolated()
    {
        int copies = 0;
        CacheValueCopier.Register<DeclinedBasket>(b =>
        {
            Interlocked.Increment(ref copies);
            return b.Items.Count > 1 ? null : new DeclinedBasket { Items = [.. b.Items] };
        });
        await using CacheManager cache = Managers.Create();

        await cache.SetAsync("declined", new DeclinedBasket { Items = ["a", "b"] });
        DeclinedBasket? first = await cache.GetAsync<DeclinedBasket>("declined");
        first!.Items.Clear();
        DeclinedBasket? second = await cache.GetAsync<DeclinedBasket>("declined");

        Assert.Equal(["a", "b"], second!.Items);
        Assert.Equal(1, copies);
    }

    [Fact]
    public async Task Entries_stored_as_json_before_a_copier_is_registered_still_read()
    {
        await using CacheManager cache = Managers.Create();
        await cache.SetAsync("late", new LateBasket { Items = ["kept as json"] });

        int copies = 0;
        CacheValueCopier.Register<LateBasket>(b => { Interlocked.Increment(ref copies); return new LateBasket { Items = [.. b.Items] }; });
        LateBasket? read = await cache.GetAsync<LateBasket>("late");
        await cache.SetAsync("late-2", new LateBasket { Items = ["copied"] });
        LateBasket? copied = await cache.GetAsync<LateBasket>("late-2");

        Assert.Equal(["kept as json"], read!.Items);
        Assert.Equal(["copied"], copied!.Items);
        Assert.Equal(2, copies);
    }

    [Fact]
    public void A_copier_for_an_array_or_for_object_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CacheValueCopier.Register<int[]>(a => a));
        Assert.Throws<ArgumentException>(() => CacheValueCopier.Register<object>(o => o));
    }

    public sealed class CopiedBasket
    {
        public List<string> Items { get; set; } = [];
    }

    public sealed class DeclinedBasket
    {
        public List<string> Items { get; set; } = [];
    }

    public sealed class LateBasket
    {
        public List<string> Items { get; set; } = [];
    }
}

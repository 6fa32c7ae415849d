using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace Caching.Tests.Manager;

/// <summary>The memory store is bounded in bytes as well as entries, and never keeps what is too large to keep.</summary>
public class MemoryBoundTests
{
    private const long Megabyte = 1L << 20;

    /// <summary>A shared immutable answer (a sealed record of read-only strings and numbers).</summary>
    public sealed record Answer(string Id, string Model, string Text, int PromptTokens, int CompletionTokens);

    [Fact]
    public async Task A_burst_of_one_megabyte_answers_stays_under_max_memory()
    {
        await using CacheManager cache = Managers.Create(c =>
        {
            c.MaxMemory = 4 * Megabyte;
            c.MaxEntrySize = 2 * Megabyte;
            c.MaxSize = 10_000;
        });

        for (int i = 0; i < 40; i++)
        {
            await cache.SetAsync($"k{i}", new string((char)('a' + (i % 26)), 512 * 1024)); // 1 MB of UTF-16 each
            Assert.InRange(cache.GetStats().MemoryUsageBytes, 0, 4 * Megabyte);
        }

        CacheStats stats = cache.GetStats();
        Assert.InRange(stats.Entries, 1, 4);
        Assert.True(stats.Evictions >= 36, $"evictions: {stats.Evictions}");
        Assert.NotNull(await cache.GetAsync<string>("k39"));
    }

    [Fact]
    public async Task An_answer_larger_than_max_entry_size_is_served_not_stored_and_counted()
    {
        await using CacheManager cache = Managers.Create(c => c.MaxEntrySize = 64 * 1024);
        int calls = 0;
        string large = new('x', 64 * 1024);

        string first = await cache.GetOrCreateAsync("big", _ => { calls++; return new ValueTask<string>(large); });
        string second = await cache.GetOrCreateAsync("big", _ => { calls++; return new ValueTask<string>(large); });

        Assert.Same(large, first);
        Assert.Same(large, second);
        Assert.Equal(2, calls);
        Assert.Equal(2, cache.GetStats().Oversized);
        Assert.Equal(0, cache.GetStats().Entries);
        Assert.Equal(0, cache.GetStats().MemoryUsageBytes);
    }

    [Fact]
    public async Task An_oversized_answer_does_not_leave_an_older_one_to_be_served()
    {
        await using CacheManager cache = Managers.Create(c => c.MaxEntrySize = 64 * 1024);
        await cache.SetAsync("k", "small and old");

        await cache.SetAsync("k", new string('x', 64 * 1024));

        Assert.Null(await cache.GetAsync<string>("k"));
        Assert.Equal(0, cache.GetStats().MemoryUsageBytes);
    }

    [Fact]
    public async Task The_running_total_equals_the_sum_of_held_entries_after_concurrent_writes_removals_and_evictions()
    {
        await using CacheManager cache = Managers.Create(c =>
        {
            c.MaxMemory = 256 * 1024;
            c.MaxSize = 100;
        });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (int i = 0; i < 2000; i++)
            {
                string key = "k" + random.Next(150).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (random.Next(10) == 0)
                {
                    await cache.RemoveAsync(key);
                }
                else
                {
                    await cache.SetAsync(key, new string('v', random.Next(1, 4000)));
                }
            }
        })));

        // Each held entry's retained size, from what is public: its value (a shared string: its characters and header),
        // its key and the store's per-entry overhead.
        long held = 0;
        for (int i = 0; i < 150; i++)
        {
            string key = "k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (await cache.GetAsync<string>(key) is { } value)
            {
                held += (value.Length * 2L) + 22 + (key.Length * 2L) + MemoryLevel.EntryOverheadBytes;
            }
        }

        CacheStats stats = cache.GetStats();
        Assert.Equal(held, stats.MemoryUsageBytes);
        Assert.InRange(stats.MemoryUsageBytes, 0, 256 * 1024);
    }

    [Fact]
    public void The_size_estimate_of_a_shared_answer_is_within_two_times_its_measured_heap()
    {
        const int Count = 2000;
        string text = string.Concat(Enumerable.Repeat("The answer, in a few sentences of prose. ", 30));
        var answers = new Answer[Count];
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 0; i < Count; i++)
        {
            // Distinct strings per answer, as answers from a provider are.
            answers[i] = new Answer("chatcmpl-" + i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture), new string("gpt-4o".AsSpan()), new string(text.AsSpan()), 1200, 300);
        }

        long measured = (GC.GetTotalMemory(forceFullCollection: true) - before) / Count;
        ValueCodec<Answer>.ToStored(answers[0], copier: null, JsonSerializerOptions.Default, out _, out long estimated);
        GC.KeepAlive(answers);

        Assert.Equal(ValueHandling.Shared, ValueCodec<Answer>.Handling);
        Assert.InRange((double)estimated / measured, 0.5, 2.0);
    }
}

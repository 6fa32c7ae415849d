using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Generators.Tests.Behaviour.Streaming;

namespace Caching.Generators.Tests.Behaviour;

/// <summary>A generated decorator around a method returning IAsyncEnumerable: pass-through on a miss, replay on a hit, one provider stream per key.</summary>
public sealed class StreamingBehaviourTests : IAsyncLifetime
{
    private readonly ScriptedStreamProvider _provider = new("Hel", "lo, ", "wor", "ld");
    private CacheManager _cache = null!;
    private CachedStreamingProvider _cached = null!;

    public Task InitializeAsync()
    {
        _cache = CacheManager.Create(new CacheConfig());
        _cached = new CachedStreamingProvider(_provider, _cache);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cache.DisposeAsync();

    private async Task<List<Chunk>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var chunks = new List<Chunk>();
        await foreach (Chunk chunk in _cached.StreamAsync("gpt-4o", "hi", cancellationToken))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    [Fact]
    public async Task A_miss_passes_each_chunk_on_before_the_provider_produces_the_next()
    {
        await using IAsyncEnumerator<Chunk> stream = _cached.StreamAsync("gpt-4o", "hi").GetAsyncEnumerator();

        // Bounded: a cache that buffered the stream before passing it on would never return here.
        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("Hel", stream.Current.Text);

        // The provider is still waiting to produce the second chunk: nothing was buffered before the first reached us.
        _provider.Release(3);
        var rest = new List<string>();
        while (await stream.MoveNextAsync())
        {
            rest.Add(stream.Current.Text);
        }

        Assert.Equal(["lo, ", "wor", "ld"], rest);
    }

    [Fact]
    public async Task A_hit_replays_the_same_chunks_in_order_without_calling_the_provider()
    {
        _provider.Gated = false;
        List<Chunk> first = await ReadAllAsync();
        List<Chunk> second = await ReadAllAsync();

        Assert.Equal(first, second);
        Assert.Equal(4, second.Count);
        Assert.Equal(1, _provider.Calls);
        CacheStats stats = _cache.GetStats();
        Assert.Equal(1, stats.Hits);
        Assert.Equal(1, stats.Misses);
        Assert.Equal(4, stats.StreamElementsReplayed);
    }

    [Fact]
    public async Task A_failure_mid_stream_reaches_the_caller_and_stores_nothing()
    {
        _provider.Gated = false;
        _provider.FailAt = 2;
        var received = new List<string>();

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (Chunk chunk in _cached.StreamAsync("gpt-4o", "hi"))
            {
                received.Add(chunk.Text);
            }
        });

        Assert.Contains("chunk 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(["Hel", "lo, "], received);
        _provider.FailAt = null;
        await ReadAllAsync();
        Assert.Equal(2, _provider.Calls);
        Assert.Equal(0, _cache.GetStats().Hits);
    }

    [Fact]
    public async Task A_caller_that_stops_early_cancels_the_provider_and_stores_nothing()
    {
        await foreach (Chunk chunk in _cached.StreamAsync("gpt-4o", "hi"))
        {
            break;
        }

        await _provider.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, _cache.GetStats().Sets);
        _provider.Gated = false;
        await ReadAllAsync();
        Assert.Equal(2, _provider.Calls);
    }

    [Fact]
    public async Task A_caller_that_cancels_cancels_the_provider_and_stores_nothing()
    {
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (Chunk chunk in _cached.StreamAsync("gpt-4o", "hi", cancel.Token))
            {
                await cancel.CancelAsync();
            }
        });

        await _provider.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, _cache.GetStats().Sets);
    }

    [Fact]
    public async Task A_hundred_concurrent_identical_streams_make_one_provider_call_and_all_get_every_chunk()
    {
        const int Callers = 100;
        using var allHaveTheFirst = new CountdownEvent(Callers);
        Task<List<string>>[] callers = [.. Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            var texts = new List<string>();
            await foreach (Chunk chunk in _cached.StreamAsync("gpt-4o", "hi"))
            {
                texts.Add(chunk.Text);
                if (texts.Count == 1)
                {
                    allHaveTheFirst.Signal();
                }
            }

            return texts;
        }))];

        // Every caller has joined (each received the first chunk) before the provider produces the rest.
        await Task.Run(() => allHaveTheFirst.Wait(TimeSpan.FromSeconds(30)));
        _provider.Release(3);
        List<string>[] results = await Task.WhenAll(callers);

        Assert.Equal(1, _provider.Calls);
        Assert.All(results, texts => Assert.Equal(["Hel", "lo, ", "wor", "ld"], texts));
    }

    [Fact]
    public async Task A_late_caller_receives_the_chunks_already_produced_then_the_live_ones()
    {
        await using IAsyncEnumerator<Chunk> early = _cached.StreamAsync("gpt-4o", "hi").GetAsyncEnumerator();
        Assert.True(await early.MoveNextAsync());
        _provider.Release(1);
        Assert.True(await early.MoveNextAsync());

        Task<List<Chunk>> late = ReadAllAsync();
        _provider.Release(2);
        List<Chunk> lateChunks = await late;

        Assert.Equal(["Hel", "lo, ", "wor", "ld"], lateChunks.Select(c => c.Text));
        Assert.Equal(1, _provider.Calls);
    }

    [Fact]
    public async Task An_invalidation_while_a_stream_is_in_flight_lets_it_finish_but_not_be_stored()
    {
        await using IAsyncEnumerator<Chunk> stream = _cached.StreamAsync("gpt-4o", "hi").GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());

        await _cache.InvalidateAsync("chat:*");
        _provider.Release(3);
        int count = 1;
        while (await stream.MoveNextAsync())
        {
            count++;
        }

        Assert.Equal(4, count);
        Assert.Equal(0, _cache.GetStats().Sets);
    }

    [Fact]
    public async Task No_store_and_refresh_modes_apply_to_streams()
    {
        _provider.Gated = false;
        using (CacheCallContext noStore = CacheCallContext.Begin(CacheReadMode.NoStore))
        {
            await ReadAllAsync();
            Assert.Equal(CacheOutcome.Bypass, noStore.Outcome);
        }

        Assert.Equal(0, _cache.GetStats().Sets);
        using (CacheCallContext refresh = CacheCallContext.Begin(CacheReadMode.Refresh))
        {
            await ReadAllAsync();
            Assert.Equal(CacheOutcome.Bypass, refresh.Outcome);
        }

        using CacheCallContext normal = CacheCallContext.Begin(CacheReadMode.Normal);
        await ReadAllAsync();
        Assert.Equal(CacheOutcome.Hit, normal.Outcome);
        Assert.Equal(2, _provider.Calls);
    }

    [Fact]
    public async Task A_stream_longer_than_max_stream_elements_is_passed_through_and_not_stored()
    {
        await using CacheManager small = CacheManager.Create(new CacheConfig { MaxStreamElements = 3 });
        var cached = new CachedStreamingProvider(_provider, small);
        _provider.Gated = false;

        var first = new List<Chunk>();
        await foreach (Chunk chunk in cached.StreamAsync("gpt-4o", "hi"))
        {
            first.Add(chunk);
        }

        await foreach (Chunk chunk in cached.StreamAsync("gpt-4o", "hi"))
        {
            Assert.NotNull(chunk);
        }

        Assert.Equal(4, first.Count);
        Assert.Equal(2, _provider.Calls);
        Assert.Equal(2, small.GetStats().Oversized);
    }
}

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Caching.Tests.FailSafe;

/// <summary>
/// A stream whose provider fails before its first element is answered by the stale recording of its key; one that fails
/// midway is passed through as it fails, and nothing is stored.
/// </summary>
public sealed class StaleStreamTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private CacheManager Create() => CacheManager.Create(new CacheConfig { Ttl = TimeSpan.FromMinutes(10), StaleIfError = TimeSpan.FromDays(1) }, timeProvider: _time);

    private static async IAsyncEnumerable<string> Elements(string[] elements, int failAfter = -1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < elements.Length; i++)
        {
            if (i == failAfter)
            {
                throw new InvalidOperationException("the provider failed midway");
            }

            await Task.Yield();
            yield return elements[i];
        }

        if (failAfter >= elements.Length)
        {
            throw new InvalidOperationException("the provider failed at the end");
        }
    }

    private static async IAsyncEnumerable<string> Refused([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        throw new InvalidOperationException("the provider refused the stream");
#pragma warning disable CS0162 // an iterator needs a yield to be one
        yield break;
#pragma warning restore CS0162
    }

    private static async Task<List<string>> ReadAsync(IAsyncEnumerable<string> stream)
    {
        var read = new List<string>();
        await foreach (string element in stream)
        {
            read.Add(element);
        }

        return read;
    }

    [Fact]
    public async Task A_stream_refused_before_its_first_element_is_answered_by_the_stale_recording()
    {
        await using CacheManager cache = Create();
        await ReadAsync(cache.GetOrCreateStreamAsync("s", 0, (_, token) => Elements(["a", "b", "c"], cancellationToken: token)));
        _time.Advance(TimeSpan.FromMinutes(11));

        using CacheCallContext call = CacheCallContext.Begin();
        List<string> replayed = await ReadAsync(cache.GetOrCreateStreamAsync("s", 0, (_, token) => Refused(token)));

        Assert.Equal(["a", "b", "c"], replayed);
        Assert.Equal(CacheOutcome.Stale, call.Outcome);
        Assert.Equal(1, cache.GetStats().StaleServed);
    }

    [Fact]
    public async Task A_stream_that_fails_midway_reaches_the_caller_as_it_fails_and_stores_nothing()
    {
        await using CacheManager cache = Create();
        await ReadAsync(cache.GetOrCreateStreamAsync("s", 0, (_, token) => Elements(["a", "b", "c"], cancellationToken: token)));
        _time.Advance(TimeSpan.FromMinutes(11));
        var read = new List<string>();

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (string element in cache.GetOrCreateStreamAsync("s", 0, (_, token) => Elements(["x", "y", "z"], failAfter: 2, token)))
            {
                read.Add(element);
            }
        });

        Assert.Equal(["x", "y"], read);
        Assert.Equal(0, cache.GetStats().StaleServed);
        Assert.Equal(1, cache.GetStats().Sets);
    }

    [Fact]
    public async Task A_caller_that_refuses_stale_answers_gets_the_failure()
    {
        await using CacheManager cache = Create();
        await ReadAsync(cache.GetOrCreateStreamAsync("s", 0, (_, token) => Elements(["a"], cancellationToken: token)));
        _time.Advance(TimeSpan.FromMinutes(11));

        using CacheCallContext call = CacheCallContext.Begin(new CacheDirectives { StaleIfError = TimeSpan.Zero });

        await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAsync(cache.GetOrCreateStreamAsync("s", 0, (_, token) => Refused(token))));
    }

    [Fact]
    public async Task A_stale_recording_is_never_replayed_while_the_provider_streams()
    {
        await using CacheManager cache = Create();
        await ReadAsync(cache.GetOrCreateStreamAsync("s", 0, (_, token) => Elements(["old"], cancellationToken: token)));
        _time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(["new"], await ReadAsync(cache.GetOrCreateStreamAsync("s", 0, (_, token) => Elements(["new"], cancellationToken: token))));
        Assert.Equal(0, cache.GetStats().StaleServed);
    }
}

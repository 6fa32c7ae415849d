using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Tests.Manager;

public class StampedeTests
{
    [Fact]
    public async Task A_thousand_concurrent_misses_make_one_factory_call()
    {
        await using CacheManager cache = Managers.Create();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0;

        Task<string>[] callers = Enumerable.Range(0, 1000)
            .Select(_ => cache.GetOrCreateAsync("chat:m:same", async _ =>
            {
                Interlocked.Increment(ref calls);
                await release.Task;
                return "answer";
            }).AsTask())
            .ToArray();
        release.SetResult();
        string[] answers = await Task.WhenAll(callers);

        Assert.Equal(1, calls);
        Assert.All(answers, a => Assert.Equal("answer", a));
        Assert.Equal("answer", await cache.GetAsync<string>("chat:m:same"));
    }

    [Fact]
    public async Task Concurrent_misses_from_many_threads_make_one_factory_call()
    {
        await using CacheManager cache = Managers.Create();
        int calls = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<int>[] workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await cache.GetOrCreateAsync("k", async _ =>
            {
                Interlocked.Increment(ref calls);
                await Task.Yield();
                return 7;
            });
        })).ToArray();
        start.SetResult();

        Assert.All(await Task.WhenAll(workers), v => Assert.Equal(7, v));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_failing_factory_fails_every_waiter_and_caches_nothing()
    {
        await using CacheManager cache = Managers.Create();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0;

        Task<string>[] callers = Enumerable.Range(0, 10)
            .Select(_ => cache.GetOrCreateAsync<string>("k", async _ =>
            {
                Interlocked.Increment(ref calls);
                await release.Task;
                throw new InvalidOperationException("provider down");
            }).AsTask())
            .ToArray();
        release.SetResult();

        foreach (Task<string> caller in callers)
        {
            InvalidOperationException ex = await Assert.ThrowsAsync<InvalidOperationException>(() => caller);
            Assert.Equal("provider down", ex.Message);
        }

        Assert.Equal(1, calls);
        Assert.Equal(0, cache.GetStats().Entries);
        Assert.Equal(0, cache.GetStats().Sets);
        Assert.Equal("retry", await cache.GetOrCreateAsync("k", _ => new ValueTask<string>("retry")));
    }

    [Fact]
    public async Task One_waiters_cancellation_cancels_neither_the_others_nor_the_factory()
    {
        await using CacheManager cache = Managers.Create();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken factoryToken = default;
        using var impatient = new CancellationTokenSource();

        Task<string> leader = cache.GetOrCreateAsync("k", async token =>
        {
            factoryToken = token;
            await release.Task;
            return "answer";
        }).AsTask();
        Task<string> quitter = cache.GetOrCreateAsync("k", _ => new ValueTask<string>("never"), cancellationToken: impatient.Token).AsTask();
        Task<string> patient = cache.GetOrCreateAsync("k", _ => new ValueTask<string>("never")).AsTask();

        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => quitter);
        Assert.False(factoryToken.IsCancellationRequested);

        release.SetResult();
        Assert.Equal("answer", await leader);
        Assert.Equal("answer", await patient);
    }

    [Fact]
    public async Task The_factory_is_cancelled_when_every_waiter_has_cancelled()
    {
        await using CacheManager cache = Managers.Create();
        var factoryCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();

        Task<string> a = cache.GetOrCreateAsync("k", async token =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                factoryCancelled.TrySetResult();
                throw;
            }

            return "unreachable";
        }, cancellationToken: first.Token).AsTask();
        Task<string> b = cache.GetOrCreateAsync("k", _ => new ValueTask<string>("never"), cancellationToken: second.Token).AsTask();

        await first.CancelAsync();
        Assert.False(factoryCancelled.Task.IsCompleted);
        await second.CancelAsync();

        await factoryCancelled.Task;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b);
        Assert.Equal(0, cache.GetStats().Entries);
        Assert.Equal("fresh", await cache.GetOrCreateAsync("k", _ => new ValueTask<string>("fresh")));
    }

    [Fact]
    public async Task The_state_overload_passes_state_to_a_static_factory()
    {
        await using CacheManager cache = Managers.Create();

        int value = await cache.GetOrCreateAsync("k", 21, static (half, _) => new ValueTask<int>(half * 2));

        Assert.Equal(42, value);
        Assert.Equal(42, await cache.GetAsync<int>("k"));
    }

    [Fact]
    public async Task A_hit_does_not_call_the_factory()
    {
        await using CacheManager cache = Managers.Create();
        await cache.SetAsync("k", "cached");

        string value = await cache.GetOrCreateAsync<string>("k", _ => throw new InvalidOperationException("must not run"));

        Assert.Equal("cached", value);
    }

    [Fact]
    public async Task An_invalidation_during_a_provider_call_is_not_undone_by_its_result()
    {
        await using CacheManager cache = Managers.Create();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<string> inFlight = cache.GetOrCreateAsync("chat:m:k", async _ =>
        {
            await release.Task;
            return "answer computed before the invalidation";
        }).AsTask();
        await cache.InvalidateAsync("chat:m:*");
        release.SetResult();

        Assert.Equal("answer computed before the invalidation", await inFlight);
        Assert.Null(await cache.GetAsync<string>("chat:m:k"));
    }
}

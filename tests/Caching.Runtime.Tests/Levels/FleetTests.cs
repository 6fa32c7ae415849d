using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Caching.Tests.Levels;

/// <summary>
/// What a fleet of instances relies on, with a fake second level and backplane: concurrent misses cost one read and one
/// provider call, a first connection discards nothing, a set notice never drops a copy as new as the write it announces,
/// and an instance says when it is ready.
/// </summary>
public sealed class FleetTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private CacheManager Create(FakeDistributedLevel level, FakeBackplane? backplane, Action<CacheConfig>? configure = null)
    {
        var config = new CacheConfig { AdminKey = "admin" };
        configure?.Invoke(config);
        return CacheManager.Create(config, timeProvider: _time, distributed: new DistributedBackend(level, backplane));
    }

    [Fact]
    public async Task Twenty_concurrent_misses_read_the_second_level_once_and_call_the_provider_once()
    {
        var level = new FakeDistributedLevel();
        await using CacheManager cache = Create(level, new FakeBackplane());
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0;

        Task<string>[] callers = [.. Enumerable.Range(0, 20).Select(_ => cache.GetOrCreateAsync("k", async _ =>
        {
            Interlocked.Increment(ref calls);
            return await release.Task;
        }).AsTask())];
        release.SetResult("answer");
        string[] answers = await Task.WhenAll(callers);

        Assert.All(answers, answer => Assert.Equal("answer", answer));
        Assert.Equal(1, calls);
        Assert.Equal(1, level.Reads);
        Assert.Equal(20, cache.GetStats().Misses);
    }

    [Fact]
    public async Task Concurrent_misses_of_a_key_another_instance_stored_are_one_read_and_second_level_hits()
    {
        var level = new FakeDistributedLevel();
        await using (CacheManager other = Create(level, null))
        {
            await other.SetAsync("k", "stored elsewhere");
        }

        await using CacheManager cache = Create(level, new FakeBackplane());
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        level.HoldNextRead = hold;
        int reads = level.Reads;

        // The first caller's read is held, so that the other nineteen miss memory and join its flight.
        Task<string>[] callers = [.. Enumerable.Range(0, 20).Select(_ => cache.GetOrCreateAsync("k", _ => new ValueTask<string>("provider")).AsTask())];
        await level.ReadStarted.Task;
        hold.SetResult();
        string[] answers = await Task.WhenAll(callers);

        Assert.All(answers, answer => Assert.Equal("stored elsewhere", answer));
        Assert.Equal(reads + 1, level.Reads);
        Assert.Equal(20, cache.GetStats().L2Hits);
    }

    [Fact]
    public async Task A_first_backplane_connection_discards_nothing_and_lets_a_running_call_store()
    {
        var level = new FakeDistributedLevel();
        var backplane = new FakeBackplane(connected: false);
        await using CacheManager cache = Create(level, backplane);
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<string> running = cache.GetOrCreateAsync("k", async _ => await release.Task).AsTask();

        backplane.Reconnect();
        release.SetResult("first answer");
        await running;

        Assert.Equal(0, cache.GetStats().FallbackEntriesDiscarded);
        Assert.True(level.Contains("k"));
        Assert.Equal("first answer", await cache.GetAsync<string>("k"));
        Assert.Equal(1, cache.GetStats().L1Hits);
    }

    [Fact]
    public async Task A_first_connection_drops_only_copies_taken_while_nobody_could_be_heard()
    {
        var level = new FakeDistributedLevel();
        var backplane = new FakeBackplane(connected: false);
        await using CacheManager cache = Create(level, backplane);
        await cache.SetAsync("written-while-deaf", "v");

        backplane.Reconnect();

        Assert.Equal(1, cache.GetStats().FallbackEntriesDiscarded);
        Assert.Equal(0, cache.GetStats().Entries);
    }

    [Fact]
    public async Task A_reconnection_after_a_gap_drops_every_copy()
    {
        var level = new FakeDistributedLevel();
        var backplane = new FakeBackplane();
        await using CacheManager cache = Create(level, backplane);
        await cache.SetAsync("a", "1");
        await cache.SetAsync("b", "2");

        backplane.Disconnect();
        backplane.Reconnect();

        Assert.Equal(2, cache.GetStats().FallbackEntriesDiscarded);
        Assert.Equal(0, cache.GetStats().Entries);
    }

    [Fact]
    public async Task A_set_notice_keeps_a_copy_of_the_write_it_announces_and_of_a_later_one()
    {
        var level = new FakeDistributedLevel();
        var backplane = new FakeBackplane();
        await using CacheManager cache = Create(level, backplane);
        await cache.SetAsync("k", "mine");
        CacheChange mine = Assert.Single(backplane.Published);

        backplane.Deliver(mine with { });
        Assert.Equal(1, cache.GetStats().Entries);

        backplane.Deliver(new CacheChange(CacheChangeKind.Set, "k") { Version = mine.Version + 1, Created = mine.Created - TimeSpan.FromSeconds(1) });
        Assert.Equal(1, cache.GetStats().Entries);

        backplane.Deliver(new CacheChange(CacheChangeKind.Set, "k") { Version = mine.Version + 1, Created = mine.Created + TimeSpan.FromMilliseconds(1) });
        Assert.Equal(0, cache.GetStats().Entries);
    }

    [Fact]
    public async Task A_set_notice_without_a_version_drops_the_copy()
    {
        var level = new FakeDistributedLevel();
        var backplane = new FakeBackplane();
        await using CacheManager cache = Create(level, backplane);
        await cache.SetAsync("k", "mine");

        backplane.Deliver(new CacheChange(CacheChangeKind.Set, "k"));

        Assert.Equal(0, cache.GetStats().Entries);
    }

    [Fact]
    public async Task A_copy_read_while_its_own_write_is_announced_is_kept_and_one_read_before_a_later_write_is_not()
    {
        var level = new FakeDistributedLevel();
        var backplane = new FakeBackplane();
        await using CacheManager cache = Create(level, backplane);
        var writer = new FakeBackplane();
        await using (CacheManager other = Create(level, writer))
        {
            await other.SetAsync("k", "first write");
        }

        CacheChange firstWrite = Assert.Single(writer.Published);

        // The notice of the very write being read arrives during the read: the copy is kept.
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        level.HoldNextRead = hold;
        ValueTask<string?> read = cache.GetAsync<string>("k");
        await level.ReadStarted.Task;
        backplane.Deliver(firstWrite);
        hold.SetResult();
        Assert.Equal("first write", await read);
        Assert.Equal(1, cache.GetStats().Entries);

        // A later write is announced during a read of an earlier one: that copy is not kept.
        Assert.True(await cache.RemoveAsync("k"));
        await using (CacheManager other = Create(level, writer))
        {
            await other.SetAsync("k", "second write");
        }

        var secondHold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        level.HoldNextRead = secondHold;

        // The fake level takes its bytes and then waits, within this call: the read is in progress when it returns.
        ValueTask<string?> stale = cache.GetAsync<string>("k");
        backplane.Deliver(new CacheChange(CacheChangeKind.Set, "k") { Version = firstWrite.Version + 7, Created = firstWrite.Created + TimeSpan.FromSeconds(1) });
        secondHold.SetResult();
        Assert.Equal("second write", await stale);
        Assert.Equal(0, cache.GetStats().Entries);
    }

    [Fact]
    public async Task Readiness_follows_the_levels_and_the_backplane()
    {
        await using CacheManager memoryOnly = CacheManager.Create(new CacheConfig(), timeProvider: _time);
        var level = new FakeDistributedLevel();
        var backplane = new FakeBackplane(connected: false);
        await using CacheManager cache = Create(level, backplane);

        Assert.Equal(CacheReadinessStatus.Ready, memoryOnly.Readiness.Status);
        Assert.Equal(CacheReadinessStatus.NotReady, cache.Readiness.Status);
        backplane.Reconnect();
        Assert.Equal(CacheReadinessStatus.Ready, cache.Readiness.Status);
        level.SetServing(false);
        Assert.Equal(CacheReadinessStatus.Degraded, cache.Readiness.Status);
        Assert.Contains("memory serves alone", cache.Readiness.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_start_waits_until_the_backplane_is_proven()
    {
        var level = new FakeDistributedLevel();
        var backplane = new FakeBackplane(connected: false);
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton(new DistributedBackend(level, backplane))
            .AddCaching(new CacheConfig { RedisConnectTimeout = TimeSpan.FromSeconds(2) });
        await using ServiceProvider provider = services.BuildServiceProvider();
        IHostedLifecycleService startup = provider.GetServices<IHostedService>().OfType<IHostedLifecycleService>().Single();

        Task starting = startup.StartingAsync(CancellationToken.None);
        Assert.False(starting.IsCompleted);
        backplane.Reconnect();
        await starting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CacheReadinessStatus.Ready, provider.GetRequiredService<CacheManager>().Readiness.Status);
    }

    [Fact]
    public async Task The_host_start_gives_up_waiting_at_the_connect_timeout_and_serves_degraded()
    {
        var level = new FakeDistributedLevel();
        var backplane = new FakeBackplane(connected: false);
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton(new DistributedBackend(level, backplane))
            .AddCaching(new CacheConfig { RedisConnectTimeout = TimeSpan.FromSeconds(2) });
        await using ServiceProvider provider = services.BuildServiceProvider();
        IHostedLifecycleService startup = provider.GetServices<IHostedService>().OfType<IHostedLifecycleService>().Single();

        Task starting = startup.StartingAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(2));
        await starting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CacheReadinessStatus.NotReady, provider.GetRequiredService<CacheManager>().Readiness.Status);
    }

    [Fact]
    public async Task A_factory_that_refuses_the_store_answers_every_caller_and_stores_nothing()
    {
        var level = new FakeDistributedLevel();
        await using CacheManager cache = Create(level, new FakeBackplane());
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0;

        Task<string>[] callers = [.. Enumerable.Range(0, 5).Select(_ => cache.GetOrCreateAsync("k", 0, async (_, context, _) =>
        {
            Interlocked.Increment(ref calls);
            context.DoNotStore();
            return await release.Task;
        }).AsTask())];
        release.SetResult("filtered");

        Assert.All(await Task.WhenAll(callers), answer => Assert.Equal("filtered", answer));
        Assert.Equal(1, calls);
        Assert.False(level.Contains("k"));
        Assert.Equal(0, cache.GetStats().Entries);
        Assert.Equal(0, cache.GetStats().StaleServed);
    }
}

using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Tests.Redis;

/// <summary>
/// Instances of a fleet on a real RESP server (redis-server or Garnet): concurrent misses cost one GET, and instances
/// created together share from the first answer.
/// </summary>
[Collection(RedisTestGroup.Name)]
public sealed partial class FleetRedisTests : IAsyncLifetime
{
    private RespServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RespServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private async Task<long> GetCallsAsync()
    {
        Match calls = GetCalls().Match(await _redis.CommandAsync("INFO", "commandstats"));
        return calls.Success ? long.Parse(calls.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [Fact]
    public async Task Twenty_concurrent_misses_on_a_new_key_cost_one_get_and_one_provider_call()
    {
        await using CacheManager cache = await RedisManagers.CreateServingAsync(_redis.Endpoint);
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0;
        long before = await GetCallsAsync();

        Task<string>[] callers = [.. Enumerable.Range(0, 20).Select(_ => cache.GetOrCreateAsync("chat:m:new", async _ =>
        {
            Interlocked.Increment(ref calls);
            return await release.Task;
        }).AsTask())];
        await RespServer.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref calls) == 1), TimeSpan.FromSeconds(10), "the provider call");
        release.SetResult("answer");
        await Task.WhenAll(callers);

        Assert.Equal(1, calls);
        Assert.Equal(1, await GetCallsAsync() - before);
        Assert.All(callers, caller => Assert.Equal("answer", caller.Result));
    }

    [Fact]
    public async Task Two_instances_created_together_share_from_the_first_answer()
    {
        CacheManager[] managers = await Task.WhenAll(
            CacheManager.CreateAsync(RedisManagers.Config(_redis.Endpoint)),
            CacheManager.CreateAsync(RedisManagers.Config(_redis.Endpoint)));
        await using CacheManager a = managers[0];
        await using CacheManager b = managers[1];
        int calls = 0;
        ValueTask<string> Provider(CancellationToken _) => new($"call {Interlocked.Increment(ref calls)}");

        Assert.Equal((CacheReadinessStatus.Ready, CacheReadinessStatus.Ready), (a.Readiness.Status, b.Readiness.Status));
        Assert.Equal("call 1", await a.GetOrCreateAsync("chat:m:first", Provider));
        Assert.Equal("call 1", await b.GetOrCreateAsync("chat:m:first", Provider));
        Assert.Equal("call 1", await b.GetOrCreateAsync("chat:m:first", Provider));

        Assert.Equal(1, calls);
        Assert.Equal((1, 1), (b.GetStats().L2Hits, b.GetStats().L1Hits));
        Assert.Equal((0, 0), (a.GetStats().FallbackEntriesDiscarded, b.GetStats().FallbackEntriesDiscarded));
    }

    [GeneratedRegex(@"cmdstat_get:calls=(\d+)")]
    private static partial Regex GetCalls();
}

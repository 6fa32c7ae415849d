using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Caching.Tests.Manager;

namespace Caching.Tests.Telemetry;

/// <summary>
/// The cache's spans, seen by an in-process ActivityListener: a miss is a get with its provider call and its set under
/// it, a hit is a get tagged with its level, each with kind, model and tenant, and never the key's digest or scope.
/// </summary>
public sealed class TracingTests : IDisposable
{
    private const string Digest = "3f1c2a9d8e7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a";
    private static readonly ActivitySource TestSource = new("Caching.Tests.Tracing");
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is CacheTelemetry.ActivitySourceName or "Caching.Tests.Tracing",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>The cache's spans of one test's trace (other tests run beside it and trace too).</summary>
    private List<Activity> SpansOf(Activity root) =>
        _stopped.Where(a => a.TraceId == root.TraceId && a.Source.Name == CacheTelemetry.ActivitySourceName).ToList();

    private static object? Tag(Activity activity, string name) => activity.GetTagItem(name);

    [Fact]
    public async Task A_miss_traces_a_get_with_its_provider_call_and_set_and_a_hit_traces_a_memory_get()
    {
        await using CacheManager cache = Managers.Create();
        string key = CacheKeyBuilder.ChatCompletionKey("gpt-4o", Digest);
        using Activity root = TestSource.StartActivity("request")!;
        using (CacheCallContext.Begin(new CacheDirectives(), tenant: "acme"))
        {
            await cache.GetOrCreateAsync(key, _ => ValueTask.FromResult("answer"));
            await cache.GetOrCreateAsync(key, _ => ValueTask.FromResult("answer"));
        }

        List<Activity> spans = SpansOf(root);
        Activity[] gets = spans.Where(a => a.OperationName == "cache.get").OrderBy(a => a.StartTimeUtc).ToArray();
        Assert.Equal(2, gets.Length);
        Activity miss = gets[0];
        Activity hit = gets[1];
        Activity call = Assert.Single(spans, a => a.OperationName == "cache.provider_call");
        Activity set = Assert.Single(spans, a => a.OperationName == "cache.set");

        Assert.Equal((false, "miss"), ((bool)Tag(miss, "cache.hit")!, (string)Tag(miss, "cache.outcome")!));
        Assert.Equal((true, "memory"), ((bool)Tag(hit, "cache.hit")!, (string)Tag(hit, "cache.level")!));
        Assert.Equal(miss.SpanId, call.ParentSpanId);
        Assert.Equal(miss.SpanId, set.ParentSpanId);
        Assert.Equal(ActivityKind.Client, call.Kind);
        Assert.Equal("memory", Tag(set, "cache.level"));
        foreach (Activity span in spans)
        {
            Assert.Equal("chat", Tag(span, "cache.kind"));
            Assert.Equal("gpt-4o", Tag(span, "gen_ai.request.model"));
            Assert.Equal("acme", Tag(span, "cache.tenant"));
            Assert.DoesNotContain(span.TagObjects, tag => tag.Value is string text && text.Contains(Digest[..16], StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_scoped_key_tags_its_model_unescaped_and_never_its_scope()
    {
        await using CacheManager cache = Managers.Create();
        string key = CacheKeyBuilder.ScopedKey("tenant:secret-team", CacheKeyBuilder.ChatCompletionKey("ft:gpt-4o:org", Digest));
        using Activity root = TestSource.StartActivity("request")!;

        await cache.GetOrCreateAsync(key, _ => ValueTask.FromResult("answer"));

        Activity get = Assert.Single(SpansOf(root), a => a.OperationName == "cache.get");
        Assert.Equal("ft:gpt-4o:org", Tag(get, "gen_ai.request.model"));
        Assert.Null(Tag(get, "cache.tenant"));
        Assert.DoesNotContain(get.TagObjects, tag => tag.Value is string text && text.Contains("secret-team", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_provider_marks_its_call_and_its_get_as_errors()
    {
        await using CacheManager cache = Managers.Create();
        using Activity root = TestSource.StartActivity("request")!;

        await Assert.ThrowsAsync<TimeoutException>(async () =>
            await cache.GetOrCreateAsync<string>(CacheKeyBuilder.ChatCompletionKey("gpt-4o", Digest), _ => throw new TimeoutException("upstream")));

        List<Activity> spans = SpansOf(root);
        Assert.Equal(ActivityStatusCode.Error, Assert.Single(spans, a => a.OperationName == "cache.provider_call").Status);
        Assert.Equal(ActivityStatusCode.Error, Assert.Single(spans, a => a.OperationName == "cache.get").Status);
        Assert.Equal(typeof(TimeoutException).FullName, Assert.Single(spans, a => a.OperationName == "cache.get").GetTagItem("error.type"));
    }

    [Fact]
    public async Task An_invalidation_traces_how_many_entries_it_removed()
    {
        await using CacheManager cache = Managers.Create();
        await cache.SetAsync(CacheKeyBuilder.ChatCompletionKey("gpt-4o", Digest), "answer");
        using Activity root = TestSource.StartActivity("request")!;

        await cache.InvalidateAsync("chat:*");

        Activity invalidate = Assert.Single(SpansOf(root), a => a.OperationName == "cache.invalidate");
        Assert.Equal(1L, invalidate.GetTagItem("cache.removed"));
    }
}

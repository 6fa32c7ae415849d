using System;
using System.Collections.Generic;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Caching.Generators.Tests.Behaviour.Wire;

namespace Caching.Generators.Tests.Behaviour;

/// <summary>The generated key covers exactly what the request puts on the wire: distinct requests never share a key, equal ones always do.</summary>
public sealed class WireContractBehaviourTests : IAsyncLifetime
{
    private readonly CountingWireProvider _provider = new();
    private CacheManager _cache = null!;
    private CachedWireProvider _cached = null!;

    public Task InitializeAsync()
    {
        _cache = CacheManager.Create(new CacheConfig());
        _cached = new CachedWireProvider(_provider, _cache);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cache.DisposeAsync();

    private static WireRequest Request() => new WireRequest
    {
        Model = "gpt-4o",
        Parts = [new TextPart("Hello"), new PausePart()],
        Extra = new Dictionary<string, object?> { ["user_tag"] = "a", ["n"] = 2, ["nested"] = new Dictionary<string, object?> { ["x"] = true } },
        Schema = JsonNode.Parse("""{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"integer"}}}"""),
        Format = JsonDocument.Parse("""{"type":"json_schema"}""").RootElement,
        Blob = BinaryData.FromString("""{"name":"schema-one"}"""),
        Ids = new[] { 1, 2, 3 },
        Big = BigInteger.Pow(2, 100),
        Scale = (Half)1.5,
        Day = new DateOnly(2026, 11, 28),
        Link = new Uri("files/a.txt", UriKind.Relative),
        Raw = new object(),
        Hidden = "hidden-1",
    }.WithSeed(7);

    private static string Key(WireRequest request) => CachedWireProvider.CompleteAsyncKey(request)!;

    public static TheoryData<string, Func<WireRequest, WireRequest>> WireChanges => new()
    {
        { "discriminator only (same members, other derived type)", r => r with { Parts = [new RefusalPart("Hello"), new PausePart()] } },
        { "an empty part of one type for an empty part of another", r => r with { Parts = [new TextPart("Hello"), new BreakPart()] } },
        { "part text", r => r with { Parts = [new TextPart("Hullo"), new PausePart()] } },
        { "extension data value", r => r with { Extra = new Dictionary<string, object?> { ["user_tag"] = "b", ["n"] = 2, ["nested"] = new Dictionary<string, object?> { ["x"] = true } } } },
        { "nested extension data", r => r with { Extra = new Dictionary<string, object?> { ["user_tag"] = "a", ["n"] = 2, ["nested"] = new Dictionary<string, object?> { ["x"] = false } } } },
        { "json schema property order", r => r with { Schema = JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"}}}""") } },
        { "json element", r => r with { Format = JsonDocument.Parse("""{"type":"json_object"}""").RootElement } },
        { "binary data of the same length", r => r with { Blob = BinaryData.FromString("""{"name":"schema-two"}""") } },
        { "read-only memory element", r => r with { Ids = new[] { 1, 2, 4 } } },
        { "array segment bytes", r => r with { Window = new ArraySegment<byte>([1, 2, 3], 1, 2) } },
        { "big integer", r => r with { Big = BigInteger.Pow(2, 100) + 1 } },
        { "half", r => r with { Scale = (Half)1.25 } },
        { "date only", r => r with { Day = new DateOnly(2026, 11, 29) } },
        { "relative uri", r => r with { Link = new Uri("files/b.txt", UriKind.Relative) } },
        { "non-public [JsonInclude] property", r => r with { Hidden = "hidden-2" } },
        { "non-public [JsonInclude] field", r => r.WithSeed(8) },
        { "model on the base record", r => r with { Model = "gpt-4o-mini" } },
    };

    [Theory]
    [MemberData(nameof(WireChanges))]
    public void A_change_on_the_wire_changes_the_key(string change, Func<WireRequest, WireRequest> mutate)
    {
        Assert.NotEqual(Key(Request()), Key(mutate(Request())));
        Assert.False(string.IsNullOrEmpty(change));
    }

    [Fact]
    public void Equal_requests_share_a_key_whatever_is_not_on_the_wire()
    {
        WireRequest other = Request() with
        {
            Raw = "a [JsonIgnore] member is not on the wire",
            Extra = new Dictionary<string, object?> { ["nested"] = new Dictionary<string, object?> { ["x"] = true }, ["n"] = 2L, ["user_tag"] = "a" },
            Format = JsonDocument.Parse(" { \"type\" :\n \"json_schema\" } ").RootElement,
        };

        Assert.Equal(Key(Request()), Key(other));
    }

    [Fact]
    public async Task An_undeclared_derived_type_is_not_cached_and_is_counted()
    {
        WireRequest request = Request() with { Parts = [new UndeclaredPart("Hello")] };

        Assert.Null(CachedWireProvider.CompleteAsyncKey(request));
        await _cached.CompleteAsync(request);
        await _cached.CompleteAsync(request);

        Assert.Equal(2, _provider.Calls);
        Assert.Equal(2, _cache.GetStats().Uncacheable);
        Assert.Equal(0, _cache.GetStats().Sets);
    }

    [Fact]
    public async Task An_object_value_of_an_unknown_type_is_not_cached_and_is_counted()
    {
        WireRequest request = Request() with { Extra = new Dictionary<string, object?> { ["handle"] = new object() } };

        await _cached.CompleteAsync(request);
        await _cached.CompleteAsync(request);

        Assert.Equal(2, _provider.Calls);
        Assert.Equal(2, _cache.GetStats().Uncacheable);
    }

    [Fact]
    public async Task A_request_on_the_wire_contract_hits_on_repeat()
    {
        string first = await _cached.CompleteAsync(Request());
        string second = await _cached.CompleteAsync(Request());

        Assert.Equal(first, second);
        Assert.Equal(1, _provider.Calls);
        Assert.Equal(0, _cache.GetStats().Uncacheable);
    }

    [Fact]
    public void A_default_array_segment_is_keyed_as_empty_rather_than_throwing()
    {
        Assert.Equal(Key(Request() with { Window = default }), Key(Request() with { Window = new ArraySegment<byte>([]) }));
    }

    [Fact]
    public void Overloads_never_share_a_key()
    {
        Assert.NotEqual(CachedWireProvider.AskAsyncKey_string_int("m", 1), CachedWireProvider.AskAsyncKey_string_long("m", 1L));
        Assert.NotEqual(CachedWireProvider.ProbeAsyncKey_string("m"), CachedWireProvider.ProbeAsyncKey_string_CancellationToken("m"));
    }

    [Fact]
    public async Task Overloads_that_differ_only_by_cancellation_token_compile_and_cache_apart()
    {
        await _cached.ProbeAsync("m");
        await _cached.ProbeAsync("m", CancellationToken.None);
        await _cached.ProbeAsync("m");

        Assert.Equal(2, _provider.Calls);
    }

    [Fact]
    public void Interfaces_IChat_and_Chat_in_one_namespace_get_distinct_decorators()
    {
        Assert.NotEqual(typeof(CachedIChat), typeof(CachedChat));
        Assert.True(typeof(IChat).IsAssignableFrom(typeof(CachedIChat)));
        Assert.True(typeof(Chat).IsAssignableFrom(typeof(CachedChat)));
    }

    [Fact]
    public void A_lone_surrogate_in_any_string_is_keyed_without_throwing()
    {
        WireRequest high = Request() with { Parts = [new TextPart("a\ud800")], Format = JsonDocument.Parse("\"\\udc00\"").RootElement };
        WireRequest low = Request() with { Parts = [new TextPart("a\udc00")], Format = JsonDocument.Parse("\"\\udc00\"").RootElement };

        Assert.NotEqual(Key(high), Key(low));
        Assert.Equal(Key(high), Key(high with { }));
    }
}

using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Contracts;
using Gateway.Providers;

namespace Caching.Gateway.Tests;

/// <summary>
/// What a cached answer costs in allocations through the generated decorator, with the gateway's own contracts: the key
/// string and the completed task the interface returns, nothing per message, per JSON value or per dictionary entry.
/// </summary>
public sealed class HitAllocationTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed class CannedProvider : ILlmProvider
    {
        public Task<ChatCompletionResponse> CompleteAsync(ChatCompletionRequest request, string? scope = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatCompletionResponse { Id = "canned", Model = request.Model ?? "" });

        public System.Collections.Generic.IAsyncEnumerable<ChatCompletionChunk> CompleteStreamingAsync(ChatCompletionRequest request, string? scope = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ChatCompletionResponse> CompleteQuestionAsync(ChatCompletionRequest conversation, string question, string? scope = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public System.Collections.Generic.IAsyncEnumerable<ChatCompletionChunk> CompleteQuestionStreamingAsync(ChatCompletionRequest conversation, string question, string? scope = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, string? scope = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ImageResponse> GenerateImageAsync(ImageRequest request, string? scope = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private static async Task<long> BytesPerHitAsync(string json)
    {
        ChatCompletionRequest request = JsonSerializer.Deserialize<ChatCompletionRequest>(json, Json)!;
        await using CacheManager cache = CacheManager.Create(new CacheConfig());
        var cached = new CachedLlmProvider(new CannedProvider(), cache);
        await cached.CompleteAsync(request);
        for (int i = 0; i < 1000; i++)
        {
            await cached.CompleteAsync(request); // warm every path the hit takes
        }

        // Averaged over 10,000 hits so that a one-off allocation of the runtime (about 1 KB, seen once in CI over 1,000
        // hits) cannot read as a byte per hit.
        const int Hits = 10_000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Hits; i++)
        {
            _ = cached.CompleteAsync(request).Result;
        }

        long perHit = (GC.GetAllocatedBytesForCurrentThread() - before) / Hits;
        Assert.Equal(1000 + Hits, cache.GetStats().Hits);
        Assert.Equal(1, cache.GetStats().Misses);
        return perHit;
    }

    // The key "chat:gpt-4o:{64 hex}" is a 76-character string (176 B); a Task-returning interface adds the completed task.
    private const long KeyString = 176;
    private const long CompletedTask = 72;

    [Fact]
    public async Task A_hit_on_the_reference_request_allocates_the_key_string_and_the_task_only()
    {
        long perHit = await BytesPerHitAsync(File.ReadAllText(NearMissCorpusTests.WorkloadPath("chat-request.json")));

        Assert.InRange(perHit, 0, KeyString + CompletedTask);
    }

    [Fact]
    public async Task A_hit_on_a_request_with_json_fields_allocates_nothing_per_json_value()
    {
        JsonObject request = JsonNode.Parse(File.ReadAllText(NearMissCorpusTests.WorkloadPath("chat-request.json")))!.AsObject();
        request["response_format"] = JsonNode.Parse("""{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"integer"}}}}}""");
        request["tools"] = JsonNode.Parse("""[{"type":"function","function":{"name":"lookup","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}]""");
        request["stop"] = new JsonArray("\n", "END");

        long perHit = await BytesPerHitAsync(request.ToJsonString());

        Assert.InRange(perHit, 0, KeyString + CompletedTask);
    }

    [Fact]
    public async Task A_hit_on_a_request_with_a_dictionary_allocates_only_its_sorted_entries()
    {
        JsonObject request = JsonNode.Parse(File.ReadAllText(NearMissCorpusTests.WorkloadPath("chat-request.json")))!.AsObject();
        request["logit_bias"] = new JsonObject { ["50256"] = -100, ["1000"] = 5, ["42"] = 1 };

        long perHit = await BytesPerHitAsync(request.ToJsonString());

        // Dictionaries are keyed in sorted key order: one array of the three entries (16 B each) and its 24 B header.
        Assert.InRange(perHit, 0, KeyString + CompletedTask + 24 + (3 * 16));
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Caching.Extensions.AI.Tests;

/// <summary>
/// What a cached chat answer costs in allocations through <c>UseCaching()</c>: the key, the options' key record, the
/// completed task and the hand-made copy of the response; nothing per message of the conversation, and no JSON.
/// </summary>
public sealed class HitAllocationTests
{
    [Fact]
    public async Task A_hit_on_an_eleven_message_conversation_allocates_at_most_one_kilobyte()
    {
        List<ChatMessage> conversation =
        [
            new(ChatRole.System, "You are a careful assistant. " + new string('s', 600)),
            .. Enumerable.Range(0, 10).Select(i => new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, $"turn {i}: " + new string('t', 280))),
        ];
        var options = new ChatOptions { ModelId = "gpt-4o", Temperature = 0.2f, MaxOutputTokens = 512 };
        await using CacheManager cache = CacheManager.Create(new CacheConfig { MaxSize = 100 });
        using var inner = new CountingChatClient();
        using IChatClient client = inner.AsBuilder().UseCaching(cache).Build();
        for (int i = 0; i < 1_000; i++)
        {
            await client.GetResponseAsync(conversation, options); // the miss, then warm every path a hit takes
        }

        long perHit = BytesPerHit(client, conversation, options);

        Assert.Equal(1, inner.Calls);
        Assert.InRange(perHit, 0, 1024);
    }

    /// <summary>
    /// Averaged over 10,000 hits so that a one-off allocation of the runtime cannot read as a byte per hit. A hit completes
    /// synchronously, so every byte it allocates is on this thread.
    /// </summary>
    private static long BytesPerHit(IChatClient client, List<ChatMessage> conversation, ChatOptions options)
    {
        const int Hits = 10_000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Hits; i++)
        {
            Task<ChatResponse> hit = client.GetResponseAsync(conversation, options);
            Assert.True(hit.IsCompletedSuccessfully);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Hits;
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using ZiggyCreatures.Caching.Fusion;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatResponse = Microsoft.Extensions.AI.ChatResponse;

namespace Caching.Benchmarks;

/// <summary>The decorators a user would write by hand around the alternatives: JSON-serialize the request, SHA-256 it, ask the cache.</summary>
public static class Contenders
{
    public static string JsonKey(ChatRequest request) =>
        "chat:" + request.Model + ":" + Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));

    public static HybridCache CreateHybridCache(IDistributedCache? l2 = null)
    {
        var services = new ServiceCollection();
        if (l2 is not null)
        {
            services.AddSingleton(l2);
        }

        services.AddHybridCache();
        return services.BuildServiceProvider().GetRequiredService<HybridCache>();
    }

    public static FusionCache CreateFusionCache() => new(new FusionCacheOptions());

    public static ValueTask<ChatResponse> HybridAsync(HybridCache cache, IChatProvider provider, ChatRequest request, HybridCacheEntryOptions? options = null) =>
        cache.GetOrCreateAsync(JsonKey(request), (provider, request), static (state, token) => state.provider.CompleteAsync(state.request, token), options);

    public static ValueTask<ChatResponse> FusionAsync(FusionCache cache, IChatProvider provider, ChatRequest request) =>
        cache.GetOrSetAsync<ChatResponse>(JsonKey(request), (context, token) => provider.CompleteAsync(request, token).AsTask());

    /// <summary>Microsoft.Extensions.AI's caching client over a distributed cache, with an inner client that answers the workload.</summary>
    public static (IChatClient Client, List<AiChatMessage> Messages, ChatOptions Options) CreateMeaiClient(IDistributedCache cache, ChatRequest request, ChatResponse response, TimeSpan delay = default)
    {
        var inner = new WorkloadChatClient(response.Choices[0].Message.Content, delay);
        IChatClient client = new DistributedCachingChatClient(inner, cache);
        List<AiChatMessage> messages = request.Messages.Select(m => new AiChatMessage(new ChatRole(m.Role), m.Content)).ToList();
        var options = new ChatOptions { ModelId = request.Model, Temperature = (float?)request.Temperature, MaxOutputTokens = request.MaxTokens };
        return (client, messages, options);
    }

    public sealed class WorkloadChatClient(string answer, TimeSpan delay) : IChatClient
    {
        private int _calls;

        public int Calls => _calls;

        public async Task<AiChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }

            return new AiChatResponse(new AiChatMessage(ChatRole.Assistant, answer)) { ModelId = options?.ModelId };
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The benchmarks do not stream.");

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }

    /// <summary>The floor: the least any cache can do for a hit on the request's bytes.</summary>
    public static ChatResponse? Floor(ConcurrentDictionary<string, ChatResponse> cache, byte[] requestBytes)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(requestBytes, hash);
        cache.TryGetValue(Convert.ToHexStringLower(hash), out ChatResponse? value);
        return value;
    }
}

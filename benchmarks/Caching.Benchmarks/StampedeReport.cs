using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Caching.Benchmarks;

/// <summary>4. Stampede: 1000 concurrent identical misses; how many provider calls each library makes.</summary>
public static class StampedeReport
{
    private const int Callers = 1000;
    private static readonly TimeSpan ProviderLatency = TimeSpan.FromMilliseconds(100);

    public static async Task<string> RunAsync()
    {
        ChatRequest request = Workload.ChatRequest;
        ChatResponse response = Workload.ChatResponse;
        var rows = new List<(string Library, int Calls)>();

        {
            var provider = new WorkloadProvider(response, ProviderLatency);
            await using CacheManager manager = await CacheManager.CreateAsync(new CacheConfig());
            var cached = new CachedChatProvider(provider, manager);
            await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(() => cached.CompleteAsync(request).AsTask())));
            rows.Add(("ours: generated decorator + CacheManager", provider.Calls));
        }

        {
            var provider = new WorkloadProvider(response, ProviderLatency);
            var hybrid = Contenders.CreateHybridCache();
            await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(() => Contenders.HybridAsync(hybrid, provider, request).AsTask())));
            rows.Add(("HybridCache", provider.Calls));
        }

        {
            var provider = new WorkloadProvider(response, ProviderLatency);
            using var fusion = Contenders.CreateFusionCache();
            await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(() => Contenders.FusionAsync(fusion, provider, request).AsTask())));
            rows.Add(("FusionCache", provider.Calls));
        }

        {
            (var client, var messages, var options) = Contenders.CreateMeaiClient(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())), request, response, ProviderLatency);
            await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(() => client.GetResponseAsync(messages, options))));
            rows.Add(("MEAI DistributedCachingChatClient", ((Contenders.WorkloadChatClient)client.GetService(typeof(Contenders.WorkloadChatClient))!)?.Calls ?? -1));
        }

        {
            var provider = new WorkloadProvider(response, ProviderLatency);
            using var memory = new MemoryCache(new MemoryCacheOptions());
            await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(() => memory.GetOrCreateAsync(Contenders.JsonKey(request), _ => provider.CompleteAsync(request).AsTask()))));
            rows.Add(("IMemoryCache.GetOrCreateAsync", provider.Calls));
        }

        string table = "| library | provider calls for 1000 concurrent identical misses |\n| --- | ---: |\n"
            + string.Concat(rows.Select(r => $"| {r.Library} | {r.Calls} |\n"));
        return table;
    }
}

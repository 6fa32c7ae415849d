using System.IO;
using System.Threading.Tasks;
using Caching;

namespace Caching.Readme.Tests.Snippets;

public static class RuntimeSnippets
{
    public static async Task UseTheManagerAsync(ILlmProvider provider, ChatCompletionRequest request, string prompt, string adminKey)
    {
        #region readme:runtime
        await using CacheManager cache = await CacheManager.CreateAsync(CacheConfig.FromToml(File.ReadAllText("gateway.toml")));

        string key = CacheKeyBuilder.ChatCompletionKey("gpt-4o", CacheKeyBuilder.HashContent(prompt));
        ChatCompletionResponse answer = await cache.GetOrCreateAsync(key, async ct => await provider.CompleteAsync(request, ct));

        await cache.InvalidateAsync("chat:" + CacheKeyBuilder.EscapePattern("gpt-4o") + ":*"); // one model
        await cache.ClearAsync(adminKey);                                                       // everything; admins only
        CacheStats stats = cache.GetStats();                                                    // hits, misses, memory, latency
        #endregion
        _ = (answer, stats);
    }
}

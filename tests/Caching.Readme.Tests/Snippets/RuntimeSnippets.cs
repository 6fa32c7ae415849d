using System;
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

    public static async Task<ChatCompletionResponse> WithOptionsAsync(ICacheManager cache, string key, ILlmProvider provider, ChatCompletionRequest request)
    {
        #region readme:runtime-options
        var options = new CacheEntryOptions
        {
            Ttl = TimeSpan.FromMinutes(10),          // fresh: served as a hit
            StaleIfError = TimeSpan.FromDays(1),     // then kept stale, served only if the provider fails
            SoftTimeout = TimeSpan.FromSeconds(2),   // with a stale answer: serve it after 2 s, refresh in the background
        };
        ChatCompletionResponse answer = await cache.GetOrCreateAsync(key, (provider, request), static async (state, context, ct) =>
        {
            ChatCompletionResponse response = await state.provider.CompleteAsync(state.request, ct);
            if (response.Content.Length == 0)
            {
                context.DoNotStore();                // returned to every waiting caller, never cached
            }

            return response;
        }, options);
        #endregion
        return answer;
    }
}
